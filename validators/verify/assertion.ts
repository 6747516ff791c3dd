import { RE2JS } from 're2js';
import type { Assertion } from './suite.js';

/** Go's `%v` of a []string, as gator prints the messages it got. */
const goList = (xs: string[]): string => `[${xs.join(' ')}]`;

/** Go's `%q` of a string (strconv.Quote for the ASCII cases assertions use). */
const goQuote = (s: string): string => JSON.stringify(s);

/**
 * Checks one assertion against a case's result messages as gator does (`pkg/gator/verify/assertion.go`):
 * `message` is a Go RE2 pattern matched unanchored and filters which results count; `violations` is `yes` (default,
 * ≥1), `no` (0) or an exact count. Returns the failure text, or undefined when it holds.
 */
export function checkAssertion(a: Assertion, messages: string[]): string | undefined {
  let re: RE2JS | undefined;
  if (a.message !== undefined) {
    try {
      re = RE2JS.compile(a.message);
    } catch (err) {
      return `invalid regex: ${(err as Error).message}`;
    }
  }
  const matching = re ? messages.filter((m) => (re as RE2JS).matcher(m).find()).length : messages.length;
  const v = a.violations ?? 'yes';
  const containing = a.message !== undefined ? ` containing ${goQuote(a.message)}` : '';
  const got = `: got messages ${goList(messages)}`;
  const invalid = 'invalid yaml: assertion.violation, if set, must be a nonnegative integer, "yes", or "no"';
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return invalid;
    if (matching !== v)
      return `unexpected number of violations: got ${matching} violations${containing} but want exactly ${v}${got}`;
    return undefined;
  }
  if (v === 'yes') {
    if (matching === 0)
      return `unexpected number of violations: got 0 violations${containing} but want at least 1${got}`;
    return undefined;
  }
  if (v === 'no') {
    if (matching > 0)
      return `unexpected number of violations: got ${matching} violations${containing} but want none${got}`;
    return undefined;
  }
  return invalid;
}
