import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { TollgateError } from '../core/errors.js';

const YAML_EXT = new Set(['.yaml', '.yml', '.json']);

/** One input file: its path relative to `cwd` (forward slashes) and its text. */
export interface InputFile {
  file: string;
  text: string;
}

/** An input file not read yet: `file` as in InputFile, `path` absolute. */
export interface InputPath {
  file: string;
  path: string;
}

/** Reads the YAML/JSON files the paths name (directories recursively, sorted); a missing path is an error. */
export async function readInputFiles(paths: string[], cwd: string): Promise<InputFile[]> {
  return Promise.all(
    (await listInputFiles(paths, cwd)).map(async (f) => ({
      file: f.file,
      text: await readFile(f.path, 'utf8'),
    })),
  );
}

/** The YAML/JSON files the paths name (directories recursively, sorted), to read one at a time; a missing path is an error. */
export async function listInputFiles(paths: string[], cwd: string): Promise<InputPath[]> {
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const info = await stat(abs).catch((cause) => {
      throw new TollgateError(
        'FILE_NOT_FOUND',
        `${p} does not exist`,
        'pass existing files or directories to -f',
        undefined,
        { cause },
      );
    });
    if (info.isDirectory()) {
      const entries = await readdir(abs, { recursive: true, withFileTypes: true });
      for (const e of entries) {
        const full = join(e.parentPath, e.name);
        if (e.isFile() && YAML_EXT.has(extname(e.name)) && !full.split('/').includes('node_modules'))
          files.push(full);
      }
    } else files.push(abs);
  }
  return [...new Set(files)].sort().map((f) => ({ file: relative(cwd, f).split('\\').join('/'), path: f }));
}
