import { parseArgs } from 'node:util';
import { ExitCode } from '../core/exit-codes.js';
import { syncTemplates } from '../templates/index.js';
import type { CliContext } from './context.js';

export const templatesHelp = `Usage: tollgate templates [--check]

Embeds each policies/rego/<policy>/src.rego and the libs it imports into its template.yaml.
  --check   change nothing; exit 1 and list the templates that are stale
`;

/** `tollgate templates`: keeps template.yaml in step with src.rego and the shared libs. */
export async function templatesCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    ctx.stdout(templatesHelp);
    return ExitCode.OK;
  }
  const { changed } = await syncTemplates(ctx.cwd, { check: Boolean(values.check) });
  for (const file of changed) ctx.stdout(`${values.check ? 'stale' : 'updated'}\t${file}\n`);
  if (values.check && changed.length > 0) {
    ctx.stderr('templates are stale: run `tollgate templates` and commit the result\n');
    return ExitCode.DENIED;
  }
  return ExitCode.OK;
}
