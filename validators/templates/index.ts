import type { Dirent } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, Scalar, YAMLSeq } from 'yaml';
import { TollgateError } from '../core/errors.js';

const POLICY_ROOT = 'policies/rego';
const LIB_DIR = `${POLICY_ROOT}/lib`;

// Gatekeeper loads each `libs` entry as its own module and only lets templates reach `data.lib.*`
// (constraint framework pkg/client/drivers/rego/compilers.go), so a lib is named by its first segment.
const LIB_IMPORT = /^[ \t]*import[ \t]+data\.lib\.([A-Za-z_][A-Za-z0-9_]*)/gm;

/**
 * Embeds each policy's src.rego, and the libs it imports (transitively, sorted by name), into its template.yaml.
 * With `check`, writes nothing and returns the templates that are stale; `changed` is repo-relative, sorted.
 */
export async function syncTemplates(
  repoRoot: string,
  opts: { check: boolean },
): Promise<{ changed: string[] }> {
  const changed: string[] = [];
  for (const policy of await listPolicies(repoRoot)) {
    const templateFile = `${POLICY_ROOT}/${policy}/template.yaml`;
    const current = await readFile(join(repoRoot, templateFile), 'utf8');
    const rego = await readRepoFile(repoRoot, `${POLICY_ROOT}/${policy}/src.rego`, templateFile);
    const libs = await collectLibs(repoRoot, rego, `${POLICY_ROOT}/${policy}/src.rego`);
    const next = embedRego(templateFile, current, rego, libs);
    if (next === current) continue;
    changed.push(templateFile);
    if (!opts.check) await writeFile(join(repoRoot, templateFile), next);
  }
  return { changed };
}

/** Returns the template text with `spec.targets[0].rego` and `.libs` set; everything else is kept as written. */
function embedRego(file: string, text: string, rego: string, libs: string[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    throw new TollgateError(
      'CONFIG_INVALID',
      `${file} is not valid YAML: ${first?.message}`,
      'fix the YAML',
      {
        file,
        line: first?.linePos?.[0].line,
      },
    );
  }
  const targets = doc.getIn(['spec', 'targets']);
  if (!isSeq(targets) || !isMap(targets.items[0])) {
    throw new TollgateError(
      'CONFIG_INVALID',
      `${file} has no spec.targets[0]`,
      'add a target `admission.k8s.gatekeeper.sh` to the ConstraintTemplate',
      { file },
    );
  }
  const target = targets.items[0];
  target.set('rego', literal(rego));
  if (libs.length > 0) {
    const seq = new YAMLSeq();
    seq.items = libs.map(literal);
    target.set('libs', seq);
  } else {
    target.delete('libs');
  }
  // lineWidth 0: never re-fold the hand-written fields (descriptions, remediation text).
  return doc.toString({ lineWidth: 0 });
}

function literal(text: string): Scalar {
  const node = new Scalar(text);
  node.type = Scalar.BLOCK_LITERAL;
  return node;
}

/** Names of `data.lib.<name>` modules a Rego text imports, in order of appearance, without duplicates. */
function importedLibs(rego: string): string[] {
  return [...new Set(Array.from(rego.matchAll(LIB_IMPORT), (m) => m[1] as string))];
}

async function collectLibs(repoRoot: string, rego: string, file: string): Promise<string[]> {
  const seen = new Map<string, string>();
  const queue = importedLibs(rego).map((name) => ({ name, from: file }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seen.has(next.name)) continue;
    const text = await readRepoFile(repoRoot, `${LIB_DIR}/${next.name}.rego`, next.from);
    seen.set(next.name, text);
    for (const name of importedLibs(text)) queue.push({ name, from: `${LIB_DIR}/${next.name}.rego` });
  }
  return [...seen.keys()].sort().map((name) => seen.get(name) as string);
}

async function listPolicies(repoRoot: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(repoRoot, POLICY_ROOT), { withFileTypes: true });
  } catch (cause) {
    throw new TollgateError(
      'FILE_NOT_FOUND',
      `${POLICY_ROOT} does not exist under ${repoRoot}`,
      'run from the repository root, or pass the repository root',
      undefined,
      { cause },
    );
  }
  const policies: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'lib') continue;
    const files = await readdir(join(repoRoot, POLICY_ROOT, entry.name));
    if (files.includes('template.yaml')) policies.push(entry.name);
  }
  return policies.sort();
}

async function readRepoFile(repoRoot: string, file: string, neededBy: string): Promise<string> {
  try {
    return await readFile(join(repoRoot, file), 'utf8');
  } catch (cause) {
    throw new TollgateError(
      'FILE_NOT_FOUND',
      `${file} is missing (needed by ${neededBy})`,
      `create ${file}, or remove what refers to it from ${neededBy}`,
      { file: neededBy },
      { cause },
    );
  }
}
