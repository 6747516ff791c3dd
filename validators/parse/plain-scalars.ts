// Plain-scalar resolution for the js-yaml fast path, copied from the `yaml` package the slow path uses, so both
// read a value alike: its `yaml-1.1` schema (github.com/eemeli/yaml src/schema/yaml-1.1/) and `core` schema
// (src/schema/core/), tags tried in the package's order, first match wins, else a string.

/** What a plain scalar means; `undefined` when it is a string. */
export type ResolvePlain = (source: string) => { value: unknown } | undefined;

interface Tag {
  test: RegExp;
  resolve: (source: string) => unknown;
}

const nullTag: Tag = { test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null };

function floatNaN(source: string): number {
  if (source.slice(-3).toLowerCase() === 'nan') return Number.NaN;
  return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

function int11(source: string, offset: number, radix: number): number {
  const sign = source[0];
  const from = sign === '-' || sign === '+' ? offset + 1 : offset;
  const n = Number.parseInt(source.substring(from).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

function sexagesimal(source: string): number {
  const sign = source[0];
  const parts = sign === '-' || sign === '+' ? source.substring(1) : source;
  const n = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((res, p) => res * 60 + Number(p), 0);
  return sign === '-' ? -1 * n : n;
}

const timestampTest =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/;

function timestamp(source: string): Date {
  const match = source.match(timestampTest) as RegExpMatchArray;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const millisec = match[7] ? Number(`${match[7]}00`.substr(1, 3)) : 0;
  let date = Date.UTC(
    year as number,
    (month as number) - 1,
    day as number,
    hour || 0,
    minute || 0,
    second || 0,
    millisec,
  );
  const tz = match[8];
  if (tz && tz !== 'Z') {
    let d = sexagesimal(tz);
    if (Math.abs(d) < 30) d *= 60;
    date -= 60000 * d;
  }
  return new Date(date);
}

const yaml11: Tag[] = [
  nullTag,
  { test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, resolve: () => true },
  { test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, resolve: () => false },
  { test: /^[-+]?0b[0-1_]+$/, resolve: (s) => int11(s, 2, 2) },
  { test: /^[-+]?0[0-7_]+$/, resolve: (s) => int11(s, 1, 8) },
  { test: /^[-+]?[0-9][0-9_]*$/, resolve: (s) => int11(s, 0, 10) },
  { test: /^[-+]?0x[0-9a-fA-F_]+$/, resolve: (s) => int11(s, 2, 16) },
  { test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, resolve: floatNaN },
  {
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (s) => Number.parseFloat(s.replace(/_/g, '')),
  },
  { test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, resolve: (s) => Number.parseFloat(s.replace(/_/g, '')) },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, resolve: sexagesimal },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, resolve: sexagesimal },
  { test: timestampTest, resolve: timestamp },
];

const core: Tag[] = [
  nullTag,
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (s) => s[0] === 't' || s[0] === 'T' },
  { test: /^0o[0-7]+$/, resolve: (s) => Number.parseInt(s.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/, resolve: (s) => Number.parseInt(s, 10) },
  { test: /^0x[0-9a-fA-F]+$/, resolve: (s) => Number.parseInt(s.substring(2), 16) },
  { test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, resolve: floatNaN },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (s) => Number.parseFloat(s) },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (s) => Number.parseFloat(s) },
];

/**
 * Whether a plain scalar can only be a string: it starts with a letter no tag's pattern starts with.
 * Most Kubernetes values (names, images, kinds) are decided by this one look.
 */
function surelyString(source: string): boolean {
  const c = source.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  // e/E: YAML 1.1 floats such as `e5`. Other letters start only words of five letters at most (`false`).
  if (c === 101 || c === 69) return false;
  return source.length > 5 || !/[nNtTfFyYoO]/.test(source[0] as string);
}

function resolver(tags: Tag[]): ResolvePlain {
  return (source) => {
    if (source.length > 0 && surelyString(source)) return undefined;
    for (const tag of tags) if (tag.test.test(source)) return { value: tag.resolve(source) };
    return undefined;
  };
}

/** YAML 1.1 as sigs.k8s.io/yaml reads manifests, and YAML 1.2 core for gator Suites. */
export const resolvePlain: Record<'1.1' | '1.2', ResolvePlain> = {
  '1.1': resolver(yaml11),
  '1.2': resolver(core),
};
