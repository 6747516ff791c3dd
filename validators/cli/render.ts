import { parseArgs } from 'node:util';
import { Document, isScalar } from 'yaml';
import { TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { discover } from '../discover/index.js';
import { recordingRender, selectApplication } from '../discover/select.js';
import { type RenderedManifest, render } from '../render/index.js';
import type { CliContext } from './context.js';

const FORMATS = ['yaml', 'json'] as const;

export const renderHelp = `Usage: tollgate render --env NAME --app NAME [--format ${FORMATS.join('|')}]

  --env NAME      the environment whose Argo CD roots deploy the Application
  --app NAME      the Application (metadata.name) whose sources to render
  --format NAME   yaml (default): the objects as Argo CD would apply them, each with a
                  \`# source: file:line\` comment, and one on every field a patch or another file set;
                  json: [{file, line, object}]

Renders exactly what \`validate --env\` checks for that Application, for debugging a finding.
Exit codes: 0 rendered (render findings go to stderr), 2 usage or tool error.
`;

/** `tollgate render`: the objects of one Application of one environment, with the file and line each came from. */
export async function renderCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      app: { type: 'string' },
      format: { type: 'string', default: 'yaml' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    ctx.stdout(renderHelp);
    return ExitCode.OK;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    throw new TollgateError(
      'USAGE',
      `unknown format ${JSON.stringify(format)}`,
      `use one of: ${FORMATS.join(', ')}`,
    );
  }
  if (!values.env || values.env === 'all' || !values.app) {
    throw new TollgateError(
      'USAGE',
      '--env NAME and --app NAME are required',
      'name one environment and one Application, e.g. --env dev --app ledger',
    );
  }
  const recorder = recordingRender(render);
  const discovery = await discover(ctx.cwd, { env: values.env }, { run: ctx.run, render: recorder.render });
  const selected = selectApplication(discovery, values.env, values.app);
  const manifests: RenderedManifest[] = [];
  for (const target of selected.targets) manifests.push(...((await recorder.renderedOf(target)) ?? []));
  for (const s of selected.skipped) ctx.stderr(`not rendered: ${s.file}:${s.line}: ${s.reason}\n`);
  const paths = new Set(selected.targets.map((t) => t.path));
  for (const f of discovery.findings.filter((f) => f.env === values.env && f.source === 'render')) {
    if ([...paths].some((p) => p === '.' || f.file === p || f.file.startsWith(`${p}/`))) {
      ctx.stderr(`${f.file}:${f.line}: ${f.enforcementAction} ${f.message}\n`);
    }
  }
  ctx.stdout(
    format === 'json'
      ? `${JSON.stringify(
          manifests.map((m) => ({ file: m.file, line: m.line, object: m.object })),
          null,
          2,
        )}\n`
      : manifests.map(withSources).join(''),
  );
  return ExitCode.OK;
}

/** One YAML document: `# source: file:line` above it, and beside every field another file wrote (a patch). */
function withSources(m: RenderedManifest): string {
  const doc = new Document(m.object);
  const annotated: { pointer: string; file: string }[] = [];
  for (const pointer of Object.keys(m.fieldFiles).sort()) {
    const file = m.fieldFiles[pointer] ?? m.file;
    if (annotated.some((a) => a.file === file && pointer.startsWith(`${a.pointer}/`))) continue;
    const node = doc.getIn(pointerPath(pointer), true);
    if (!node || typeof node !== 'object') continue;
    const note = ` source: ${file}:${m.fieldLines[pointer] ?? 1}`;
    if (isScalar(node)) node.comment = note;
    else (node as { commentBefore?: string }).commentBefore = note;
    annotated.push({ pointer, file });
  }
  return `---\n# source: ${m.file}:${m.line}\n${doc.toString()}`;
}

/** JSON pointer (RFC 6901) → the key path yaml's getIn takes. */
function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
