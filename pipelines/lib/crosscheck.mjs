// The pure half of pipelines/crosscheck.mjs: reads `gator verify -v` / `tollgate verify -v` text and
// `gator test -o json` / `tollgate validate --format json` output, and lists where the two tools disagree.

/** Parses `--suites DIR... [--manifests DIR...]`; throws an Error with a usage line when they do not parse. */
export function parseArgs(args) {
  const usage = 'usage: node pipelines/crosscheck.mjs --suites DIR... [--manifests DIR...]';
  const lists = { suites: [], manifests: [] };
  let current;
  for (const arg of args) {
    if (arg === '--suites' || arg === '--manifests') {
      current = lists[arg.slice(2)];
    } else if (arg.startsWith('-') || current === undefined) {
      throw new Error(`unexpected argument ${JSON.stringify(arg)}\n${usage}`);
    } else {
      current.push(arg.replace(/\/+(\.\.\.)?$/, '') || '/');
    }
  }
  if (lists.suites.length === 0 && lists.manifests.length === 0)
    throw new Error(`nothing to check\n${usage}`);
  return lists;
}

// Line shapes of gatekeeper pkg/gator/verify/printer_go.go (v3.23.1). Cases are indented four spaces,
// their error text eight; a test's error text two; the suite line comes after its tests.
const lineShapes = [
  ['caseEnd', /^ {4}--- (PASS|FAIL): (.*)\t\([^)]*\)$/],
  ['caseSkip', /^ {4}=== SKIP {2}(.*)$/],
  ['caseRun', /^ {4}=== RUN {3}(.*)$/],
  ['testEnd', /^--- (PASS|FAIL): (.*)\t\([^)]*\)$/],
  ['testSkip', /^=== SKIP {2}(.*)$/],
  ['testRun', /^=== RUN {3}(.*)$/],
  ['suiteEnd', /^(ok|FAIL)\t(.*)\t\S+$/],
  ['summary', /^(PASS|FAIL)$/],
];

function classify(line) {
  for (const [shape, re] of lineShapes) {
    const m = re.exec(line);
    if (m) return { shape, m };
  }
  return { shape: 'text', m: [line] };
}

const passOrFail = (word) => (word === 'PASS' || word === 'ok' ? 'pass' : 'fail');

/**
 * Reads verify output (verbose or not) into suites → tests → cases, each `pass`, `fail` or `skip`, with the
 * error text of failures. `status` is the last PASS/FAIL line, or null when the run ended without one
 * (the tool could not list or run the suites).
 */
