import { posix } from 'node:path';
import { TollgateError } from '../core/errors.js';
import type { Env, Finding, Manifest } from '../core/types.js';
import type { RunTool } from '../io/exec.js';
import { listRepoFiles, readRepoFile, removeDir, snapshotTree, type Tree } from '../io/fs.js';
import { checkoutCommit, repoInfo, resolveRevision } from '../io/git.js';
import { limiter } from '../io/limit.js';
import { parse } from '../parse/index.js';
import type { Rendered, RenderedManifest, render, Target } from '../render/index.js';
import { treeDirs } from '../render/index.js';
import {
  type AppSources,
  appFinding,
  applicationSources,
  pathExists,
  type Skipped,
  sourceKind,
} from './application.js';
import { expandApplicationSet } from './appset.js';
import { CONFIG_FILE, type Config, defaultConfig, readConfig } from './config.js';
import { findOrphans } from './orphans.js';
import { sameURL } from './repo-url.js';

export type { Skipped } from './application.js';
export type { Config } from './config.js';

/** Everything the repository deploys, per environment, rendered. */
export interface Discovery {
  envs: Env[];
  /** Every in-repo source of every Application, as rendered. */
  targets: Target[];
  /** The Argo CD objects themselves (Application, ApplicationSet, AppProject, generated Applications), per env. */
  applications: Manifest[];
  /** Every other object the targets rendered, pointing at the files a person edits. */
  manifests: RenderedManifest[];
  /** Sources not rendered (remote charts, other repositories, plugins, unsupported generators), and why. */
  skipped: Skipped[];
  /** Kustomizations and charts no Application of any environment deploys (only computed for all environments). */
  orphans: string[];
  findings: Finding[];
}

/** The processes discovery runs, and the render stage (app-of-apps needs it). */
export interface DiscoverDeps {
  run: RunTool;
  render: typeof render;
}

const ARGO_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);
const RENDER_CONCURRENCY = 2;
const SCAN_SKIP = /(^|\/)(\.[^/]*|__fixtures__|__golden__|testdata|node_modules)(\/|$)/;

/**
 * Finds each environment's Argo CD objects (tollgate.yaml roots, else clusters/<env>/, else the whole repository),
 * follows Applications, app-of-apps and ApplicationSets, and renders every source in this repository.
 */
