#!/usr/bin/env node
// Builds validators/schema/data/kubernetes.json, the built-in kinds of one Kubernetes version, from the strict
// JSON schemas that the PyPI package kubernetes-validate ships (https://github.com/willthames/kubernetes-validate).
// Those are the upstream OpenAPI definitions with `additionalProperties: false` on every object, which is what
// makes a misspelled field a finding (kubeconform -strict parity).
//
//   node validators/schema/build-bundle.mjs           rewrite the bundle
//   node validators/schema/build-bundle.mjs --check   exit 1 if the committed bundle is not what this script makes
//
// Needs python3 with pip (the wheel is fetched with `pip download`, read with python's zipfile).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sortedEntries } from './json-lines.mjs';

export const PACKAGE = 'kubernetes-validate';
export const PACKAGE_VERSION = '1.37.0';
const WHEEL = `kubernetes_validate-${PACKAGE_VERSION}-py3-none-any.whl`;
const WHEEL_SHA256 = '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9';
/** The cluster version validated against: the oldest minor still supported upstream when the wheel was pinned. */
export const KUBERNETES_VERSION = '1.35.0';
const MEMBER = `kubernetes_validate/kubernetes-json-schema/v${KUBERNETES_VERSION}-local-strict/_definitions.json`;
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'data', 'kubernetes.json');

// Keywords that validate; descriptions and the x-kubernetes-* merge hints only cost bytes.
const KEEP = new Set([
  'type',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'format',
  '$ref',
  'pattern',
  'minimum',
  'maximum',
]);

// Definitions whose upstream meaning the generated JSON schema gets wrong or too loose.
const OVERRIDES = {
  // oneOf [string|null, integer|null] rejects null (both branches match); Kubernetes reads null as "not set".
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string', 'null'] },
  // A quantity string must parse: resource.ParseQuantity (apimachinery/pkg/api/resource/quantity.go).
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number', 'null'], format: 'quantity' },
  // An embedded object of any kind (List items, ControllerRevision.data): not ours to restrict here.
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: ['object', 'null'] },
};

function slim(schema) {
  if (Array.isArray(schema)) return schema.map(slim);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, slim(s)]));
    } else if (key === 'required' || key === 'enum' || key === 'type') {
      out[key] = value;
    } else {
      out[key] = slim(value);
    }
  }
  return out;
}

function fetchDefinitions() {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-schema-'));
  try {
    execFileSync(
      'python3',
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', dir, `${PACKAGE}==${PACKAGE_VERSION}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const wheel = join(dir, WHEEL);
    const sha = createHash('sha256').update(readFileSync(wheel)).digest('hex');
    if (sha !== WHEEL_SHA256) throw new Error(`${WHEEL}: sha256 ${sha}, expected ${WHEEL_SHA256}`);
    const text = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', wheel, MEMBER],
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
    );
    return JSON.parse(text).$defs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function buildBundle(defs) {
  const kinds = {};
  const out = {};
  for (const name of Object.keys(defs).sort()) {
    const def = defs[name];
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      kinds[`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`] = name;
    }
    out[name] = OVERRIDES[name] ?? slim(def);
  }
  const entries = sortedEntries;
  return [
    '{',
    `  "kubernetesVersion": ${JSON.stringify(KUBERNETES_VERSION)},`,
    `  "source": ${JSON.stringify(`${PACKAGE} ${PACKAGE_VERSION} (PyPI), v${KUBERNETES_VERSION}-local-strict`)},`,
    '  "kinds": {',
    entries(kinds),
    '  },',
    '  "$defs": {',
    entries(out),
    '  }',
    '}',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = buildBundle(fetchDefinitions());
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      process.stderr.write(`${OUT} is stale: run node validators/schema/build-bundle.mjs\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
  }
}
