#!/usr/bin/env node
// Builds validators/schema/data/addons.json: for every kind of the pinned @kubernetes-models add-on packages,
// the fields its API declares, read from the packages' TypeScript declarations. The packages' compiled
// validators check types and required fields but ignore undeclared fields, and skip declared fields whose
// schema accepts anything, so the declarations are the one complete list of what a kind may contain.
//
//   node validators/schema/build-addons.mjs           rewrite data/addons.json
//   node validators/schema/build-addons.mjs --check   exit 1 if it is not what the installed packages give
//
// kinds: `apiVersion/kind` → { package, shape }. A shape is 0 (a scalar, or free-form: nothing to check inside), a definition name, { p: {field: shape} }
// (an object with these fields only), { i: shape } (an array) or { m: shape } (a map with any keys).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { sortedEntries } from './json-lines.mjs';

/** The add-ons this repository runs; exact versions are pinned in package.json. */
const PACKAGES = [
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/external-secrets',
  '@kubernetes-models/prometheus-operator',
];
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'data', 'addons.json');
const require = createRequire(import.meta.url);

function isModel(value) {
  return typeof value === 'function' && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** `apiVersion/kind` → package and declaration file of the model, for every kind the packages export. */
async function models() {
  const found = new Map();
  for (const name of PACKAGES) {
    const root = dirname(require.resolve(`${name}/package.json`));
    const walk = (ns) => {
      for (const value of Object.values(ns)) {
        if (isModel(value)) {
          const file = join(root, value.apiVersion, `${value.kind}.d.ts`);
          found.set(`${value.apiVersion}/${value.kind}`, { name, file });
        } else if (value !== null && typeof value === 'object') walk(value);
      }
    };
    walk(await import(name));
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function buildAddons() {
  const found = await models();
  const program = ts.createProgram(
    [...found.values()].map((m) => m.file),
    { strict: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const defs = {};
  const owners = new Map(); // definition name → qualified name, to catch two types sharing a name

  const NONE = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
  const shapeOf = (input) => {
    let type = input;
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & NONE));
      const objects = parts.filter((t) => t.flags & ts.TypeFlags.Object);
      if (objects.length === 0) return 0; // string literals, number | string (int-or-string)
      if (parts.length !== 1) return 0; // an object or a scalar: leave it to the validator
      type = parts[0];
    }
    if (!(type.flags & ts.TypeFlags.Object)) return 0;
    if (checker.isArrayType(type)) return { i: shapeOf(checker.getTypeArguments(type)[0]) };
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) return { m: shapeOf(index.type) };
    const props = checker.getPropertiesOfType(type);
    if (props.length === 0) return 0; // {} or object: free-form JSON
    const fields = () =>
      Object.fromEntries(
        props
          .map((p) => [p.name, shapeOf(checker.getTypeOfSymbol(p))])
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    const symbol = type.aliasSymbol ?? type.symbol;
    if (!symbol || symbol.name === '__type') return { p: fields() };
    const qualified = checker.getFullyQualifiedName(symbol).replace(/^".*node_modules\//, '"');
    const name = owners.get(symbol.name) === undefined || owners.get(symbol.name) === qualified ? symbol.name : qualified;
    if (!(name in defs)) {
      owners.set(symbol.name, owners.get(symbol.name) ?? qualified);
      defs[name] = 0; // a placeholder while the type refers to itself
      defs[name] = { p: fields() };
    }
    return name;
  };

  const kinds = {};
  for (const [gvk, { name, file }] of found) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${gvk}: ${file} is not part of the program`);
    const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
    const decl = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${kind}`);
    if (!decl) throw new Error(`${gvk}: no interface I${kind} in ${file}`);
    // The module `${package}/${apiVersion}/${kind}` exports the model: importing only those is faster than the index.
    kinds[gvk] = { package: name, shape: shapeOf(checker.getTypeAtLocation(decl.name)) };
  }

  const versions = Object.fromEntries(
    PACKAGES.map((name) => [name, JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version]),
  );
  const entries = sortedEntries;
  return [
    '{',
    `  "packages": ${JSON.stringify(versions)},`,
    '  "kinds": {',
    entries(kinds),
    '  },',
    '  "defs": {',
    entries(defs),
    '  }',
    '}',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await buildAddons();
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      process.stderr.write(`${OUT} is stale: run node validators/schema/build-addons.mjs\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
  }
}
