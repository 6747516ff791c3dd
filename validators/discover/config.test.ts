import { describe, expect, test } from 'vitest';
import { defaultConfig, readConfig } from './config.js';

const dirs = new Set(['.', 'clusters', 'clusters/dev', 'clusters/prod']);
const head = 'apiVersion: tollgate.io/v1alpha1\nkind: Config\n';

describe('tollgate.yaml', () => {
  test('reads environments and repository URLs; root defaults to clusters/<name>', () => {
    const text = `${head}repoURLs: [https://x/a.git]\nenvironments:\n  - name: dev\n    root: clusters/dev/\n  - name: prod\n`;
    expect(readConfig(text, dirs)).toEqual({
      repoURLs: ['https://x/a.git'],
      environments: [
        { name: 'dev', root: 'clusters/dev' },
        { name: 'prod', root: 'clusters/prod' },
      ],
    });
  });

  test.for([
    {
      name: 'wrong kind',
      text: 'apiVersion: v1\nkind: ConfigMap\n',
      line: 1,
      message: /expected apiVersion: tollgate.io\/v1alpha1/,
    },
    { name: 'unknown field', text: `${head}envs: []\n`, line: 3, message: /unknown field "envs"/ },
    {
      name: 'root missing',
      text: `${head}environments:\n  - name: qa\n`,
      line: 4,
      message: /root clusters\/qa does not exist/,
    },
    {
      name: 'bad name',
      text: `${head}environments:\n  - name: Dev\n    root: clusters/dev\n`,
      line: 4,
      message: /lowercase DNS label/,
    },
    {
      name: 'duplicate',
      text: `${head}environments:\n  - name: dev\n  - name: dev\n`,
      line: 5,
      message: /declared twice/,
    },
    {
      name: 'root outside',
      text: `${head}environments:\n  - name: dev\n    root: ../x\n`,
      line: 5,
      message: /repo-relative/,
    },
    {
      name: 'repoURLs not a list',
      text: `${head}repoURLs: https://x\n`,
      line: 3,
      message: /list of repository URLs/,
    },
    { name: 'invalid YAML', text: `${head}environments: [\n`, line: 4, message: /invalid YAML/ },
  ])('$name is CONFIG_INVALID at its line', ({ text, line, message }) => {
    let error: unknown;
    try {
      readConfig(text, dirs);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', at: { file: 'tollgate.yaml', line } });
    expect((error as Error).message).toMatch(message);
  });

  test('without the file: clusters/<env>, else one default environment', () => {
    expect(defaultConfig(dirs, ['u']).environments.map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(defaultConfig(new Set(['.', 'apps']), []).environments).toEqual([{ name: 'default', root: '.' }]);
  });
});
