/** Outcomes of `tollgate verify`, shaped like gator's (`pkg/gator/verify/result.go`). */
export interface CaseResult {
  name: string;
  skipped?: boolean;
  error?: string;
  runtimeMs: number;
}

export interface TestResult {
  name: string;
  skipped?: boolean;
  error?: string;
  cases: CaseResult[];
  runtimeMs: number;
}

export interface SuiteResult {
  path: string;
  skipped?: boolean;
  error?: string;
  tests: TestResult[];
  runtimeMs: number;
}

/** A test fails on its own error or any failing case. */
export const testFailed = (t: TestResult): boolean =>
  t.error !== undefined || t.cases.some((c) => c.error !== undefined);

/** A suite fails on its own error or any failing test. */
export const suiteFailed = (s: SuiteResult): boolean => s.error !== undefined || s.tests.some(testFailed);
