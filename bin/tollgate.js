#!/usr/bin/env node
// Runs the compiled CLI: plain JS starts fast enough for a pre-commit hook.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'error TOOL_MISSING: tollgate is not built (dist/cli/main.js is missing)\n  hint: run `npm run build`, or `npm test` once to set everything up\n',
  );
  process.exit(2);
}
await import(main.href);
