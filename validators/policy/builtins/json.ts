// json.marshal_with_options (v1/topdown/encoding.go), which the wasm leaves to the host.
import { marshalJson, toGoJson } from './go-json.js';
import type { HostBuiltin } from './index.js';
import { operands } from './operands.js';

/** json.marshal_with_options: options prefix, indent (strings) and pretty (boolean); any other key is an error. */
export const jsonMarshalWithOptions: HostBuiltin = (args) => {
  const [v, opts] = operands(args);
  if (v === undefined || opts?.kind !== 'object') return undefined;
  let prefix = '';
  let indent = '\t';
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  for (const [key, value] of opts.entries) {
    if (key.kind !== 'string') return undefined;
    if (key.value === 'prefix' || key.value === 'indent') {
      if (value.kind !== 'string') return undefined;
      if (key.value === 'prefix') prefix = value.value;
      else indent = value.value;
      implicitPretty = true;
    } else if (key.value === 'pretty') {
      if (value.kind !== 'boolean') return undefined;
      explicitPretty = value.value;
    } else return undefined;
  }
  const json = toGoJson(v);
  // MarshalIndent leaves the first line without the prefix; OPA adds it.
  return (explicitPretty ?? implicitPretty)
    ? prefix + marshalJson(json, { prefix, indent })
    : marshalJson(json);
};
