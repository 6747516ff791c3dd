// YAML builtins the wasm leaves to the host (yaml.* in v1/topdown/encoding.go).
import { toGoJson } from './go-json.js';
import type { HostBuiltin } from './index.js';
import { asString, operands } from './operands.js';
import { decodeYaml } from './yaml-decode.js';
import { encodeYaml, YamlMarshalError } from './yaml-encode.js';

/** yaml.is_valid: whether yaml.unmarshal would succeed; false for a non-string. */
export const yamlIsValid: HostBuiltin = (args) => {
  const text = asString(operands(args)[0]);
  return text !== undefined && decodeYaml(text) !== undefined;
};

/** yaml.unmarshal: the first document as a value (YAML 1.2 scalars with go-yaml v3's octal and key rules). */
export const yamlUnmarshal: HostBuiltin = (args) => {
  const text = asString(operands(args)[0]);
  return text === undefined ? undefined : decodeYaml(text)?.value;
};

/** yaml.marshal: go-yaml v3 text of any value, keys sorted as go-yaml sorts them. */
export const yamlMarshal: HostBuiltin = (args) => {
  const [v] = operands(args);
  if (v === undefined) return undefined;
  try {
    return encodeYaml(toGoJson(v));
  } catch (err) {
    if (err instanceof YamlMarshalError) return undefined;
    throw err;
  }
};
