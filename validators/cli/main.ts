import { describeError, TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { cmpCommand } from './cmp.js';
import { compileCommand } from './compile.js';
import { type CliContext, processContext } from './context.js';
import { renderCommand } from './render.js';
import { templatesCommand } from './templates.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';

const commands: Record<string, (argv: string[], ctx: CliContext) => Promise<number>> = {
  validate: validateCommand,
  verify: verifyCommand,
  templates: templatesCommand,
  compile: compileCommand,
  render: renderCommand,
  cmp: cmpCommand,
};

const help = `Usage: tollgate <command> [options]

Commands:
  validate   check manifests against the Gatekeeper policies and schemas (exit 1 on a deny finding)
  verify     run gator Suites and opa unit tests
  templates  embed src.rego and shared libs into template.yaml (--check: fail when stale)
  compile    compile the library to Wasm into policies/compiled (--check: fail when stale)
  render     print one Application's rendered objects with the file:line each came from
  cmp        Argo CD Config Management Plugin: \`cmp generate\` renders and gates a sync (docs/argocd-cmp.md)

Run \`tollgate <command> --help\` for a command's options. Add --debug to any command for error causes.
Exit codes: 0 ok (warnings allowed), 1 deny finding or failing suite, 2 usage or tool error.
`;

/** Runs a command line; returns the exit code. Errors are printed here and nowhere else. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout(help);
      return name ? ExitCode.OK : ExitCode.ERROR;
    }
    const command = commands[name];
    if (!command)
      throw new TollgateError(
        'USAGE',
        `unknown command ${JSON.stringify(name)}`,
        `commands: ${Object.keys(commands).join(', ')}`,
      );
    return await command(rest, ctx);
  } catch (err) {
    const e =
      err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')
        ? new TollgateError('USAGE', err.message, `see \`tollgate ${name} --help\``)
        : err;
    ctx.stderr(`${describeError(e, debug)}\n`);
    return ExitCode.ERROR;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/bin/tollgate.js')) {
  process.exitCode = await main(process.argv.slice(2), processContext());
}
