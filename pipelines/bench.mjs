#!/usr/bin/env node
// npm run bench: tollgate and gator on the same generated input, side by side.
//   node pipelines/bench.mjs [--sizes 1000,10000] [--no-gator] [--repo-sizes 1000,10000,50000] [--no-repo]
import { $, argv, fs, os, path } from 'zx';
import { writeObjects, writePolicies } from './lib/corpus.mjs';

$.verbose = false;
const repo = path.resolve(import.meta.dirname, '..');
const bin = path.join(repo, '.tools', 'bin');
const sizes = String(argv.sizes ?? '1000,10000')
  .split(',')
  .map(Number);

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS in MB and stdout. */
async function measure(cmd, args, env = {}) {
  const timeFile = path.join(os.tmpdir(), `tollgate-bench-${process.pid}.time`);
  // gator reads stdin whenever it is not a terminal, so stdin is closed for every command.
  const p = await $({
    nothrow: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })`/usr/bin/time -f ${'%e %M'} -o ${timeFile} ${cmd} ${args}`;
  const [wall, rssKb] = (await fs.readFile(timeFile, 'utf8')).trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMb: rssKb / 1024, stdout: p.stdout, stderr: p.stderr, code: p.exitCode };
}

/** The violations both tools agree on: kind/namespace/name, constraint and message. */
function tollgateSet(json) {
  return new Set(
    JSON.parse(json)
      .findings.filter((f) => f.source === 'policy' && f.constraint)
      .map((f) => `${f.kind}|${f.namespace ?? ''}|${f.name}|${f.constraint}|${f.message}`),
  );
}
function gatorSet(json) {
  const results = JSON.parse(json || '[]');
  return new Set(
    results.map(
      (r) =>
        `${r.violatingObject?.kind}|${r.violatingObject?.metadata?.namespace ?? ''}|${r.violatingObject?.metadata?.name}|${r.constraint?.metadata?.name}|${r.msg}`,
    ),
  );
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-'));
const cacheDir = path.join(work, 'cache');
const templates = await writePolicies(repo, path.join(work, 'policies'));
const rows = [];
for (const size of sizes) {
  const dir = path.join(work, `objects-${size}`);
  const objects = await writeObjects(dir, size);
  const args = ['validate', '-f', path.join(work, 'policies'), '-f', dir, '--format', 'json', '--stats'];
  // Warm: the first run compiles the templates into the cache.
  await measure('node', [path.join(repo, 'bin', 'tollgate.js'), ...args], { TOLLGATE_CACHE_DIR: cacheDir });
  const t = await measure('node', [path.join(repo, 'bin', 'tollgate.js'), ...args], {
    TOLLGATE_CACHE_DIR: cacheDir,
  });
  const stats = JSON.parse(/stats (.*)/.exec(t.stderr)?.[1] ?? '{}');
  const row = { size: objects, templates, tollgate: t, stats, tollgateViolations: tollgateSet(t.stdout) };
  if (argv.gator !== false) {
    const g = await measure(path.join(bin, 'gator'), [
      'test',
      '-f',
      path.join(work, 'policies'),
      '-f',
      dir,
      '-o',
      'json',
    ]);
    row.gator = g;
    row.gatorViolations = gatorSet(g.stdout);
  }
  rows.push(row);
}

console.log(
  `\nvalidate -f: ${templates} templates (this repo's library, prod constraints) + ExpansionTemplates, warm cache\n`,
);
console.log('objects  tool      wall s   peak RSS MB  violations  objects/s');
for (const r of rows) {
  const line = (name, m, v) =>
    console.log(
      `${String(r.size).padStart(7)}  ${name.padEnd(8)} ${m.wall.toFixed(2).padStart(7)}  ${m.rssMb.toFixed(0).padStart(11)}  ${String(v.size).padStart(10)}  ${Math.round(
        r.size / m.wall,
      )
        .toString()
        .padStart(9)}`,
    );
  line('tollgate', r.tollgate, r.tollgateViolations);
  if (r.gator) {
    line('gator', r.gator, r.gatorViolations);
    const onlyT = [...r.tollgateViolations].filter((x) => !r.gatorViolations.has(x));
    const onlyG = [...r.gatorViolations].filter((x) => !r.tollgateViolations.has(x));
    console.log(
      `         ratio: ${(r.gator.wall / r.tollgate.wall).toFixed(1)}x faster, ${((100 * r.tollgate.rssMb) / r.gator.rssMb).toFixed(0)}% of gator's memory; disagreements: ${onlyT.length + onlyG.length}`,
    );
    for (const x of [
      ...onlyT.slice(0, 3).map((s) => `tollgate only: ${s}`),
      ...onlyG.slice(0, 3).map((s) => `gator only: ${s}`),
    ])
      console.log(`           ${x}`);
  }
  const s = r.stats;
  const evals = r.size * templates;
  console.log(
    `         tollgate phases ms: parse ${s.parseMs?.toFixed(0)}, load/compile ${s.loadMs?.toFixed(0)} (${s.cached} cached, ${s.compiled} compiled), match+eval ${s.evalMs?.toFixed(0)}, format ${s.formatMs?.toFixed(0)}; ≤${Math.round(evals / (s.evalMs / 1000))} object×template checks/s`,
  );
  if (s.peakRssMb)
    console.log(
      `         tollgate peak RSS MB after each phase: ${Object.entries(s.peakRssMb)
        .map(([phase, mb]) => `${phase} ${mb}`)
        .join(', ')}`,
    );
}

if (argv.gator !== false) {
  const suites = 'policies/rego/...';
  await measure('node', [path.join(repo, 'bin', 'tollgate.js'), 'verify', suites]);
  const tv = await measure('node', [path.join(repo, 'bin', 'tollgate.js'), 'verify', suites]);
  const gv = await measure(path.join(bin, 'gator'), ['verify', suites]);
  console.log(
    `\nverify ${suites} (warm): tollgate ${tv.wall.toFixed(2)} s (exit ${tv.code}), gator ${gv.wall.toFixed(2)} s (exit ${gv.code})`,
  );
}
await fs.rm(work, { recursive: true, force: true });

// Then the full pipeline (discover, render, schema, policy, report) on generated repositories.
if (argv.repo !== false) {
  const repoSizes = argv['repo-sizes'] ? ['--repo-sizes', String(argv['repo-sizes'])] : [];
  await $({ stdio: 'inherit' })`node ${path.join(repo, 'pipelines', 'bench-repo.mjs')} ${repoSizes}`;
}
