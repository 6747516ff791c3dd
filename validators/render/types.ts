import type { Env, Finding, Manifest } from '../core/types.js';

/** `spec.source.kustomize` of an Application (argo-cd pkg/apis/application/v1alpha1 ApplicationSourceKustomize). */
export interface KustomizeOptions {
  namePrefix?: string;
  nameSuffix?: string;
  images?: string[];
  replicas?: { name: string; count: number | string }[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  commonAnnotationsEnvsubst?: boolean;
  forceCommonLabels?: boolean;
  forceCommonAnnotations?: boolean;
  labelWithoutSelector?: boolean;
  labelIncludeTemplates?: boolean;
  namespace?: string;
  patches?: Record<string, unknown>[];
  components?: string[];
  ignoreMissingComponents?: boolean;
}

/** `spec.source.helm`; value files are already resolved to repo-relative paths (`$ref/…` included). */
export interface HelmOptions {
  releaseName?: string;
  namespace?: string;
  valueFiles?: string[];
  ignoreMissingValueFiles?: boolean;
  values?: string;
  valuesObject?: Record<string, unknown>;
  parameters?: { name: string; value: string; forceString?: boolean }[];
  fileParameters?: { name: string; path: string }[];
  skipCrds?: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
}

/** `spec.source.directory`. */
export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
  jsonnet?: unknown;
}

/** One source of one Application, in this repository, to render as Argo CD's repo-server would. */
export interface Target {
  env: Env;
  /** Application name (`metadata.name`). */
  app: string;
  /** Where the Application is written (for a generated one: its ApplicationSet). */
  appFile: string;
  appLine: number;
  kind: 'kustomize' | 'helm' | 'directory';
  /** Repo-relative directory, `.` for the root. */
  path: string;
  /** `targetRevision` as written. */
  revision?: string;
  /** `spec.destination.namespace`: Helm's namespace when the source names none. */
  namespace?: string;
  kustomize?: KustomizeOptions;
  helm?: HelmOptions;
  directory?: DirectoryOptions;
  /** Line in `appFile` of each option, keyed by pointer under the source (`/kustomize/images/0`). */
  optionLines: Record<string, number>;
  /** ARGOCD_APP_* variables for `${…}` in options, as the repo-server sets them (repository.go newEnv). */
  buildEnv: Record<string, string>;
}

/** A rendered object: a Manifest whose fields may come from several files (a base and the patches over it). */
export interface RenderedManifest extends Manifest {
  /** File of a pointer when it is not `file` (a patch, a kustomization, the Application); same lookup as fieldLines. */
  fieldFiles: Record<string, string>;
}

/** What rendering one target yields; a failed build is a finding, never a throw. */
export interface Rendered {
  manifests: RenderedManifest[];
  findings: Finding[];
}
