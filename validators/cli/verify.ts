import { parseArgs } from 'node:util';
import { TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { GATOR_EP } from '../policy/constraint.js';
import { hasRegoTests, printResults, verify } from '../verify/index.js';
import type { CliContext } from './context.js';

export const verifyHelp = `Usage: tollgate verify [PATH | PATH/...]... [-v] [--run REGEX]

Runs gator Suite files (test.gatekeeper.sh) with gator verify's semantics, then \`opa test\`
on the Rego unit tests (*_test.rego) under the same paths.

  -v, --verbose    print every test and case
  --run REGEX      only tests or cases matching REGEX; TEST//CASE narrows both
`;

/** `tollgate verify`: gator's suites, gator's output, plus opa unit tests. */
export async function verifyCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      verbose: { type: 'boolean', short: 'v' },
      run: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    ctx.stdout(verifyHelp);
    return ExitCode.OK;
  }
  const paths = positionals.length > 0 ? positionals : ['./...'];
  const { results, failed } = await verify(paths, {
    cwd: ctx.cwd,
    ...(values.run ? { filter: values.run } : {}),
    cache: ctx.cache,
    bundleMin: ctx.bundleMin,
    enforcementPoints: [GATOR_EP],
    run: ctx.run,
  });
  ctx.stdout(printResults(results, Boolean(values.verbose)));
  let opaFailed = false;
  for (const p of paths) {
    const dir = p.replace(/\/?\.\.\.$/, '') || '.';
    if (!(await hasRegoTests(`${ctx.cwd}/${dir}`))) continue;
    const res = await ctx.run(
      'opa',
      ['test', '--v0-compatible', '--ignore', '*.yaml', '--ignore', '*.yml', '--ignore', '*.json', dir],
      { cwd: ctx.cwd, timeoutMs: 300_000 },
    );
    const summary = res.stdout.trim().split('\n').pop() ?? '';
    if (res.code === 0) ctx.stdout(`ok\topa test ${dir}\t${summary}\n`);
    else {
      opaFailed = true;
      ctx.stdout(`${res.stdout}${res.stderr}FAIL\topa test ${dir}\n`);
    }
    if (res.code !== 0 && res.code !== 1 && res.code !== 2) {
      throw new TollgateError(
        'TOOL_FAILED',
        `opa test exited with ${res.code}`,
        'run the opa test command above by hand',
      );
    }
  }
  return failed || opaFailed ? ExitCode.DENIED : ExitCode.OK;
}
