import { gunzipSync } from 'node:zlib';

/** Reads one member of a gzipped tar (an OPA bundle); member names may start with `/`. */
export function readTarGzMember(archive: Uint8Array, name: string): Uint8Array | undefined {
  const tar = gunzipSync(archive);
  const wanted = name.replace(/^\//, '');
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const header = tar.subarray(offset, offset + 512);
    const field = (start: number, len: number) =>
      new TextDecoder().decode(header.subarray(start, start + len)).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const member = (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)).replace(/^\//, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const body = offset + 512;
    if (member === wanted) return tar.subarray(body, body + size);
    offset = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
