import type { Format } from './format.js';
import { json } from './json.js';
import { text } from './text.js';

export type { Format, FormatOptions } from './format.js';

/** Every output format by its `--format` name; help and validation read this map. */
export const formats = { text, json } satisfies Record<string, Format>;

export type FormatName = keyof typeof formats;
