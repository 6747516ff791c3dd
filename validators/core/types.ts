/** An environment name: a cluster such as `dev`, or `default` when the repository declares none. */
export type Env = string;

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One YAML document of a file in this repo. */
export interface Manifest {
  env: Env;
  /** Repo-relative, forward slashes. */
  file: string;
  /** 1-based line where the document starts. */
  line: number;
  /** Plain JSON, never a yaml Node. */
  object: KubeObject;
  /** JSON pointer (`/spec/containers/0/image`) → 1-based line. */
  fieldLines: Record<string, number>;
}

export type FindingSource = 'render' | 'parse' | 'schema' | 'policy';
export type EnforcementAction = 'deny' | 'warn' | 'dryrun';

/** What a user reads. `--format json` writes exactly these fields. */
export interface Finding {
  env: Env;
  file: string;
  /** The offending field's line when known, else the document's. */
  line: number;
  source: FindingSource;
  enforcementAction: EnforcementAction;
  message: string;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** ConstraintTemplate kind (`K8sPSPPrivileged`). */
  policy?: string;
  /** Constraint name. */
  constraint?: string;
}

/** Counts a report carries; `durationMs` is wall time of the run. */
export interface Summary {
  errors: number;
  warnings: number;
  objects: number;
  policies: number;
  durationMs: number;
}

/** A source Argo CD would deploy that Tollgate did not render (a remote chart, another repository), and why. */
export interface NotRendered {
  env: Env;
  app: string;
  file: string;
  line: number;
  reason: string;
}

/** Per-environment counts of a repository run. */
export interface EnvSummary {
  env: Env;
  objects: number;
  errors: number;
  warnings: number;
  /** What `data.inventory` holds: the kinds the environment's Gatekeeper Config syncs, or every rendered object. */
  inventory: string;
}

/** A governed exception that waived findings in this run; every report lists each one. */
export interface AppliedException {
  name: string;
  file: string;
  line: number;
  /** Template kind it waives. */
  policy: string;
  owner: string;
  ticket: string;
  /** `YYYY-MM-DD`. */
  expires: string;
  reason: string;
  waived: Finding[];
}

/** The whole result of a run, which every format turns into text. */
export interface Report {
  summary: Summary;
  findings: Finding[];
  envs?: EnvSummary[];
  notRendered?: NotRendered[];
  exceptions?: AppliedException[];
}
