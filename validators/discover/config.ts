import { parse as parseYaml } from 'yaml';
import { TollgateError } from '../core/errors.js';
import type { Env } from '../core/types.js';
import { lineFor, parse } from '../parse/index.js';

/** `tollgate.yaml`: where each environment's Argo CD bootstrap lives, and the repository's own URLs. */
export interface Config {
  repoURLs: string[];
  environments: { name: Env; root: string }[];
}

export const CONFIG_FILE = 'tollgate.yaml';
const ENV_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads and validates tollgate.yaml; a broken file stops the run with CONFIG_INVALID naming the line. */
export function readConfig(text: string, dirs: Set<string>): Config {
  const parsed = parse(CONFIG_FILE, text, 'config', { anyMapping: true, version: '1.2' });
  const bad = (line: number, message: string, hint: string): never => {
    throw new TollgateError('CONFIG_INVALID', `${CONFIG_FILE}: ${message}`, hint, {
      file: CONFIG_FILE,
      line,
    });
  };
  const firstFinding = parsed.findings[0];
  if (firstFinding) bad(firstFinding.line, firstFinding.message, 'fix the YAML syntax');
  const doc = parsed.manifests[0];
  if (!doc) return bad(1, 'the file is empty', 'see docs/conventions.md for its shape');
  if (parsed.manifests.length > 1)
    bad(parsed.manifests[1]?.line ?? 1, 'one document expected', 'remove the extra `---` documents');
  const o = doc.object as Record<string, unknown>;
  const at = (p: string) => lineFor(doc.fieldLines, p, doc.line);
  if (o.apiVersion !== 'tollgate.io/v1alpha1' || o.kind !== 'Config') {
    bad(
      at('/apiVersion'),
      'expected apiVersion: tollgate.io/v1alpha1 and kind: Config',
      'set both at the top of the file',
    );
  }
  const known = new Set(['apiVersion', 'kind', 'metadata', 'repoURLs', 'environments']);
  for (const key of Object.keys(o)) {
    if (!known.has(key))
      bad(at(`/${key}`), `unknown field "${key}"`, `known fields: ${[...known].join(', ')}`);
  }
  const repoURLs = o.repoURLs ?? [];
  if (!Array.isArray(repoURLs) || repoURLs.some((u) => typeof u !== 'string' || u === '')) {
    bad(
      at('/repoURLs'),
      'repoURLs must be a list of repository URLs',
      'e.g. repoURLs: [https://github.com/org/repo.git]',
    );
  }
  const envs = o.environments ?? [];
  if (!Array.isArray(envs))
    return bad(at('/environments'), 'environments must be a list', 'e.g. - {name: dev, root: clusters/dev}');
  const seen = new Set<string>();
  const environments = envs.map((e: unknown, i) => {
    const p = `/environments/${i}`;
    if (typeof e !== 'object' || e === null)
      return bad(at(p), `environments[${i}] must be a mapping`, 'give it name and root');
    const { name, root, ...rest } = e as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra)
      bad(at(`${p}/${extra}`), `unknown field "${extra}" in environments[${i}]`, 'known fields: name, root');
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      bad(at(`${p}/name`), `environments[${i}].name must be a lowercase DNS label`, 'e.g. name: dev');
    }
    if (seen.has(name as string))
      bad(at(`${p}/name`), `environment "${name}" is declared twice`, 'remove one');
    seen.add(name as string);
    const dir = root === undefined ? `clusters/${name}` : root;
    if (typeof dir !== 'string' || dir.startsWith('/') || dir.split('/').includes('..')) {
      bad(
        at(`${p}/root`),
        `environments[${i}].root must be a repo-relative directory`,
        'e.g. root: clusters/dev',
      );
    }
    const clean = (dir as string).replace(/\/+$/, '') || '.';
    if (!dirs.has(clean))
      bad(at(`${p}/root`), `environments[${i}].root ${clean} does not exist`, 'create it or fix the path');
    return { name: name as string, root: clean };
  });
  return { repoURLs: repoURLs as string[], environments };
}

/** Without tollgate.yaml: one environment per `clusters/<env>/`, else `default` over the whole repository. */
export function defaultConfig(dirs: Set<string>, remoteUrls: string[]): Config {
  const clusters = [...dirs].filter((d) => /^clusters\/[^/]+$/.test(d)).sort();
  const environments = clusters.length
    ? clusters.map((d) => ({ name: d.slice('clusters/'.length), root: d }))
    : [{ name: 'default', root: '.' }];
  return { repoURLs: remoteUrls, environments };
}

/** The YAML value of a text, or undefined when it does not parse. */
export function yamlValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}
