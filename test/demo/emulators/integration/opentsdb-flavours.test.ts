import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTsdbEmulator, startOpenTsdbEmulator } from '../../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';

/** Both flavours over real HTTP on 127.0.0.1: status, content type and body as a client sees them. */
const START = 1_564_407_950;
const END = 1_564_494_591;
const TOKEN = 'XXXXXXXXXXXX_XXXXXXXXXXXZZZZZZZZZZZ_YYYYYYYYYYYYYY-XXXXXXXXX';

const store = createSeriesStore();
{
  const ts: number[] = [];
  for (let t = START - 600; t <= END; t += 300) ts.push(t);
  store.addSeries(
    'vscope.host.mem.usage.perc',
    { datacenter: 'dc869', host: '172.17.86.51' },
    ts,
    ts.map(() => 4.38),
  );
}

const QUERY = {
  start: START,
  end: END,
  queries: [{ metric: 'vscope.host.mem.usage.perc', aggregator: 'sum', downsample: '20m-max-zero' }],
};

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let ovh: OpenTsdbEmulator;
let stock: OpenTsdbEmulator;
let ovhAuth: OpenTsdbEmulator;
let stockAuth: OpenTsdbEmulator;

beforeAll(async () => {
  [ovh, stock, ovhAuth, stockAuth] = await Promise.all([
    startOpenTsdbEmulator({ store, flavour: 'ovh' }),
    startOpenTsdbEmulator({ store, flavour: 'stock' }),
    startOpenTsdbEmulator({ store, flavour: 'ovh', auth: { token: TOKEN } }),
    startOpenTsdbEmulator({ store, auth: { token: TOKEN } }),
  ]);
});

afterAll(async () => {
  await Promise.all([ovh, stock, ovhAuth, stockAuth].map((e) => e?.close()));
});

async function call(
  emulator: OpenTsdbEmulator,
  path: string,
  options: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; authorization?: string } = {},
) {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const res = await request(`${emulator.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('ovh flavour over HTTP', () => {
  it('reports its flavour', () => {
    expect([ovh.flavour, stock.flavour]).toEqual(['ovh', 'stock']);
  });

  it('answers POST /api/query with end-aligned buckets, query.index and a trailing newline', async () => {
    const res = await call(ovh, '/api/query', { body: QUERY });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text.endsWith(']\n')).toBe(true);
    const [result] = JSON.parse(res.text) as { query: unknown; dps: Record<string, number> }[];
    expect(result?.query).toEqual({ index: 0 });
    expect(Object.keys(result?.dps ?? {}).every((t) => Number(t) % 1200 === 591)).toBe(true);
  });

  it('answers GET /api/query with a plain-text 501', async () => {
    const res = await call(ovh, '/api/query?start=1h-ago&m=sum:sys.cpu');
    expect(res.status).toBe(501);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('Please use the POST version of queries\n');
  });

  it('answers another verb with 405 and the verbs it takes', async () => {
    const res = await call(ovh, '/api/query', { method: 'PUT', body: QUERY });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST, DELETE');
    expect(res.text).toBe("Method 'PUT' is not allowed\n");
  });

  it('writes errors as plain text in the proxy’s words', async () => {
    const cases: [unknown, string][] = [
      [
        { ...QUERY, queries: [{ ...QUERY.queries[0], downsample: '20m-max-null' }] },
        "Downsampling fill policy 'null' is not available\n",
      ],
      [
        { ...QUERY, queries: [{ ...QUERY.queries[0], downsample: '1dc-max' }] },
        'Wrong downsampling value: 1dc-max\n',
      ],
      [
        { ...QUERY, queries: [{ ...QUERY.queries[0], aggregator: 'last' }] },
        'Invalid query: invalid aggregator last\n',
      ],
      ['{"start": ', "can't parse query\n"],
    ];
    for (const [body, text] of cases) {
      const res = await call(ovh, '/api/query', { body });
      expect({ status: res.status, type: res.headers['content-type'], text: res.text }).toEqual({
        status: 400,
        type: 'text/plain; charset=utf-8',
        text,
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers an unknown metric with an empty array, not an error', async () => {
    const res = await call(ovh, '/api/query', {
      body: { ...QUERY, queries: [{ metric: 'nope', aggregator: 'sum' }] },
    });
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '[]\n' });
  });

  it('has no /api/put or /api/version', async () => {
    expect((await call(ovh, '/api/put', { body: [] })).status).toBe(404);
    expect((await call(ovh, '/api/version')).status).toBe(404);
  });

  it('lists its own aggregators, without median', async () => {
    const names = JSON.parse((await call(ovh, '/api/aggregators')).text) as string[];
    expect(names).toContain('p95');
    expect(names).toContain('first');
    expect(names).not.toContain('median');
  });
});

describe('basic auth', () => {
  it('answers a plain-text 401 without the token under the ovh flavour', async () => {
    for (const authorization of [undefined, basic('read', 'wrong')]) {
      const res = await call(ovhAuth, '/api/query', {
        body: QUERY,
        ...(authorization ? { authorization } : {}),
      });
      expect({ status: res.status, text: res.text }).toEqual({ status: 401, text: 'Not authorized\n' });
    }
  });

  it('answers a JSON 401 without the token under the stock flavour', async () => {
    const res = await call(stockAuth, '/api/query', { body: QUERY, authorization: basic('read', 'wrong') });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 401, message: 'Not authorized' } });
  });

  it('serves a request carrying the token as password, whatever the user', async () => {
    for (const [emulator, user] of [
      [ovhAuth, 'read'],
      [stockAuth, 'anyone'],
    ] as const) {
      const res = await call(emulator, '/api/query', { body: QUERY, authorization: basic(user, TOKEN) });
      expect(res.status).toBe(200);
    }
  });

  it('checks the token before the verb', async () => {
    expect((await call(ovhAuth, '/api/query')).status).toBe(401);
    expect((await call(ovhAuth, '/api/query', { authorization: basic('read', TOKEN) })).status).toBe(501);
  });

  it('accepts any header when no token is set', async () => {
    expect(
      (await call(ovh, '/api/query', { body: QUERY, authorization: basic('read', 'whatever') })).status,
    ).toBe(200);
  });
});

describe('stock flavour over HTTP', () => {
  it('keeps JSON errors and the 405 on GET /api/query', async () => {
    const res = await call(stock, '/api/query');
    expect(res.status).toBe(405);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 405 } });
  });

  it('answers the same query with epoch-aligned buckets and no query echo', async () => {
    const res = await call(stock, '/api/query', { body: QUERY });
    const [result] = JSON.parse(res.text) as { query?: unknown; dps: Record<string, number> }[];
    expect(result?.query).toBeUndefined();
    expect(Object.keys(result?.dps ?? {}).every((t) => Number(t) % 1200 === 0)).toBe(true);
  });
});
