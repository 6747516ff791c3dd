import type { Format } from 'ajv';

// resource.ParseQuantity: a signed decimal, then a binary or decimal SI suffix or an exponent
// (https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go).
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
// encoding/base64 StdEncoding, which the API server uses for `format: byte` (Secret data); it skips \r and \n.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The formats the API server enforces on decode; any other format name is accepted as is. */
export const formats: Record<string, Format> = {
  quantity: QUANTITY,
  byte: (value: string) => BASE64.test(value.replace(/[\r\n]/g, '')),
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
};

/** What the message says a format wants. */
export const formatHints: Record<string, string> = {
  quantity: 'a quantity such as "500m", "1.5" or "128Mi"',
  byte: 'base64-encoded data',
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
};
