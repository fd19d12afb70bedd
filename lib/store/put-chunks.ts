/**
 * Writing a body produced piece by piece: through the store's `putStream` when it has one (the
 * fs and S3 stores: a file stream, a multipart upload), so the whole text never exists as one
 * string; otherwise joined and `put`.
 */
import { Readable } from 'node:stream';
import type { ObjectStore, PutOptions, StoredObject } from '../core/ports.ts';

/** Stores the concatenation of `chunks()` under `key`. */
export function putChunks(
  store: ObjectStore,
  key: string,
  chunks: () => Iterable<string>,
  options: PutOptions,
): Promise<StoredObject> {
  if (store.putStream) return store.putStream(key, chunks, options);
  return store.put(key, [...chunks()].join(''), options);
}

/** Chunks at least this long are handed to the stream at once (fewer, larger writes). */
const BATCH_CHARS = 1 << 20;

/**
 * A byte stream of the pieces, UTF-8 encoded, small pieces batched; counts the bytes it gave
 * in `counted.bytes`. Pulled: a piece is produced only when the consumer wants more.
 */
export function chunkStream(chunks: () => Iterable<string>, counted: { bytes: number }): Readable {
  function* batches(): Generator<Buffer> {
    let pending: string[] = [];
    let size = 0;
    for (const piece of chunks()) {
      pending.push(piece);
      size += piece.length;
      if (size >= BATCH_CHARS) {
        const buffer = Buffer.from(pending.join(''), 'utf8');
        counted.bytes += buffer.byteLength;
        yield buffer;
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) {
      const buffer = Buffer.from(pending.join(''), 'utf8');
      counted.bytes += buffer.byteLength;
      yield buffer;
    }
  }
  return Readable.from(batches(), { objectMode: false });
}
