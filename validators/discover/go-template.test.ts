import { describe, expect, test } from 'vitest';
import { replace } from './appset.js';
import { executeGoTemplate } from './go-template.js';

const params = {
  name: 'ledger',
  path: {
    path: 'apps/ledger/overlays/dev',
    basename: 'dev',
    segments: ['apps', 'ledger', 'overlays', 'dev'],
  },
  replicas: 3,
  big: 1234567,
  tags: ['a', 'b'],
  values: { tier: 'gold' },
};

describe('Go templates as the ApplicationSet controller runs them', () => {
  test.for([
    { name: 'field', tmpl: '{{.name}}-config', out: 'ledger-config' },
    { name: 'nested field', tmpl: '{{ .path.basename }}', out: 'dev' },
    { name: 'index of segments', tmpl: '{{index .path.segments 1}}', out: 'ledger' },
    { name: 'pipeline', tmpl: '{{ .name | upper | printf "%s!" }}', out: 'LEDGER!' },
    { name: 'trim markers', tmpl: 'a  {{- .name -}}  b', out: 'aledgerb' },
    { name: 'if else', tmpl: '{{if eq .name "x"}}x{{else if eq .name "ledger"}}l{{else}}o{{end}}', out: 'l' },
    { name: 'range with variables', tmpl: '{{range $i, $t := .tags}}{{$i}}={{$t}};{{end}}', out: '0=a;1=b;' },
    { name: 'with', tmpl: '{{with .values}}{{.tier}}{{end}}', out: 'gold' },
    { name: 'missing key prints <no value>', tmpl: '{{.nope}}', out: '<no value>' },
    { name: 'default', tmpl: '{{ .nope | default "x" }}', out: 'x' },
    { name: 'numbers as Go prints them', tmpl: '{{.replicas}} {{.big}}', out: '3 1234567' },
    {
      name: 'sprig strings',
      tmpl: '{{ replace "/" "_" (trimPrefix "apps/" .path.path) }}',
      out: 'ledger_overlays_dev',
    },
    { name: 'normalize', tmpl: '{{ normalize "My_App.X" }}', out: 'my-app.x' },
    { name: 'comment', tmpl: '{{/* note */}}ok', out: 'ok' },
    { name: 'variable', tmpl: '{{ $n := .name }}{{ $n }}', out: 'ledger' },
  ])('$name', ({ tmpl, out }) => {
    expect(executeGoTemplate(tmpl, params, { missingKey: 'default' })).toBe(out);
  });

  test.for([
    { name: 'missingkey=error', tmpl: '{{.nope}}', error: /map has no entry for key "nope"/ },
    {
      name: 'unknown function',
      tmpl: '{{ .name | frobnicate }}',
      error: /function "frobnicate" not defined/,
    },
    { name: 'unclosed if', tmpl: '{{if .name}}x', error: /missing \{\{end\}\}/ },
    {
      name: 'field of nothing',
      tmpl: '{{.nope.deeper}}',
      error: /nil pointer evaluating/,
      missingKey: 'default',
    },
  ] as const)('$name is an error', ({ tmpl, error, ...o }) => {
    const missingKey = ('missingKey' in o && o.missingKey) || 'error';
    expect(() => executeGoTemplate(tmpl, params, { missingKey })).toThrow(error);
  });
});

describe('fasttemplate, the default', () => {
  test.for([
    { name: 'known key', tmpl: '{{path.basename}}-app', out: 'dev-app' },
    { name: 'spaces inside', tmpl: '{{ path[1] }}', out: 'ledger' },
    { name: 'unknown key kept', tmpl: '{{nope}}/{{path}}', out: '{{nope}}/apps/ledger/overlays/dev' },
    { name: 'no template', tmpl: 'plain', out: 'plain' },
  ])('$name', ({ tmpl, out }) => {
    const flat = { path: 'apps/ledger/overlays/dev', 'path.basename': 'dev', 'path[1]': 'ledger' };
    expect(replace(tmpl, flat, false, { missingKey: 'default' })).toBe(out);
  });
});
