// semver.is_valid and semver.compare (v1/topdown/semver.go). OPA 1.22.2 accepts exactly SemVer 2.0.0
// with an optional leading "v" and int64 major/minor/patch: no leading zeros, no empty identifiers.
import type { HostBuiltin } from './index.js';
import { asString, operands } from './operands.js';

const NUMERIC = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUMERIC}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
  `^v?(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);
const INT64_MAX = 2n ** 63n - 1n;

interface Version {
  core: bigint[];
  pre: string[];
}

/** semver.is_valid: false for anything that is not a valid version string. */
export const semverIsValid: HostBuiltin = (args) => {
  const [v] = operands(args);
  const text = asString(v);
  return text !== undefined && parse(text) !== undefined;
};

/** semver.compare: -1, 0 or 1 by SemVer precedence (build metadata ignored); invalid input is an error. */
export const semverCompare: HostBuiltin = (args) => {
  const [a, b] = operands(args).map((v) => parse(asString(v) ?? ''));
  if (!a || !b) return undefined;
  return compareVersions(a, b);
};

function parse(text: string): Version | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  const core = [m[1], m[2], m[3]].map((n) => BigInt(n as string));
  if (core.some((n) => n > INT64_MAX)) return undefined;
  return { core, pre: m[4] === undefined ? [] : m[4].split('.') };
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const x = a.core[i] as bigint;
    const y = b.core[i] as bigint;
    if (x !== y) return x > y ? 1 : -1;
  }
  // A version without pre-release identifiers ranks above one with them.
  if (a.pre.length === 0 || b.pre.length === 0) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = compareIdentifiers(a.pre[i] as string, b.pre[i] as string);
    if (c !== 0) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

// Numeric identifiers compare by value and rank below alphanumeric ones, which compare as ASCII.
function compareIdentifiers(x: string, y: string): number {
  const xNum = /^\d+$/.test(x);
  const yNum = /^\d+$/.test(y);
  if (xNum && yNum) {
    const d = BigInt(x) - BigInt(y);
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  }
  if (xNum !== yNum) return xNum ? -1 : 1;
  return x === y ? 0 : x > y ? 1 : -1;
}