export async function discover(
  repoRoot: string,
  opts: { env?: Env | 'all' },
  deps: DiscoverDeps,
): Promise<Discovery> {
  const { run } = deps;
  const [listing, info] = await Promise.all([listRepoFiles(repoRoot, run), repoInfo(repoRoot, run)]);
  const worktree = await snapshotTree(repoRoot, listing.files, 'working tree');
  const cleanups: Tree[] = [worktree];
  try {
    const dirs = treeDirs(worktree);
    const configText = (await readRepoFile(worktree.root, CONFIG_FILE))?.toString('utf8');
    const config: Config =
      configText !== undefined ? readConfig(configText, dirs) : defaultConfig(dirs, info.remoteUrls);
    const repoURLs = [...config.repoURLs, ...info.remoteUrls];
    const isThisRepo = (url: string) => repoURLs.some((u) => sameURL(u, url));
    const all = !opts.env || opts.env === 'all';
    const envs = config.environments.filter((e) => all || e.name === opts.env);
    if (envs.length === 0) {
      const known = config.environments.map((e) => e.name).join(', ');
      throw new TollgateError('USAGE', `unknown environment ${opts.env}`, `use one of: ${known}, or all`);
    }
    const out: Discovery = {
      envs: envs.map((e) => e.name),
      targets: [],
      applications: [],
      manifests: [],
      skipped: [],
      orphans: [],
      findings: listing.outOfRepo.map((s) => ({
        env: 'all',
        file: s.file,
        line: 1,
        source: 'render' as const,
        enforcementAction: 'deny' as const,
        message: `symlink points outside the repository (${s.target}); Argo CD refuses to render this repository`,
      })),
    };
    const trees = new Map<string, Promise<Tree>>();
    const warned = new Set<string>();
    const treeAt = async (
      revision: string | undefined,
      env: Env,
      file: string,
      line: number,
    ): Promise<Tree> => {
      const rev = await resolveRevision(repoRoot, info, revision, run);
      if (rev.kind === 'worktree') return worktree;
      if (rev.kind === 'missing') {
        const key = `${env}\0${file}\0${line}`;
        if (!warned.has(key)) {
          warned.add(key);
          const message = `targetRevision ${rev.ref} is not in this clone (fetch it: git fetch --tags); rendered the working tree instead`;
          out.findings.push({ env, file, line, source: 'render', enforcementAction: 'warn', message });
        }
        return worktree;
      }
      let tree = trees.get(rev.sha);
      if (!tree) {
        tree = checkoutCommit(repoRoot, rev.sha, run).then((c) => {
          cleanups.push(c.tree);
          return c.tree;
        });
        trees.set(rev.sha, tree);
      }
      return tree;
    };

    const renders = new Map<string, Promise<Rendered>>();
    const limit = limiter(RENDER_CONCURRENCY);
    const pending: Promise<void>[] = [];
    const seen = new Set<string>();

    const handle = async (m: Manifest): Promise<void> => {
      const o = m.object;
      const key = `${m.env}\0${o.kind}\0${o.metadata?.namespace ?? ''}\0${o.metadata?.name ?? `${m.file}:${m.line}`}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.applications.push(m);
      if (o.kind === 'ApplicationSet') {
        const expansion = await expandApplicationSet(m, {
          isThisRepo,
          treeAt: (revision, file, line) => treeAt(revision, m.env, file, line),
        });
        out.findings.push(...expansion.findings);
        for (const u of expansion.unsupported) {
          out.skipped.push({
            env: m.env,
            app: o.metadata?.name ?? '',
            file: m.file,
            line: u.line,
            reason: u.reason,
          });
          out.findings.push(
            appFinding(m, u.line, `${u.reason}; its Applications are not discovered`, 'warn'),
          );
        }
        for (const app of expansion.applications) await handle(app);
      } else if (o.kind === 'Application') {
        await handleApplication(m, applicationSources(m, isThisRepo));
      }
    };

    const handleApplication = async (m: Manifest, sources: AppSources): Promise<void> => {
      out.findings.push(...sources.findings);
      out.skipped.push(...sources.skipped);
      for (const s of sources.sources) {
        const tree = await treeAt(s.revision, m.env, m.file, s.revisionLine);
        if (!pathExists(tree, s.path)) {
          const line = s.optionLines['/path'] ?? m.line;
          out.findings.push(appFinding(m, line, `${s.path}: app path does not exist`, 'deny'));
          continue;
        }
        const { revisionLine: _line, explicitKind: _kind, ...rest } = s;
        const target: Target = { ...rest, kind: sourceKind(tree, s) };
        out.targets.push(target);
        pending.push(limit(() => renderOnce(tree, target)).then((r) => absorb(r)));
      }
    };

    const renderOnce = (tree: Tree, target: Target): Promise<Rendered> => {
      const { env: _env, ...what } = target;
      const key = JSON.stringify([tree.revision, what]);
      let r = renders.get(key);
      if (!r) {
        r = deps.render(tree, target, run);
        renders.set(key, r);
        return r;
      }
      return r.then((res) => restamp(res, target.env));
    };

    const absorb = async (r: Rendered): Promise<void> => {
      out.findings.push(...r.findings);
      for (const m of r.manifests) {
        if (isArgoObject(m)) await handle(m);
        else out.manifests.push(m);
      }
    };

    for (const env of envs) {
      for (const m of await scanRoot(worktree, env.name, env.root, out.findings)) await handle(m);
    }
    while (pending.length > 0) await Promise.all(pending.splice(0));
    if (all) {
      const o = await findOrphans(worktree, out.targets);
      out.orphans = o.orphans;
      out.findings.push(...o.findings);
    }
    return out;
  } finally {
    await Promise.all(cleanups.map((t) => removeDir(t.root)));
  }
}

function isArgoObject(m: Manifest): boolean {
  return (m.object.apiVersion ?? '').startsWith('argoproj.io/') && ARGO_KINDS.has(m.object.kind ?? '');
}

/** The Argo CD objects written under an environment's root; other files there are left to the targets. */
async function scanRoot(tree: Tree, env: Env, root: string, findings: Finding[]): Promise<Manifest[]> {
  const prefix = root === '.' ? '' : `${root}/`;
  const charts = tree.files.filter((f) => posix.basename(f) === 'Chart.yaml').map((f) => posix.dirname(f));
  const out: Manifest[] = [];
  for (const file of tree.files) {
    if (
      !file.startsWith(prefix) ||
      !/\.(ya?ml|json)$/.test(file) ||
      SCAN_SKIP.test(file.slice(prefix.length))
    )
      continue;
    if (charts.some((c) => file.startsWith(`${c === '.' ? '' : `${c}/`}templates/`))) continue;
    const text = (await readRepoFile(tree.root, file))?.toString('utf8') ?? '';
    if (!text.includes('argoproj.io')) continue;
    const parsed = parse(file, text, env);
    out.push(...parsed.manifests.filter(isArgoObject));
    for (const f of parsed.findings) {
      if (f.message.startsWith('invalid YAML')) {
        findings.push({ ...f, message: `${f.message}; Argo CD objects in this file are not discovered` });
      }
    }
  }
  return out;
}

function restamp(r: Rendered, env: Env): Rendered {
  return {
    // Field lines may be a parser's compact table (a Proxy, which structuredClone rejects): copied as a record.
    manifests: r.manifests.map((m) => ({
      ...structuredClone({ ...m, fieldLines: { ...m.fieldLines } }),
      env,
    })),
    findings: r.findings.map((f) => ({ ...f, env })),
  };
}
