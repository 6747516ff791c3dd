import { type GoArg, goSprintf } from './go-printf.js';
import type { HostBuiltin } from './index.js';
import { asString, operands, parseInt64 } from './operands.js';
import { regoString } from './rego-string.js';
import type { RegoValue } from './rego-value.js';

/** OPA's sprintf (builtinSprintf in v1/topdown/strings.go): Go's fmt.Sprintf over the converted operands. */
export const sprintf: HostBuiltin = (args) => {
  const [format, list] = operands(args);
  const text = asString(format);
  if (text === undefined || list?.kind !== 'array') return undefined;
  return goSprintf(text, list.items.map(toGoArg));
};

// A number becomes a Go int (%T `int` in OPA v1.17.1) if ParseInt takes its text, else *big.Int if
// SetString(text, 10) does, else float64 if ParseFloat does, else its text; a string stays a string;
// anything else becomes its ast String() form.
/** builtinSprintf's conversion of one argument to the Go value fmt.Sprintf sees. */
export function toGoArg(v: RegoValue): GoArg {
  if (v.kind === 'string') return { type: 'string', value: v.value };
  if (v.kind !== 'number') return { type: 'string', value: regoString(v) };
  const int = parseInt64(v.text);
  if (int !== undefined) return { type: 'int', value: int };
  if (/^[+-]?\d+$/.test(v.text)) return { type: '*big.Int', value: BigInt(v.text) };
  const float = Number(v.text);
  return Number.isFinite(float) ? { type: 'float64', value: float } : { type: 'string', value: v.text };
}
