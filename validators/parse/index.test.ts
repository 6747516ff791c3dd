import { describe, expect, test } from 'vitest';
import { lineFor, parse } from './index.js';

describe('parse', () => {
  test('maps every field of every document to its line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      securityContext:',
      '        privileged: true',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: ledger}',
      '',
    ].join('\n');
    const { manifests, findings } = parse('apps/pod.yaml', text, 'dev');
    expect(findings).toEqual([]);
    expect(manifests.map((m) => [m.object.kind, m.line])).toEqual([
      ['Pod', 1],
      ['Namespace', 12],
    ]);
    expect(manifests[0]?.fieldLines).toMatchObject({
      '/metadata/name': 4,
      '/spec/containers/0': 7,
      '/spec/containers/0/image': 8,
      '/spec/containers/0/securityContext/privileged': 10,
    });
    expect(manifests[1]?.fieldLines['/metadata/name']).toBe(14);
  });

  test.for([
    { name: 'duplicate key', yaml: 'apiVersion: v1\nkind: Pod\nkind: Pod\n', line: 3 },
    { name: 'tab indent', yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', line: 4 },
    { name: 'unclosed quote', yaml: 'apiVersion: v1\nkind: "Pod\n', line: 2 },
    { name: 'no kind', yaml: 'apiVersion: v1\nmetadata: {name: a}\n', line: 1 },
    { name: 'not a mapping', yaml: '---\n- a\n- b\n', line: 2 },
    { name: 'binary', yaml: 'PK\0\0\x03', line: 1 },
  ])('$name is a finding with its line', ({ yaml, line }) => {
    const { manifests, findings } = parse('bad.yaml', yaml, 'dev');
    expect(manifests).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ source: 'parse', file: 'bad.yaml', line, enforcementAction: 'deny' });
  });

  test('a multi-line quoted scalar indented below its key loads as go-yaml loads it', () => {
    const text = [
      'apiVersion: templates.gatekeeper.sh/v1',
      'kind: ConstraintTemplate',
      'metadata:',
      '  name: k8sexample',
      '  annotations:',
      '    description: "Requires every container',
      '  to declare limits',
      ' and requests."',
      '    rego: |',
      '      msg := "a \\"quoted\\"',
      'spec: {}',
    ].join('\n');
    const { manifests, findings } = parse('template.yaml', text, 'dev');
    expect(findings).toEqual([]);
    expect(manifests[0]?.object.metadata?.annotations).toEqual({
      description: 'Requires every container to declare limits and requests.',
      rego: 'msg := "a \\"quoted\\"\n',
    });
    expect(manifests[0]?.fieldLines['/spec']).toBe(11);
  });

  test.for([
    { name: 'YAML 1.1 booleans, like kubectl', version: '1.1' as const, value: true },
    { name: 'YAML 1.2 strings, like gator suites', version: '1.2' as const, value: 'yes' },
  ])('$name', ({ version, value }) => {
    const { manifests } = parse('x.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  flag: yes\n', 'dev', {
      version,
    });
    expect((manifests[0]?.object.data as Record<string, unknown> | undefined)?.flag).toBe(value);
  });

  test('lineFor falls back to the nearest ancestor', () => {
    expect(lineFor({ '': 1, '/spec': 5 }, '/spec/template/spec', 1)).toBe(5);
    expect(lineFor({}, '/spec', 9)).toBe(9);
  });
});
