/**
 * The body of an answer as it is decoded: inflated as it arrives when the server gzipped it
 * (`Content-Encoding: gzip`, which the client asks for with `Accept-Encoding: gzip`), as is
 * otherwise. Every byte that came in before inflation is counted (`wire`), so a run knows what
 * travelled as well as what was decoded.
 *
 * An encoding the client did not offer is refused (the same query gets the same answer, so it is
 * not retried); a gzip stream that cannot be inflated — corrupt, or cut short — fails like a body
 * cut short, as an InflateError the client turns into a retried transport error.
 */
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The encodings the client offers and reads. */
export const ACCEPT_ENCODING = 'gzip';

/** The gzip stream of an answer could not be inflated (zlib's own reason in the message). */
export class InflateError extends Error {
  override readonly name = 'InflateError';
}

/** The server answered in an encoding the client never offered. */
export class UnofferedEncodingError extends Error {
  override readonly name = 'UnofferedEncodingError';
  constructor(readonly encoding: string) {
    super(`an answer in Content-Encoding "${encoding}", which the client does not offer (only gzip)`);
  }
}

/** The encoding named by a Content-Encoding header, lower case; '' for none or identity. */
export function encodingOf(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  return value === 'identity' ? '' : value;
}

async function* counted(body: AsyncIterable<Uint8Array>, wire: (bytes: number) => void) {
  for await (const chunk of body) {
    wire(chunk.byteLength);
    yield chunk;
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

async function* inflated(body: AsyncIterable<Uint8Array>, wire: (bytes: number) => void) {
  const gunzip = createGunzip();
  // Errors of the source (a connection cut) and of zlib both end the iteration below.
  pipeline(counted(body, wire), gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if (!isZlibError(error)) throw error;
    throw new InflateError(`the gzip body could not be inflated (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** The decoded bytes of `body`, sent in `encoding` (encodingOf); `wire` hears of every raw chunk. */
export function decodedBody(
  body: AsyncIterable<Uint8Array>,
  encoding: string,
  wire: (bytes: number) => void,
): AsyncIterable<Uint8Array> {
  if (encoding === '') return counted(body, wire);
  if (encoding === 'gzip' || encoding === 'x-gzip') return inflated(body, wire);
  throw new UnofferedEncodingError(encoding);
}
