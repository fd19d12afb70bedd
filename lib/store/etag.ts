import { createHash } from 'node:crypto';

/** The ETag S3 gives a single-part object: the quoted MD5 of its bytes. */
export function contentEtag(body: Uint8Array | string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** Byte length of a body as it will be stored (strings as UTF-8). */
export function byteLength(body: Uint8Array | string): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
