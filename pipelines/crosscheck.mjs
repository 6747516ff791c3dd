#!/usr/bin/env node
// Runs gator v3.23.1 and tollgate on the same input and prints every place they disagree.
//   node pipelines/crosscheck.mjs --suites DIR... [--manifests DIR...]
// --suites: `gator verify -v DIR/...` against `tollgate verify -v DIR/...`, suite by suite, test by test,
//           case by case (pass, fail or skip; timings ignored).
// --manifests: `gator test -f DIR -o json` against `tollgate validate -f DIR --format json`, violation by
//           violation (constraint, object, enforcement action, message).
// Exit: 0 they agree, 1 they disagree, 2 a tool could not be run or its output could not be read.
import { $, fs, path } from 'zx';
import {
  compareVerify,
  compareViolations,
  formatDisagreement,
  gatorTestViolations,
  parseArgs,
  parseVerifyOutput,
  tollgateViolations,
} from './lib/crosscheck.mjs';

const repo = path.resolve(import.meta.dirname, '..');
const gator = path.join(repo, '.tools', 'bin', 'gator');
const tollgate = path.join(repo, 'bin', 'tollgate.js');

function toolError(code, message, hint) {
  process.stderr.write(`error ${code}: ${message}\n  hint: ${hint}\n`);
  process.exit(2);
}

/** The last lines of a tool's stderr, to show why its output could not be read. */
const tail = (p) => p.stderr.trim().split('\n').slice(-5).join('\n');

// stdin is /dev/null: `gator test` reads manifests from any stdin that is not a character device, and
// would wait forever on an open pipe (gatekeeper pkg/gator/reader/filereader.go readStdin).
const run = $({ nothrow: true, quiet: true, cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });

async function verifyBoth(dir) {
  const target = `${dir}/...`;
  const g = await run`${gator} verify -v ${target}`;
  const t = await run`${process.execPath} ${tollgate} verify -v ${target}`;
  const gatorRun = parseVerifyOutput(g.stdout);
  const tollgateRun = parseVerifyOutput(t.stdout);
  if (gatorRun.status === null)
    toolError(
      'TOOL_FAILED',
      `gator verify ${target} ran no suites (exit ${g.exitCode}):\n${tail(g)}`,
      'fix the suites gator cannot read',
    );
  if (tollgateRun.status === null)
    toolError(
      'TOOL_FAILED',
      `tollgate verify ${target} ran no suites (exit ${t.exitCode}):\n${tail(t)}`,
      'run it by hand and fix the error it prints',
    );
  console.log(`crosscheck: ${target}: gator ${gatorRun.status}, tollgate ${tollgateRun.status}`);
  return compareVerify(gatorRun, tollgateRun);
}

async function validateBoth(dir) {
  const g = await run`${gator} test -f ${dir} -o json`;
  const t = await run`${process.execPath} ${tollgate} validate -f ${dir} --format json`;
  let gatorList;
  let tollgateList;
  try {
    gatorList = gatorTestViolations(g.stdout);
  } catch (err) {
    toolError(
      'TOOL_FAILED',
      `gator test -f ${dir}: ${err.message} (exit ${g.exitCode}):\n${tail(g)}`,
      'fix the manifests gator cannot read',
    );
  }
  try {
    tollgateList = tollgateViolations(t.stdout);
  } catch (err) {
    toolError(
      'TOOL_FAILED',
      `tollgate validate -f ${dir}: ${err.message} (exit ${t.exitCode}):\n${tail(t)}`,
      'run it by hand and fix the error it prints',
    );
  }
  console.log(`crosscheck: ${dir}: gator ${gatorList.length} violations, tollgate ${tollgateList.length}`);
  return compareViolations(gatorList, tollgateList);
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  toolError(
    'USAGE',
    err.message.split('\n')[0],
    err.message.split('\n').slice(1).join(' ') || 'see the usage line',
  );
}
if (!(await fs.pathExists(gator))) {
  toolError(
    'TOOL_MISSING',
    `gator not found at ${path.relative(repo, gator)}`,
    'run `node pipelines/setup.mjs --with-crosscheck`',
  );
}

const disagreements = [];
for (const dir of args.suites) disagreements.push(...(await verifyBoth(dir)));
for (const dir of args.manifests) disagreements.push(...(await validateBoth(dir)));

for (const d of disagreements) console.log(formatDisagreement(d));
console.log(
  disagreements.length === 0
    ? 'crosscheck: tollgate and gator agree'
    : `crosscheck: ${disagreements.length} disagreement${disagreements.length === 1 ? '' : 's'}`,
);
process.exit(disagreements.length === 0 ? 0 : 1);
