import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { Finding, Manifest } from '../core/types.js';
import { discover } from '../discover/index.js';
import { listRepoFiles, readRepoFile, removeDir, snapshotTree, toRepoPath } from '../io/fs.js';
import { sortFindings } from '../pipeline.js';
import { GATOR_EP, WEBHOOK_EP } from '../policy/constraint.js';
import { isPolicyManifest, loadEngine } from '../policy/engine.js';
import { evaluateManifests } from '../policy/evaluate.js';
import { buildInventory } from '../policy/inventory.js';
import { groupOf } from '../policy/match.js';
import { KUSTOMIZATION_NAMES, kustomizationFile, render, type Target } from '../render/index.js';
import { createSchemaChecker } from '../schema/index.js';
import type { CliContext } from './context.js';

export const cmpHelp = `Usage: tollgate cmp generate
       tollgate cmp discover

Argo CD Config Management Plugin (docs/argocd-cmp.md), run by the plugin sidecar in the Application's
source directory.

  generate   render the directory as Argo CD would (kustomize when it has a kustomization, else the
             plain directory), check it with the schemas and the policies the environment
             ARGOCD_ENV_TOLLGATE_ENV deploys; print the objects on stdout, or the deny findings on
             stderr and exit 1 so the sync fails with them in the Application's condition
  discover   print tollgate.yaml (in this or a parent directory) or this directory's kustomization;
             no output: the plugin does not apply

Exit codes: 0 manifests printed (warnings on stderr), 1 a deny finding, 2 usage or tool error.
`;

/** `tollgate cmp`: the commands of the Argo CD plugin sidecar's plugin.yaml. */
export async function cmpCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [sub, ...extra] = positionals;
  if (values.help || !sub) {
    ctx.stdout(cmpHelp);
    return values.help ? ExitCode.OK : ExitCode.ERROR;
  }
  if (extra.length > 0)
    throw new TollgateError(
      'USAGE',
      `unexpected argument ${JSON.stringify(extra[0])}`,
      'see `tollgate cmp --help`',
    );
  if (sub === 'discover') return cmpDiscover(ctx);
  if (sub === 'generate') return cmpGenerate(ctx, process.env);
  throw new TollgateError('USAGE', `unknown cmp command ${JSON.stringify(sub)}`, 'use generate or discover');
}

/** Argo CD runs discover.find.command in the source directory; non-empty stdout means the plugin applies. */
async function cmpDiscover(ctx: CliContext): Promise<number> {
  const config = await findUp(ctx.cwd, 'tollgate.yaml');
  const found = config ?? (await firstExisting(ctx.cwd, KUSTOMIZATION_NAMES));
  if (found) ctx.stdout(`${found}\n`);
  return ExitCode.OK;
}

/**
 * Argo CD's generate command (cmpserver/plugin/plugin.go runCommand): stdout must be only the objects; a non-zero
 * exit fails manifest generation and the trimmed stderr becomes the Application's ComparisonError condition.
 */
