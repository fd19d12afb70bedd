/**
 * Writing an answer's body: gzipped when the flavour compresses and the request accepts gzip
 * (negotiated as Netty's HttpContentCompressor does for gzip: a `gzip`, `x-gzip` or `*` coding
 * with a non-zero q), and through the link (link.ts) when the emulator has one, in pieces that
 * wait for the link's tokens and for the socket to drain.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { LINK_DEFAULTS, type Link } from './link.ts';

/** Whether an Accept-Encoding header accepts gzip. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let gzip: number | null = null;
  let star: number | null = null;
  for (const part of value.split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const weight = Number.isFinite(q) ? q : 0;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Math.max(gzip ?? 0, weight);
    else if (coding === '*') star = weight;
  }
  return (gzip ?? star ?? 0) > 0;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Writes `source`'s bytes to `res` through `link` (when given) and ends it. */
async function writeThrough(
  res: ServerResponse,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  link: Link | null,
  signal: AbortSignal,
): Promise<void> {
  for await (const chunk of source) {
    for (let at = 0; at < chunk.byteLength; at += LINK_DEFAULTS.pieceBytes) {
      const piece = chunk.subarray(at, at + LINK_DEFAULTS.pieceBytes);
      if (link) await link.take(piece.byteLength, signal);
      if (res.destroyed) return;
      if (!res.write(piece)) await drained(res);
    }
  }
  if (!res.destroyed) res.end();
}

/**
 * Sends `chunks` as the body of `res`, whose head is not yet written: gzipped when `gzip`,
 * through `link` when given. Rejects when `signal` aborts (the emulator closing).
 */
export async function writeBody(
  res: ServerResponse,
  head: { status: number; headers: Readonly<Record<string, string>> },
  chunks: readonly string[],
  options: { gzip: boolean; link: Link | null; signal: AbortSignal },
): Promise<void> {
  if (res.destroyed) return;
  if (!options.gzip) {
    res.writeHead(head.status, head.headers);
    if (!options.link) {
      for (const chunk of chunks) res.write(chunk);
      res.end();
      return;
    }
    const buffers = chunks.map((c) => Buffer.from(c, 'utf8'));
    await writeThrough(res, buffers, options.link, options.signal);
    return;
  }
  res.writeHead(head.status, { ...head.headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
  const gzip = createGzip();
  const compressing = pipeline(Readable.from(chunks), gzip);
  try {
    await writeThrough(res, gzip, options.link, options.signal);
  } finally {
    // A client gone (or the emulator closing) leaves the rest unread: the compression stops too.
    gzip.destroy();
  }
  await compressing.catch(() => {});
}
