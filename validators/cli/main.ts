import { describeError, TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { type CliContext, processContext } from './context.js';

type Command = (argv: string[], ctx: CliContext) => Promise<number>;

// Each command's modules load only when it runs: start-up and memory of one command never pay for the others.
const commands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  verify: async () => (await import('./verify.js')).verifyCommand,
  templates: async () => (await import('./templates.js')).templatesCommand,
  compile: async () => (await import('./compile.js')).compileCommand,
  render: async () => (await import('./render.js')).renderCommand,
  cmp: async () => (await import('./cmp.js')).cmpCommand,
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
    const load = commands[name];
    if (!load)
      throw new TollgateError(
        'USAGE',
        `unknown command ${JSON.stringify(name)}`,
        `commands: ${Object.keys(commands).join(', ')}`,
      );
    return await (await load())(rest, ctx);
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
