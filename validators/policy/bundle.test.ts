import { describe, expect, test } from 'vitest';
import { relocate } from './bundle.js';

describe('relocate (one template among many in one module)', () => {
  test.for([
    {
      name: 'the package and every data.lib reference in code',
      source:
        'package k8spriv\nimport data.lib.containers\nviolation[{"msg": m}] { data.lib.images.bad(x); m := "x" }\n',
      want: 'package tg.t3\nimport data.tgl.l3.lib.containers\nviolation[{"msg": m}] { data.tgl.l3.lib.images.bad(x); m := "x" }\n',
    },
    {
      name: 'not inside strings or comments',
      source: 'package p # data.lib.x in a comment\nviolation[{"msg": "see data.lib.y"}] { true }\n',
      want: 'package tg.t3 # data.lib.x in a comment\nviolation[{"msg": "see data.lib.y"}] { true }\n',
    },
    {
      name: 'not a longer name (data.library, mydata.lib)',
      source: 'package p\nx := data.library\ny := input.mydata.lib\n',
      want: 'package tg.t3\nx := data.library\ny := input.mydata.lib\n',
    },
  ])('$name', ({ source, want }) => {
    expect(relocate(source, 'tg.t3', 'data.tgl.l3.lib', 'v0')).toBe(want);
  });

  test('a Rego v1 source gets import rego.v1 so it parses in a v0-compatible build', () => {
    expect(
      relocate('package p\nviolation contains {"msg": "x"} if true\n', 'tg.t0', 'data.tgl.l0.lib', 'v1'),
    ).toBe('package tg.t0\nimport rego.v1\nviolation contains {"msg": "x"} if true\n');
  });

  test("a library keeps its path under the template's own root", () => {
    expect(
      relocate(
        'package lib.images\nbad(x) { data.lib.util.f(x) }\n',
        'tgl.l3.lib.images',
        'data.tgl.l3.lib',
        'v0',
      ),
    ).toBe('package tgl.l3.lib.images\nbad(x) { data.tgl.l3.lib.util.f(x) }\n');
  });
});
