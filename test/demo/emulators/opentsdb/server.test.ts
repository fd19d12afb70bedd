import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTsdbEmulator, startOpenTsdbEmulator } from '../../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { BASE } from './helpers.ts';

const store = createSeriesStore();
store.addSeries('sys.cpu', { host: 'web01' }, [BASE, BASE + 60_000], [1, 2], 'ms');
store.addSeries('sys.cpu', { host: 'web02' }, [BASE, BASE + 60_000], [10, 20], 'ms');

let emulator: OpenTsdbEmulator;

beforeAll(async () => {
  emulator = await startOpenTsdbEmulator({ store, now: () => BASE + 120_000 });
});

afterAll(async () => {
  await emulator.close();
});

async function post(path: string, body: unknown) {
  const res = await request(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: text ? (JSON.parse(text) as unknown) : null,
  };
}

const QUERY = {
  start: BASE / 1000,
  end: BASE / 1000 + 60,
  queries: [{ metric: 'sys.cpu', aggregator: 'sum', tags: { host: '*' } }],
};

describe('OpenTSDB emulator over HTTP', () => {
  it('listens on an ephemeral loopback port', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers POST /api/query with one JSON result per group', async () => {
    const res = await post('/api/query', QUERY);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const results = res.json as { tags: { host: string }; dps: Record<string, number> }[];
    const web02 = results.find((r) => r.tags.host === 'web02');
    expect(web02?.dps).toEqual({ [BASE / 1000]: 10, [BASE / 1000 + 60]: 20 });
  });

  it('answers dps as arrays with ?arrays', async () => {
    const res = await post('/api/query?arrays=true', QUERY);
    const results = res.json as { tags: { host: string }; dps: [number, number][] }[];
    expect(results.find((r) => r.tags.host === 'web01')?.dps).toEqual([
      [BASE / 1000, 1],
      [BASE / 1000 + 60, 2],
    ]);
  });

  it('answers an empty array with 200 when nothing matches', async () => {
    const res = await post('/api/query', { ...QUERY, start: BASE / 1000 - 3600, end: BASE / 1000 - 60 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  it('answers an unknown metric with a stock JSON 400', async () => {
    const res = await post('/api/query', { ...QUERY, queries: [{ metric: 'sys.mem', aggregator: 'sum' }] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: 400, message: "No such name for 'metrics': 'sys.mem'" } });
  });

  it('answers malformed JSON and a missing start with 400', async () => {
    const bad = await post('/api/query', '{"start": ');
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { message: string } }).error.message).toBe('Unable to parse the given JSON');
    const noStart = await post('/api/query', { queries: QUERY.queries });
    expect(noStart.json).toMatchObject({ error: { code: 400, message: 'Missing start time' } });
  });

  it('answers GET /api/query with 405 and the allowed verb', async () => {
    const res = await request(`${emulator.url}/api/query?start=1h-ago&m=sum:sys.cpu`);
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(await res.body.json()).toMatchObject({ error: { code: 405 } });
  });

  it('answers an unknown path with 404', async () => {
    const res = await request(`${emulator.url}/api/suggest`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ error: { code: 404, message: 'Endpoint not found' } });
  });

  it('answers GET /api/version', async () => {
    const res = await request(`${emulator.url}/api/version`);
    expect(await res.body.json()).toEqual({ version: '2.4.0-emulator' });
  });

  it('stores points from POST /api/put and serves them to queries', async () => {
    const put = await post('/api/put', [
      { metric: 'sys.disk', timestamp: BASE / 1000, value: 5, tags: { host: 'web01' } },
      { metric: 'sys.disk', timestamp: BASE / 1000 + 60, value: '7.5', tags: { host: 'web01' } },
    ]);
    expect(put.status).toBe(204);
    const res = await post('/api/query', { ...QUERY, queries: [{ metric: 'sys.disk', aggregator: 'sum' }] });
    expect(res.json).toMatchObject([
      { metric: 'sys.disk', dps: { [BASE / 1000]: 5, [BASE / 1000 + 60]: 7.5 } },
    ]);
  });

  it('accepts a single point object on /api/put', async () => {
    const put = await post('/api/put', {
      metric: 'sys.one',
      timestamp: BASE,
      value: 1,
      tags: { host: 'web01' },
    });
    expect(put.status).toBe(204);
  });

  it('rejects bad points with 400 and lists them with ?details', async () => {
    const points = [
      { metric: 'sys.disk', timestamp: BASE / 1000 + 120, value: 1, tags: { host: 'web01' } },
      { metric: 'sys.disk', timestamp: BASE / 1000, value: 'high', tags: { host: 'web01' } },
    ];
    const plain = await post('/api/put', points);
    expect(plain.status).toBe(400);
    expect(plain.json).toMatchObject({ error: { code: 400, message: 'One or more data points had errors' } });
    const detailed = await post('/api/put?details', points);
    expect(detailed.status).toBe(400);
    expect(detailed.json).toMatchObject({
      success: 1,
      failed: 1,
      errors: [{ error: 'Unable to parse value to a number' }],
    });
  });

  it('counts the requests it served', () => {
    expect(emulator.stats.requests).toBeGreaterThanOrEqual(12);
  });

  it('closes promptly with an idle keep-alive connection open', async () => {
    const other = await startOpenTsdbEmulator({ store });
    const res = await request(`${other.url}/api/version`);
    await res.body.text();
    // An idle keep-alive socket would hold close() for seconds; the test's 3 s timeout fails then.
    await other.close();
    expect(other.stats.requests).toBe(1);
  }, 3_000);
});
