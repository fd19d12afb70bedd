import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTsdbEmulator, startOpenTsdbEmulator } from '../../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { acceptsGzip } from '../../../../demo/emulators/opentsdb/write-answer.ts';
import { BASE } from './helpers.ts';

const store = createSeriesStore();
// 5,000 points: an answer of about 75 KB, more than one 64 KiB piece on the link.
const POINTS = 5_000;
const ts = Array.from({ length: POINTS }, (_, i) => BASE + i * 60_000);
store.addSeries(
  'sys.cpu',
  { host: 'web01' },
  ts,
  ts.map((_, i) => i % 10),
  'ms',
);
const QUERY = JSON.stringify({
  start: BASE / 1000,
  end: BASE / 1000 + POINTS * 60,
  queries: [{ metric: 'sys.cpu', aggregator: 'sum', tags: { host: '*' } }],
});

const emulators: OpenTsdbEmulator[] = [];
let stock: OpenTsdbEmulator;
let ovh: OpenTsdbEmulator;
beforeAll(async () => {
  stock = await startOpenTsdbEmulator({ store, now: () => BASE + 86_400_000 });
  ovh = await startOpenTsdbEmulator({ store, flavour: 'ovh', now: () => BASE + 86_400_000 });
  emulators.push(stock, ovh);
});
afterAll(async () => {
  for (const e of emulators) await e.close();
});

async function post(emulator: OpenTsdbEmulator, acceptEncoding?: string) {
  const res = await request(`${emulator.url}/api/query`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
    },
    body: QUERY,
  });
  const raw = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, encoding: res.headers['content-encoding'], vary: res.headers.vary, raw };
}

describe('Accept-Encoding negotiation', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['x-gzip', true],
    ['GZIP;q=0.5', true],
    ['*', true],
    ['deflate, *;q=0.1', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['deflate', false],
    ['identity', false],
    ['', false],
  ])('%j accepts gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('treats a missing header as identity only', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('the emulator compresses answers when asked', () => {
  it('stock: gzips /api/query for a client that accepts gzip, the same JSON as the identity answer', async () => {
    const plain = await post(stock);
    const zipped = await post(stock, 'gzip');
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    expect(zipped.status).toBe(200);
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.raw).toString('utf8')).toBe(plain.raw.toString('utf8'));
    expect(zipped.raw.length).toBeLessThan(plain.raw.length);
    expect((JSON.parse(plain.raw.toString('utf8')) as unknown[]).length).toBe(1);
  });

  it('stock: sends identity when gzip is refused (q=0) or not offered', async () => {
    for (const header of ['gzip;q=0', 'deflate']) {
      const answer = await post(stock, header);
      expect(answer.encoding).toBeUndefined();
      expect(JSON.parse(answer.raw.toString('utf8'))).toHaveLength(1);
    }
  });

  it("stock: gzips an error answer too (Netty's compressor sits in front of every answer)", async () => {
    const res = await request(`${stock.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: '{"start": "not a time"',
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw).toString('utf8'))).toHaveProperty('error.code', 400);
  });

  it('ovh: never compresses, as ovh/erlenmeyer does not', async () => {
    const answer = await post(ovh, 'gzip');
    expect(answer.status).toBe(200);
    expect(answer.encoding).toBeUndefined();
    expect(JSON.parse(answer.raw.toString('utf8'))).toHaveLength(1);
  });
});

describe('the link every answer goes through', () => {
  it('carries each byte of the body as sent (gzipped or not), in pieces of at most 64 KiB', async () => {
    const pieces: number[] = [];
    const linked = await startOpenTsdbEmulator({
      store,
      now: () => BASE + 86_400_000,
      link: {
        take: async (bytes) => {
          pieces.push(bytes);
        },
      },
    });
    emulators.push(linked);
    const zipped = await post(linked, 'gzip');
    expect(zipped.encoding).toBe('gzip');
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(zipped.raw.length);
    pieces.length = 0;
    const plain = await post(linked);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(plain.raw.length);
    expect(plain.raw.length).toBeGreaterThan(65_536);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(65_536);
    expect(pieces.length).toBeGreaterThan(1);
  });
});
