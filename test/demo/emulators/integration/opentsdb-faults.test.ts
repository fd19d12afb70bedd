import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MALFORMED_BODY,
  type OpenTsdbEmulator,
  startOpenTsdbEmulator,
} from '../../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';

/** Every scripted fault, observed by a real client over 127.0.0.1. */
const T0 = 1_700_000_000;
const store = createSeriesStore();
store.addSeries('sys.cpu', { host: 'web01' }, [T0, T0 + 60], [1, 2]);
store.addSeries('sys.mem', { host: 'web01' }, [T0, T0 + 60], [3, 4]);

const queryOf = (...metrics: string[]) => ({
  start: T0,
  end: T0 + 60,
  queries: metrics.map((metric) => ({ metric, aggregator: 'sum' })),
});

// One connection per request, so a reset or a cut body never leaks into the next test.
const dispatcher = new Agent({ pipelining: 0, keepAliveTimeout: 1 });
let stock: OpenTsdbEmulator;
let ovh: OpenTsdbEmulator;

beforeAll(async () => {
  [stock, ovh] = await Promise.all([
    startOpenTsdbEmulator({ store }),
    startOpenTsdbEmulator({ store, flavour: 'ovh', faults: [{ status: 503 }] }),
  ]);
});

afterEach(() => {
  stock.faults.clear();
});

afterAll(async () => {
  await Promise.all([stock?.close(), ovh?.close()]);
  await dispatcher.close();
});

async function post(emulator: OpenTsdbEmulator, body: unknown = queryOf('sys.cpu')) {
  const res = await request(`${emulator.url}/api/query`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('scripted faults over HTTP', () => {
  it('answers normally with no fault queued', async () => {
    const res = await post(stock);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveLength(1);
  });

  it('answers a scripted status with its headers, then recovers', async () => {
    stock.faults.push({ status: 429, headers: { 'Retry-After': '7' } });
    const failed = await post(stock);
    expect(failed.status).toBe(429);
    expect(failed.headers['retry-after']).toBe('7');
    expect(JSON.parse(failed.text)).toMatchObject({ error: { code: 429 } });
    expect((await post(stock)).status).toBe(200);
  });

  it('sends a scripted body as given', async () => {
    stock.faults.push({ status: 500, body: 'FETCH exceeded limit of 20000000 datapoints' });
    const res = await post(stock);
    expect({ status: res.status, text: res.text }).toEqual({
      status: 500,
      text: 'FETCH exceeded limit of 20000000 datapoints',
    });
    expect(res.headers['content-type']).toContain('text/plain');
  });

  it('writes a default error body in the flavour’s format, from faults queued at start', async () => {
    const res = await post(ovh);
    expect({ status: res.status, text: res.text }).toEqual({
      status: 503,
      text: 'Fault injected by the emulator\n',
    });
    expect((await post(ovh)).status).toBe(200);
  });

  it('delays the answer by delayMs, reporting the stall, and answers other requests meanwhile', async () => {
    stock.faults.push({ fault: { delayMs: 200 }, metric: 'sys.mem' });
    const sentAt = performance.now();
    const delayed = post(stock, queryOf('sys.mem')).then((res) => ({
      res,
      waited: performance.now() - sentAt,
    }));
    await stock.faults.stalled();
    expect((await post(stock)).status).toBe(200);
    const { res, waited } = await delayed;
    // A timer never fires early (give or take a millisecond of rounding); how late it fires does not matter here.
    expect(waited).toBeGreaterThanOrEqual(198);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveLength(1);
  });

  it('holds the answer until released, and answers other requests meanwhile', async () => {
    stock.faults.push({ status: 503, hold: true });
    let answered = false;
    const held = post(stock).finally(() => {
      answered = true;
    });
    const stalled = await stock.faults.stalled();
    expect((await post(stock)).status).toBe(200);
    expect(answered).toBe(false);
    stalled.release();
    expect((await held).status).toBe(503);
  });

  it('reports a client that gives up on a held answer', async () => {
    stock.faults.push({ hold: true });
    const gaveUp = new AbortController();
    const held = request(`${stock.url}/api/query`, {
      method: 'POST',
      dispatcher,
      body: JSON.stringify(queryOf('sys.cpu')),
      signal: gaveUp.signal,
    }).catch((error: unknown) => error);
    const stalled = await stock.faults.stalled();
    gaveUp.abort(new Error('client timeout'));
    await stalled.clientGone;
    expect(await held).toBeInstanceOf(Error);
    // Released after the client left: nothing is written, and the next request is served.
    stalled.release();
    expect((await post(stock)).status).toBe(200);
  });

  it('resets the connection without a response', async () => {
    stock.faults.push({ reset: true });
    const before = stock.stats.requests;
    await expect(post(stock)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(stock.stats.requests).toBe(before + 1);
  });

  it('sends a real status, then cuts the JSON body short', async () => {
    stock.faults.push({ truncate: true });
    const res = await request(`${stock.url}/api/query`, {
      method: 'POST',
      dispatcher,
      body: JSON.stringify(queryOf('sys.cpu', 'sys.mem')),
    });
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(10);
    // undici names a body cut short either way, depending on whether it meant to reuse the connection.
    await expect(res.body.text()).rejects.toMatchObject({
      code: expect.stringMatching(/^UND_ERR_(SOCKET|RES_CONTENT_LENGTH_MISMATCH)$/),
    });
  });

  it('answers 200 with a body that is not JSON when malformed', async () => {
    stock.faults.push({ malformed: true });
    const res = await post(stock);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.text).toBe(MALFORMED_BODY);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('consumes queued faults one per request, in order', async () => {
    stock.faults.push({ status: 502 }, { status: 504 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(stock)).status);
    expect(statuses).toEqual([502, 504, 200]);
  });

  it('fails only the batch that names a metric, as often as asked', async () => {
    stock.faults.push({ fault: { status: 500 }, metric: 'sys.mem', times: 2 });
    const statuses = [];
    for (const metric of ['sys.cpu', 'sys.mem', 'sys.cpu', 'sys.mem', 'sys.mem']) {
      statuses.push((await post(stock, queryOf(metric))).status);
    }
    expect(statuses).toEqual([200, 500, 200, 500, 200]);
    expect(stock.faults.pending).toBe(0);
  });

  it('counts every request, faulted or not, and the faulted ones apart', async () => {
    const before = { ...stock.stats };
    stock.faults.push({ status: 503 });
    await post(stock);
    await post(stock);
    expect(stock.stats).toEqual({ requests: before.requests + 2, faults: before.faults + 1 });
  });

  it.each([
    ['delayed an hour', { delayMs: 3_600_000 }],
    ['held', { hold: true as const }],
  ])('closes at once while an answer %s is pending', async (_name, fault) => {
    const other = await startOpenTsdbEmulator({ store, faults: [fault] });
    const pending = post(other).catch((error: unknown) => error);
    await other.faults.stalled();
    // Closing cuts the pending answer; waiting for it instead would outlast the test's timeout.
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