async function cmpGenerate(ctx: CliContext, env: NodeJS.ProcessEnv): Promise<number> {
  const envName = env.ARGOCD_ENV_TOLLGATE_ENV;
  if (!envName) {
    throw new TollgateError(
      'USAGE',
      'ARGOCD_ENV_TOLLGATE_ENV is not set: which environment’s policies apply is unknown',
      'add `env: [{name: TOLLGATE_ENV, value: <env>}]` under spec.source.plugin of the Application',
    );
  }
  const repoRoot = await repoRootOf(ctx, env.ARGOCD_APP_SOURCE_PATH);
  const path = toRepoPath(repoRoot, ctx.cwd) || '.';
  const discovery = await discover(repoRoot, { env: envName }, { run: ctx.run, render });
  const tree = await snapshotTree(repoRoot, (await listRepoFiles(repoRoot, ctx.run)).files, 'working tree');
  const target: Target = {
    env: envName,
    app: env.ARGOCD_APP_NAME ?? path,
    appFile: path,
    appLine: 1,
    kind: kustomizationFile(tree, path) ? 'kustomize' : 'directory',
    path,
    ...(env.ARGOCD_APP_NAMESPACE ? { namespace: env.ARGOCD_APP_NAMESPACE } : {}),
    optionLines: {},
    buildEnv: Object.fromEntries(
      Object.entries(env).filter(
        (e): e is [string, string] => e[0].startsWith('ARGOCD_APP_') && e[1] !== undefined,
      ),
    ),
  };
  const rendered = await render(tree, target, ctx.run).finally(() => removeDir(tree.root));

  // The rest of the environment stays as discover found it; this source's objects replace their deployed versions.
  const ids = new Set(rendered.manifests.map((m) => identity(m)));
  const deployed = [...discovery.applications, ...discovery.manifests].filter(
    (m) => m.env === envName && !ids.has(identity(m)),
  );
  const all: Manifest[] = [...deployed, ...rendered.manifests];
  const crds = all
    .filter((m) => m.object.kind === 'CustomResourceDefinition' || m.object.kind === 'ConstraintTemplate')
    .map((m) => m.object);
  const schema = await createSchemaChecker({ strict: false, crds });
  const engine = await loadEngine(all.filter(isPolicyManifest), {
    run: ctx.run,
    cache: ctx.cache,
    enforcementPoints: [GATOR_EP, WEBHOOK_EP],
  });
  const findings = sortFindings([
    ...rendered.findings,
    ...schema.check(rendered.manifests),
    ...engine.findings.filter((f) => f.enforcementAction === 'deny').map((f) => ({ ...f, env: envName })),
    ...evaluateManifests(engine, rendered.manifests, buildInventory(all.map((m) => m.object))),
  ]);
  const denied = findings.filter((f) => f.enforcementAction === 'deny');
  for (const f of findings) ctx.stderr(`${describeFinding(f)}\n`);
  if (denied.length > 0) {
    ctx.stderr(
      `tollgate: ${denied.length} deny finding(s) in ${path} for environment ${envName}; nothing was synced\n`,
    );
    return ExitCode.DENIED;
  }
  ctx.stdout(rendered.manifests.map((m) => `---\n${stringify(m.object)}`).join(''));
  return ExitCode.OK;
}

/** One line per finding, `file:line: action message [policy/constraint]`: Argo CD shows stderr as one message. */
function describeFinding(f: Finding): string {
  const what = [
    f.kind && `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name ?? ''}`,
    f.constraint && `[${f.policy}/${f.constraint}]`,
  ];
  return `${f.file}:${f.line}: ${f.enforcementAction} ${f.source} ${f.message}${what.some(Boolean) ? `  ${what.filter(Boolean).join(' ')}` : ''}`;
}

function identity(m: Manifest): string {
  const o = m.object;
  return [groupOf(o.apiVersion), o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('\0');
}

/**
 * The repository checkout around the source directory: where tollgate.yaml is, else git's top level, else the
 * directory ARGOCD_APP_SOURCE_PATH is relative to (Argo CD sends the repository, `.git` unless excluded).
 */
async function repoRootOf(ctx: CliContext, sourcePath: string | undefined): Promise<string> {
  const config = await findUp(ctx.cwd, 'tollgate.yaml');
  if (config) return dirname(config);
  const git = await ctx.run('git', ['rev-parse', '--show-toplevel'], { cwd: ctx.cwd });
  if (git.code === 0 && git.stdout.trim()) return git.stdout.trim();
  const rel = (sourcePath ?? '').replace(/^\.?\/+|\/+$/g, '');
  if (rel && ctx.cwd.endsWith(`/${rel}`)) return ctx.cwd.slice(0, -rel.length - 1);
  throw new TollgateError(
    'USAGE',
    `no repository around ${ctx.cwd}: no tollgate.yaml, no git checkout, no ARGOCD_APP_SOURCE_PATH`,
    'run `tollgate cmp generate` in an Application source directory of a repository checkout',
  );
}

/** The path of `name` in `dir` or the nearest parent that has it. */
async function findUp(dir: string, name: string): Promise<string | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    if (await readRepoFile(d, name)) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

async function firstExisting(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const n of names) if (await readRepoFile(dir, n)) return join(dir, n);
  return undefined;
}
