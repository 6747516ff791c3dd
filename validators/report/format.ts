import type { Report } from '../core/types.js';

export interface FormatOptions {
  /** Colour for a terminal. */
  color: boolean;
}

/** A format turns the whole report into text; it writes nothing itself. */
export type Format = (report: Report, opts: FormatOptions) => string;
