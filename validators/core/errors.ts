/** Stable error codes; README documents each. */
export type ErrorCode =
  | 'USAGE'
  | 'TOOL_MISSING'
  | 'TOOL_FAILED'
  | 'FILE_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'SUITE_INVALID'
  | 'CACHE_STALE'
  | 'INTERNAL';

/** A broken run, as opposed to a finding about the validated content. */
export class TollgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint: string,
    readonly at?: { file: string; line?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TollgateError';
  }
}

/** The text a user reads for any thrown value: message and hint, plus the cause chain with `debug`. */
export function describeError(err: unknown, debug = false): string {
  if (err instanceof TollgateError) {
    const where = err.at ? ` (${err.at.file}${err.at.line ? `:${err.at.line}` : ''})` : '';
    const lines = [`error ${err.code}: ${err.message}${where}`, `  hint: ${err.hint}`];
    if (debug) {
      let cause = err.cause;
      while (cause) {
        lines.push(`  cause: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    }
    return lines.join('\n');
  }
  const text = err instanceof Error ? err.message : String(err);
  const lines = [
    `error INTERNAL: ${text}`,
    '  hint: this is a bug in tollgate; rerun with --debug and report it',
  ];
  if (debug && err instanceof Error && err.stack) lines.push(err.stack);
  return lines.join('\n');
}
