import type { Report } from '../core/types.js';
import type { Format, FormatOptions } from './format.js';
import { json, jsonChunks } from './json.js';
import { text } from './text.js';

export type { Format, FormatOptions } from './format.js';

/** Every output format by its `--format` name; help and validation read this map. */
export const formats = { text, json } satisfies Record<string, Format>;

export type FormatName = keyof typeof formats;

/**
 * Writes a report in the named format, in chunks where the format allows (JSON), never as one huge string; `write`
 * resolves when the chunk may be followed (a pipe whose reader is behind would otherwise queue them all in memory).
 */
export async function writeReport(
  name: FormatName,
  report: Report,
  opts: FormatOptions,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  if (name === 'json') for (const chunk of jsonChunks(report)) await write(chunk);
  else await write(formats[name](report, opts));
}
