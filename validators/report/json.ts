import type { Format } from './format.js';

/** The report as JSON: `summary` and `findings` with exactly the documented fields. */
export const json: Format = (report) => `${JSON.stringify(report, null, 2)}\n`;
