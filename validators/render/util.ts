import type { Env, Finding } from '../core/types.js';

/** A render finding: the build failed or a source could not be read as Argo CD would. */
export function renderFinding(
  env: Env,
  file: string,
  line: number,
  message: string,
  enforcementAction: Finding['enforcementAction'] = 'deny',
): Finding {
  return { env, file, line, source: 'render', enforcementAction, message };
}

/** `${VAR}` and `$VAR` from `vars`, `$$` for a dollar, unknown names empty: Argo CD's Env.Envsubst (os.Expand). */
export function envsubst(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$(\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, all: string, braced?: string, bare?: string) =>
      all === '$' ? '$' : (vars[braced ?? bare ?? ''] ?? ''),
  );
}
