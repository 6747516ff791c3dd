import type { Report } from '../core/types.js';
import type { Format, FormatOptions } from './format.js';
import { json, jsonChunks } from './json.js';
import { text } from './text.js';

export type { Format, FormatOptions } from './format.js';

/** Every output format by its `--format` name; help and validation read this map. */
export const formats = { text, json } satisfies Record<string, Format>;

export type FormatName = keyof typeof formats;

/** Writes a report in the named format, in chunks where the format allows (JSON), never as one huge string. */
export function writeReport(
  name: FormatName,
  report: Report,
  opts: FormatOptions,
  write: (chunk: string) => void,
): void {
  if (name === 'json') for (const chunk of jsonChunks(report)) write(chunk);
  else write(formats[name](report, opts));
}
