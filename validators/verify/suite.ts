import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TollgateError } from '../core/errors.js';
import { reindentQuotedScalars } from '../parse/index.js';

/** A gator Suite (`test.gatekeeper.sh`, any version), fields as `pkg/gator/verify/suite.go`. */
export interface Suite {
  /** Absolute path of the suite file. */
  file: string;
  /** The path as the user named it (`policies/rego/x/suite.yaml`), for output. */
  inputPath: string;
  skip: boolean;
  tests: Test[];
}

export interface Test {
  name: string;
  template: string;
  constraint: string;
  expansion: string;
  invalid: boolean;
  skip: boolean;
  cases: Case[];
}

export interface Case {
  name: string;
  object: string;
  inventory: string[];
  assertions: Assertion[];
  skip: boolean;
}

export interface Assertion {
  /** `yes` (default), `no`, or an exact count; anything else is an invalid-suite error when run. */
  violations?: number | string;
  /** Go RE2 pattern, matched unanchored against each result's message. */
  message?: string;
}

const YAML_EXT = new Set(['.yaml', '.yml', '.json']);
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Finds suites as `gator verify` does (`pkg/gator/verify/read_suites.go`): a file, a directory (its files), or
 * `dir/...` (recursive); every YAML file's first document is read and those of group `test.gatekeeper.sh`, kind
 * `Suite` are suites. Unparsable YAML anywhere aborts, as in gator.
 */
export async function readSuites(arg: string, cwd: string): Promise<Suite[]> {
  const recursive = arg.endsWith('/...') || arg === '...';
  const original = recursive ? arg.slice(0, -3) : arg;
  const target = resolve(cwd, original || '.');
  const info = await stat(target).catch((cause) => {
    throw new TollgateError(
      'FILE_NOT_FOUND',
      `listing test files: ${arg} does not exist`,
      'pass a suite file, a directory, or DIR/...',
      undefined,
      { cause },
    );
  });
  let files: string[];
  if (!info.isDirectory()) {
    if (recursive)
      throw new TollgateError(
        'USAGE',
        `can only recursively traverse directories: ${arg}`,
        'use DIR/... with a directory',
      );
    if (!YAML_EXT.has(extname(target)))
      throw new TollgateError(
        'USAGE',
        `unsupported extension: ${JSON.stringify(extname(target))}`,
        'suites are .yaml, .yml or .json files',
      );
    files = [target];
  } else if (recursive) {
    files = (await walk(target)).filter((f) => YAML_EXT.has(extname(f)));
  } else {
    const entries = await readdir(target, { withFileTypes: true });
    files = entries
      .filter((e) => !e.isDirectory() && YAML_EXT.has(extname(e.name)))
      .map((e) => join(target, e.name));
  }
  const suites: Suite[] = [];
  for (const file of files.sort()) {
    const suite = await readSuite(file, target, original);
    if (suite) suites.push(suite);
  }
  return suites;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

async function readSuite(file: string, root: string, original: string): Promise<Suite | undefined> {
  const text = await readFile(file, 'utf8');
  let doc: unknown;
  // First document only, YAML 1.2 (`yes` stays a string), as gator's yaml.v3 reads it.
  const first = text.split(/^---\s*$/m).find((d) => d.trim() !== '') ?? '';
  const read = (t: string) => parseYaml(t, { version: '1.2', uniqueKeys: false });
  try {
    try {
      doc = read(first);
    } catch (err) {
      // go-yaml accepts quoted scalars continued below their key's indentation; re-indenting keeps the value.
      const repaired = reindentQuotedScalars(first);
      if (repaired === undefined) throw err;
      doc = read(repaired);
    }
  } catch (cause) {
    throw new TollgateError(
      'SUITE_INVALID',
      `parsing yaml file ${file}: ${(cause as Error).message.split('\n')[0]}`,
      'fix the YAML; gator aborts on any unparsable file under the path too',
      { file },
      { cause },
    );
  }
  if (!isObject(doc)) return undefined;
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  if (!apiVersion.startsWith('test.gatekeeper.sh/') || doc.kind !== 'Suite') return undefined;
  const rel = file.slice(root.length).replace(/^\/+/, '');
  const inputPath = original === '' ? rel : `${original.replace(/\/+$/, '')}${rel ? `/${rel}` : ''}`;
  return {
    file,
    inputPath: rel === '' ? original : inputPath,
    skip: doc.skip === true,
    tests: (Array.isArray(doc.tests) ? doc.tests : []).filter(isObject).map(readTest),
  };
}

function readTest(t: Json): Test {
  return {
    name: str(t.name),
    template: str(t.template),
    constraint: str(t.constraint),
    expansion: str(t.expansion),
    invalid: t.invalid === true,
    skip: t.skip === true,
    cases: (Array.isArray(t.cases) ? t.cases : []).filter(isObject).map((c) => ({
      name: str(c.name),
      object: str(c.object),
      inventory: Array.isArray(c.inventory) ? c.inventory.map(String) : [],
      skip: c.skip === true,
      assertions: (Array.isArray(c.assertions) ? c.assertions : []).filter(isObject).map((a) => ({
        ...(a.violations !== undefined && a.violations !== null
          ? { violations: a.violations as number | string }
          : {}),
        ...(typeof a.message === 'string' ? { message: a.message } : {}),
      })),
    })),
  };
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
