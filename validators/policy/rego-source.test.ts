import { describe, expect, test } from 'vitest';
import { badImports, evalErrorMessage } from './rego-source.js';

describe('badImports (frameworks regorewriter checkImport)', () => {
  test.for([
    { imports: 'import future.keywords.in', want: [] },
    { imports: 'import future.keywords', want: [] },
    { imports: 'import data.lib.helpers', want: [] },
    { imports: 'import data.lib.helpers as h', want: [] },
    { imports: 'import rego.v1', want: ['invalid import: bad import: "rego.v1"'] },
    { imports: 'import input.review', want: ['invalid import: cannot import input: "input.review"'] },
    { imports: 'import data.inventory', want: ['invalid import: bad import: "data.inventory"'] },
    { imports: '# import rego.v1', want: [] },
  ])('$imports', ({ imports, want }) => {
    expect(badImports(`package x\n\n${imports}\n`).map((e) => e.message)).toEqual(want);
  });

  test('gives the line', () => {
    expect(badImports('package x\n\nimport rego.v1\n')[0]?.line).toBe(3);
  });
});

describe('evalErrorMessage', () => {
  const source = [
    'package k',
    '',
    'owner = o {',
    '  o := input.a',
    '}',
    '',
    'owner = o {',
    '  o := input.b',
    '}',
    '',
    'tier(obj) = t {',
    '  t := obj.a',
    '}',
    'tier(obj) = t {',
    '  t := obj.b',
    '}',
  ].join('\n');
  const rego = { source, libs: [] };
  test.for([
    {
      abort: 'template.rego:7:1: var assignment conflict',
      want: 'template:3: eval_conflict_error: complete rules must not produce multiple outputs',
    },
    {
      abort: 'template.rego:14:1: var assignment conflict',
      want: 'template:14: eval_conflict_error: functions must not produce multiple outputs for same inputs',
    },
    { abort: 'something else', want: 'something else' },
  ])('$abort', ({ abort, want }) => {
    expect(evalErrorMessage(abort, rego)).toBe(want);
  });
});
