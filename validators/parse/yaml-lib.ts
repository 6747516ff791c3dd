import { createRequire } from 'node:module';

type YamlLib = typeof import('yaml');
let lib: YamlLib | undefined;

/**
 * The `yaml` package, loaded on first use: most runs parse every file on the js-yaml fast path and never need it
 * (it costs about 8 MB and 30 ms to load).
 */
export function yamlLib(): YamlLib {
  lib ??= createRequire(import.meta.url)('yaml') as YamlLib;
  return lib;
}
