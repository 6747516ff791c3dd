// Hash builtins the wasm leaves to the host (v1/topdown/crypto.go): lowercase hex of the UTF-8 bytes.
import { createHash } from 'node:crypto';
import type { HostBuiltin } from './index.js';
import { asString, operands } from './operands.js';

function hashBuiltin(algorithm: 'md5' | 'sha1' | 'sha256'): HostBuiltin {
  return (args) => {
    const [v] = operands(args);
    const text = asString(v);
    return text === undefined ? undefined : createHash(algorithm).update(text, 'utf8').digest('hex');
  };
}

/** crypto.md5. */
export const cryptoMd5 = hashBuiltin('md5');
/** crypto.sha1. */
export const cryptoSha1 = hashBuiltin('sha1');
/** crypto.sha256. */
export const cryptoSha256 = hashBuiltin('sha256');