export function parseVerifyOutput(text) {
  const suites = [];
  const results = [];
  let tests = [];
  let cases = [];
  let errorOf; // the failed result whose error text the following unrecognised lines continue
  let indent = ''; // how deep gator indents the first line of that error text
  let status = null;
  const add = (list, result, errorIndent) => {
    list.push(result);
    results.push(result);
    errorOf = result.status === 'fail' ? result : undefined;
    indent = errorIndent;
  };
  for (const line of text.split('\n')) {
    const { shape, m } = classify(line);
    switch (shape) {
      case 'caseEnd':
        add(cases, { name: m[2], status: passOrFail(m[1]), error: '' }, ' '.repeat(8));
        break;
      case 'caseSkip':
        add(cases, { name: m[1], status: 'skip', error: '' }, '');
        break;
      case 'testEnd':
        add(tests, { name: m[2], status: passOrFail(m[1]), error: '', cases }, '  ');
        cases = [];
        break;
      case 'testSkip':
        add(tests, { name: m[1], status: 'skip', error: '', cases: [] }, '');
        cases = [];
        break;
      case 'suiteEnd':
        add(suites, { path: m[2].replace(/^\.\//, ''), status: passOrFail(m[1]), error: '', tests }, '  ');
        tests = [];
        break;
      case 'testRun':
        cases = [];
        errorOf = undefined;
        break;
      case 'summary':
        status = m[1];
        errorOf = undefined;
        break;
      case 'caseRun':
        errorOf = undefined;
        break;
      default:
        if (errorOf) {
          const stripped = line.startsWith(indent) ? line.slice(indent.length) : line;
          errorOf.error += errorOf.error === '' ? stripped : `\n${stripped}`;
          indent = ''; // gator indents only the first line of an error; the rest is the error's own text
        }
    }
  }
  for (const r of results) r.error = r.error.trimEnd();
  return { status, suites };
}

/** Flattens parsed verify output to `key → {status, error}`; repeated names get `#2`, `#3`… */
export function verifyOutcomes(parsed) {
  const outcomes = new Map();
  const put = (key, result) => {
    let unique = key;
    for (let n = 2; outcomes.has(unique); n++) unique = `${key}#${n}`;
    outcomes.set(unique, { status: result.status, error: result.error });
    return unique;
  };
  for (const suite of parsed.suites) {
    const suiteKey = put(suite.path, suite);
    for (const test of suite.tests) {
      const testKey = put(`${suiteKey} :: ${test.name}`, test);
      for (const c of test.cases) put(`${testKey} :: ${c.name}`, c);
    }
  }
  return outcomes;
}

/** Every suite, test and case whose result differs between the two runs, or that only one run has. */
export function compareVerify(gator, tollgate) {
  const g = verifyOutcomes(gator);
  const t = verifyOutcomes(tollgate);
  const disagreements = [];
  for (const key of [...new Set([...g.keys(), ...t.keys()])].sort()) {
    const a = g.get(key);
    const b = t.get(key);
    if (a?.status === b?.status) continue;
    disagreements.push({
      kind: 'verify',
      key,
      gator: a?.status ?? 'absent',
      tollgate: b?.status ?? 'absent',
      detail: (b?.status === 'fail' ? b.error : a?.error) || '',
    });
  }
  return disagreements;
}

// gator reports a scoped constraint as enforcementAction "scoped" plus the actions for its enforcement
// point (frameworks pkg/client/client.go Review); tollgate reports the action itself.
function gatorAction(result) {
  if (result.enforcementAction === 'scoped')
    return [...(result.scopedActions ?? [])].sort().join(',') || 'scoped';
  return result.enforcementAction ?? '';
}

/** The violations of `gator test -o json` (an array of results, or `null` when there are none). */
export function gatorTestViolations(jsonText) {
  const results = JSON.parse(jsonText) ?? [];
  if (!Array.isArray(results)) throw new Error('gator test output is not a JSON array');
  return results.map((r) => ({
    policy: r.constraint?.kind ?? '',
    constraint: r.constraint?.metadata?.name ?? '',
    kind: r.violatingObject?.kind ?? '',
    namespace: r.violatingObject?.metadata?.namespace ?? '',
    name: r.violatingObject?.metadata?.name ?? '',
    enforcementAction: gatorAction(r),
    message: r.msg ?? '',
  }));
}

/** The policy findings of `tollgate validate --format json`; parse, schema and render findings have no gator counterpart. */
export function tollgateViolations(jsonText) {
  const report = JSON.parse(jsonText);
  if (!Array.isArray(report?.findings)) throw new Error('tollgate output has no findings array');
  return report.findings
    .filter((f) => f.source === 'policy')
    .map((f) => ({
      policy: f.policy ?? '',
      constraint: f.constraint ?? '',
      kind: f.kind ?? '',
      namespace: f.namespace ?? '',
      name: f.name ?? '',
      enforcementAction: f.enforcementAction ?? '',
      message: f.message ?? '',
    }));
}

const violationKey = (v) =>
  JSON.stringify([v.policy, v.constraint, v.kind, v.namespace, v.name, v.enforcementAction, v.message]);

/** Compares two violation lists as multisets: each distinct violation whose count differs is one disagreement. */
export function compareViolations(gator, tollgate) {
  const count = (list) => {
    const m = new Map();
    for (const v of list) {
      const key = violationKey(v);
      m.set(key, { violation: v, n: (m.get(key)?.n ?? 0) + 1 });
    }
    return m;
  };
  const g = count(gator);
  const t = count(tollgate);
  const disagreements = [];
  for (const key of [...new Set([...g.keys(), ...t.keys()])].sort()) {
    const a = g.get(key)?.n ?? 0;
    const b = t.get(key)?.n ?? 0;
    if (a === b) continue;
    const v = (g.get(key) ?? t.get(key)).violation;
    disagreements.push({
      kind: 'violation',
      key: describeViolation(v),
      gator: a,
      tollgate: b,
      detail: v.message,
    });
  }
  return disagreements;
}

function describeViolation(v) {
  const object = `${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name}`;
  return `${v.policy}/${v.constraint} on ${object} [${v.enforcementAction}]`;
}

const detailLimit = 600;

/** One disagreement as the lines the script prints: what differs, then the failure text or message, indented. */
export function formatDisagreement(d) {
  const head = `${d.kind}: ${d.key}: gator ${d.gator}, tollgate ${d.tollgate}`;
  if (!d.detail) return head;
  const detail = d.detail.length > detailLimit ? `${d.detail.slice(0, detailLimit)}…` : d.detail;
  return `${head}\n${detail.replace(/^/gm, '    ')}`;
}
