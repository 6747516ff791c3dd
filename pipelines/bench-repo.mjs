#!/usr/bin/env node
// The full pipeline on generated repositories: `tollgate validate --env all` (discover, render, parse, schema,
// policy, report) over three environments, warm, with wall time, peak memory and per-phase times.
//   node pipelines/bench-repo.mjs [--repo-sizes 1000,10000,50000]
import { $, argv, fs, os, path } from 'zx';
import { writeRepo } from './lib/repo-corpus.mjs';

$.verbose = false;
const repo = path.resolve(import.meta.dirname, '..');
const sizes = String(argv['repo-sizes'] ?? '1000,10000,50000')
  .split(',')
  .map(Number);

/** Runs tollgate in `cwd` under /usr/bin/time, stdin closed; returns wall seconds, peak RSS in MB and output. */
async function measure(cwd, args, env) {
  const timeFile = path.join(os.tmpdir(), `tollgate-bench-repo-${process.pid}.time`);
  const p = await $({
    cwd,
    nothrow: true,
    quiet: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })`/usr/bin/time -f ${'%e %M'} -o ${timeFile} node ${path.join(repo, 'bin', 'tollgate.js')} ${args}`;
  const [wall, rssKb] = (await fs.readFile(timeFile, 'utf8')).trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMb: rssKb / 1024, stdout: p.stdout, stderr: p.stderr, code: p.exitCode };
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-repo-'));
const rows = [];
try {
  for (const size of sizes) {
    const dir = path.join(work, `repo-${size}`);
    const { apps } = await writeRepo(dir, size);
    const args = ['validate', '--env', 'all', '--format', 'json', '--stats'];
    const env = { TOLLGATE_CACHE_DIR: path.join(work, 'cache') };
    // Warm: the first run fills the compile cache (and the page cache).
    await measure(dir, args, env);
    const t = await measure(dir, args, env);
    if (t.code !== 0 && t.code !== 1) throw new Error(`tollgate exited ${t.code} on ${dir}:\n${t.stderr}`);
    const summary = JSON.parse(t.stdout).summary;
    const stats = JSON.parse(/stats (.*)/.exec(t.stderr)?.[1] ?? '{}');
    rows.push({
      size,
      apps,
      objects: summary.objects,
      findings: summary.errors + summary.warnings,
      t,
      stats,
    });
    await fs.rm(dir, { recursive: true, force: true });
  }
} finally {
  await fs.rm(work, { recursive: true, force: true });
}

const seconds = (v) => (v === undefined ? '-' : (v / 1000).toFixed(2));
const columns = [
  ['objects', (r) => r.objects],
  ['apps', (r) => r.apps],
  ['findings', (r) => r.findings],
  ['wall s', (r) => r.t.wall.toFixed(2)],
  ['peak RSS MB', (r) => r.t.rssMb.toFixed(0)],
  ['RSS MB/1k obj', (r) => ((1000 * r.t.rssMb) / r.objects).toFixed(1)],
  ['objects/s', (r) => Math.round(r.objects / r.t.wall)],
  ['| discover+render s', (r) => seconds(r.stats.discoverMs)],
  ['schema s', (r) => seconds(r.stats.schemaMs)],
  ['policy load s', (r) => seconds(r.stats.policyLoadMs)],
  ['policy eval s', (r) => seconds(r.stats.policyEvalMs)],
  ['exceptions s', (r) => seconds(r.stats.exceptionsMs)],
  ['format s', (r) => seconds(r.stats.formatMs)],
];
console.log('\nvalidate --env all: generated repositories, 3 environments, kustomize overlays, warm cache\n');
console.log(columns.map(([name]) => name).join('  '));
for (const r of rows)
  console.log(columns.map(([name, value]) => String(value(r)).padStart(name.length)).join('  '));
// Memory no worse than linear: peak RSS per 1k objects must not grow with size (a fixed base makes it fall).
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1], rows[i]];
  const perA = a.t.rssMb / a.objects;
  const perB = b.t.rssMb / b.objects;
  console.log(
    `memory ${a.objects} → ${b.objects} objects: ${(b.t.rssMb / a.t.rssMb).toFixed(1)}x RSS for ${(b.objects / a.objects).toFixed(1)}x objects (${perB <= perA * 1.05 ? 'linear or better' : 'WORSE than linear'})`,
  );
}
const tenK = rows.find((r) => r.size === 10000);
if (tenK) {
  console.log(
    `floor: 10k objects warm on ${os.availableParallelism()} cores in ${tenK.t.wall.toFixed(2)} s (target < 10 s): ${tenK.t.wall < 10 ? 'met' : 'MISSED'}`,
  );
}
