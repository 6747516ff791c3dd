import type { Manifest } from '../core/types.js';

const GROUP_TEMPLATES = 'templates.gatekeeper.sh/';
const GROUP_CONSTRAINTS = 'constraints.gatekeeper.sh/';
const GROUP_EXPANSION = 'expansion.gatekeeper.sh/';

export { GROUP_CONSTRAINTS, GROUP_EXPANSION, GROUP_TEMPLATES };

/** Whether a manifest is policy (template, constraint, expansion) rather than something to review. */
export function isPolicyManifest(m: Manifest): boolean {
  const v = m.object.apiVersion ?? '';
  return v.startsWith(GROUP_TEMPLATES) || v.startsWith(GROUP_CONSTRAINTS) || v.startsWith(GROUP_EXPANSION);
}
