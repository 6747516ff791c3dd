import { parseArgs } from 'node:util';
import { TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { listInputFiles } from '../io/files.js';
import { peakRssMb as peakRss, validateFiles } from '../pipeline.js';
import { GATOR_EP, WEBHOOK_EP } from '../policy/constraint.js';
import type { RepoPhases } from '../repo-pipeline.js';
import { type FormatName, formats, writeReport } from '../report/index.js';
import type { CliContext } from './context.js';

export const validateHelp = `Usage: tollgate validate [--env NAME|all] [--strict] [--format ${Object.keys(formats).join('|')}]
       tollgate validate -f PATH... [--format ${Object.keys(formats).join('|')}]

  --env NAME            validate what Argo CD deploys to this environment (default: all of them)
  --strict              an object of a kind no schema covers is a deny finding, not a warning
  --changed-since REF   only findings that files changed since REF can cause (a base change reaches every overlay)
  -f, --filename PATH   files or directories of templates, constraints, ExpansionTemplates and
                        objects, with \`gator test\` semantics (every object is also the inventory)
  --format NAME         output format: ${Object.keys(formats).join(', ')} (default text)
  --stats               print per-phase times to stderr (with -f: parse, load/compile, eval, format;
                        with --env: discover and render, schema, policy load, policy eval, exceptions, format)

Exit codes: 0 no deny finding, 1 a deny finding, 2 usage or tool error.
`;

/** `tollgate validate`: findings for files, exit code from their enforcement actions. */
export async function validateCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      filename: { type: 'string', short: 'f', multiple: true },
      format: { type: 'string', default: 'text' },
      stats: { type: 'boolean' },
      env: { type: 'string' },
      'changed-since': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    ctx.stdout(validateHelp);
    return ExitCode.OK;
  }
  const format = values.format as string;
  if (!Object.hasOwn(formats, format)) {
    throw new TollgateError(
      'USAGE',
      `unknown format ${JSON.stringify(format)}`,
      `use one of: ${Object.keys(formats).join(', ')}`,
    );
  }
  if (!values.filename || values.filename.length === 0) {
    const phases: Partial<RepoPhases> = {};
    // Loaded for this mode only: `-f` never needs discovery, rendering or schemas.
    const { validateRepo } = await import('../repo-pipeline.js');
    const report = await validateRepo(ctx.cwd, {
      env: values.env ?? 'all',
      strict: Boolean(values.strict),
      run: ctx.run,
      cache: ctx.cache,
      bundleMin: ctx.bundleMin,
      enforcementPoints: [GATOR_EP, WEBHOOK_EP],
      today: ctx.today,
      renderCacheDir: ctx.renderCacheDir,
      threads: ctx.threads,
      ...(values['changed-since'] ? { changedSince: values['changed-since'] } : {}),
      phases,
    });
    const formatStart = performance.now();
    await writeReport(format as FormatName, report, { color: ctx.isTTY }, ctx.stdoutPaced);
    if (values.stats)
      ctx.stderr(`stats ${JSON.stringify({ ...phases, formatMs: performance.now() - formatStart })}\n`);
    return report.summary.errors > 0 ? ExitCode.DENIED : ExitCode.OK;
  }
  if (values.env)
    throw new TollgateError(
      'USAGE',
      '--env and -f cannot be combined',
      'use -f for plain files, --env for the repository',
    );
  const { report, phases } = await validateFiles(await listInputFiles(values.filename, ctx.cwd), {
    run: ctx.run,
    cache: ctx.cache,
    bundleMin: ctx.bundleMin,
    enforcementPoints: [GATOR_EP],
    threads: ctx.threads,
  });
  const formatStart = performance.now();
  await writeReport(format as FormatName, report, { color: ctx.isTTY }, ctx.stdoutPaced);
  if (values.stats) {
    const peakRssMb = { ...phases.peakRssMb, format: peakRss() };
    ctx.stderr(
      `stats ${JSON.stringify({ ...phases, formatMs: performance.now() - formatStart, peakRssMb })}\n`,
    );
  }
  return report.summary.errors > 0 ? ExitCode.DENIED : ExitCode.OK;
}
