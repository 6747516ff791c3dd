/** Process exit codes; README shows the same table. */
export const ExitCode = {
  /** No deny finding (warnings and dryrun findings allowed). */
  OK: 0,
  /** At least one deny finding, or a failing suite. */
  DENIED: 1,
  /** Usage or tool error: nothing was validated. */
  ERROR: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
