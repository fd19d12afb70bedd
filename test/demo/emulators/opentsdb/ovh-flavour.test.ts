import { describe, expect, it } from 'vitest';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';
import { createSeriesStore, type SeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { BASE, byTag, dpsOf, query, type ResultObject } from './helpers.ts';

const ovh = (store: SeriesStore, body: unknown, nowMs?: number) =>
  query(store, body, { flavour: 'ovh', ...(nowMs === undefined ? {} : { nowMs }) });
const stock = (store: SeriesStore, body: unknown, nowMs?: number) =>
  query(store, body, { flavour: 'stock', ...(nowMs === undefined ? {} : { nowMs }) });

function stamps(result: ResultObject | undefined): number[] {
  return Object.keys(dpsOf(result)).map(Number);
}

function expectError(fn: () => unknown, status: number, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TsdbError);
  expect({ status: (caught as TsdbError).status, message: (caught as TsdbError).message }).toEqual({
    status,
    message,
  });
}

/** Points every `stepS` seconds over [fromS, toS], values from `value(i)`. */
function regular(fromS: number, toS: number, stepS: number, value: (i: number) => number = () => 1) {
  const ts: number[] = [];
  const vs: number[] = [];
  for (let t = fromS, i = 0; t <= toS; t += stepS, i++) {
    ts.push(t);
    vs.push(value(i));
  }
  return { ts, vs };
}

describe('ovh flavour: the guide’s example (vscope-api-guide, 20m-max-zero over one day)', () => {
  const START = 1_564_407_950;
  const END = 1_564_494_591;
  const TAGS = {
    datacenter: 'pcc-37-187-228-180_datacenter869',
    env: 'prod',
    host: '172.17.86.51',
    servicename: 'pcc-37-187-228-180',
    servicetype: 'vscope',
  };
  const store = createSeriesStore();
  const { ts, vs } = regular(START - 3600, END + 3600, 60, (i) => 4 + (i % 7) / 100);
  store.addSeries('vscope.host.mem.usage.perc', TAGS, ts, vs);
  // The guide's request, which has no end: the server's clock closes the range.
  const body = {
    start: START,
    queries: [
      {
        metric: 'vscope.host.mem.usage.perc',
        aggregator: 'sum',
        downsample: '20m-max-zero',
        tags: { datacenter: TAGS.datacenter, host: TAGS.host },
      },
    ],
  };

  it('stamps buckets at end − k·20m: every timestamp ≡ 591 mod 1200, as in the guide', () => {
    const [result] = ovh(store, body, END * 1000);
    const keys = stamps(result);
    expect(keys.every((t) => t % 1200 === 591)).toBe(true);
    expect(keys.slice(0, 2)).toEqual([1_564_409_391, 1_564_410_591]);
    expect(keys.at(-1)).toBe(END);
  });

  it('keeps ⌊range / span⌋ buckets, leaving out the partial one at the start', () => {
    const [result] = ovh(store, body, END * 1000);
    expect(stamps(result)).toHaveLength(Math.floor((END - START) / 1200));
  });

  it('answers in the guide’s shape: all common tags, query.index, empty aggregateTags', () => {
    const [result] = ovh(store, body, END * 1000);
    expect(Object.keys(result ?? {})).toEqual(['metric', 'tags', 'query', 'aggregateTags', 'dps']);
    expect(result).toMatchObject({ tags: TAGS, query: { index: 0 }, aggregateTags: [] });
  });

  it('lands on epoch multiples of 1200 s under the stock flavour instead', () => {
    const [result] = stock(store, body, END * 1000);
    expect(stamps(result).every((t) => t % 1200 === 0)).toBe(true);
  });
});

describe('ovh flavour: downsampling', () => {
  const T0 = BASE / 1000;

  it('forces a mean downsample of at most 1000 buckets when none is asked', () => {
    const store = createSeriesStore();
    const { ts, vs } = regular(T0, T0 + 1000 * 60, 10, (i) => i % 6);
    store.addSeries('sys.cpu', { host: 'web01' }, ts, vs);
    const [forced] = ovh(store, {
      start: T0,
      end: T0 + 1000 * 60,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum' }],
    });
    const keys = stamps(forced);
    expect(keys).toHaveLength(1000);
    expect(keys[1]! - keys[0]!).toBe(60);
    // Six points per minute, 0..5 in turn: each bucket's mean.
    expect(new Set(Object.values(dpsOf(forced)))).toEqual(new Set([2.5]));
    const [raw] = stock(store, {
      start: T0,
      end: T0 + 1000 * 60,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum' }],
    });
    expect(stamps(raw)).toHaveLength(6001);
  });

  it('picks the forced span from a fixed list: 10 min (144 buckets) over the guide’s day', () => {
    const store = createSeriesStore();
    const { ts, vs } = regular(1_564_407_950, 1_564_494_591, 60);
    store.addSeries('sys.cpu', { host: 'web01' }, ts, vs);
    const [result] = ovh(store, {
      start: 1_564_407_950,
      end: 1_564_494_591,
      queries: [{ metric: 'sys.cpu', aggregator: 'avg' }],
    });
    expect(stamps(result)).toHaveLength(144);
  });

  describe('fill policies over a series with empty buckets', () => {
    const store = createSeriesStore();
    // Buckets end at T0+60·k (k = 1..5); points only in buckets 2 and 4.
    store.addSeries('sys.cpu', { host: 'web01' }, [T0 + 110, T0 + 230], [10, 30]);
    const run = (aggregator: string, downsample: string) =>
      ovh(store, { start: T0, end: T0 + 300, queries: [{ metric: 'sys.cpu', aggregator, downsample }] })[0];

    it('interpolates and fills the whole range with fill none and an interpolating aggregator', () => {
      expect(dpsOf(run('sum', '1m-avg'))).toEqual({
        [T0 + 60]: 10,
        [T0 + 120]: 10,
        [T0 + 180]: 20,
        [T0 + 240]: 30,
        [T0 + 300]: 30,
      });
    });

    it('leaves empty buckets out with fill none and zimsum, which does not interpolate', () => {
      expect(dpsOf(run('zimsum', '1m-avg'))).toEqual({ [T0 + 120]: 10, [T0 + 240]: 30 });
    });

    it('leaves empty buckets out with fill nan rather than writing NaN', () => {
      expect(dpsOf(run('sum', '1m-avg-nan'))).toEqual({ [T0 + 120]: 10, [T0 + 240]: 30 });
    });

    it('writes 0 in empty buckets with fill zero', () => {
      expect(Object.values(dpsOf(run('sum', '1m-avg-zero')))).toEqual([0, 10, 0, 30, 0]);
    });

    it('stamps 0all at the end of the range', () => {
      expect(dpsOf(run('sum', '0all-sum'))).toEqual({ [T0 + 300]: 40 });
    });
  });

  it('writes whole seconds even with msResolution', () => {
    const store = createSeriesStore();
    store.addSeries('sys.cpu', { host: 'web01' }, [BASE + 500, BASE + 1500], [1, 2], 'ms');
    const body = {
      start: BASE,
      end: BASE + 1750,
      msResolution: true,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '1s-sum' }],
    };
    // One bucket, (BASE+750, BASE+1750], stamped at BASE+1750 and written as BASE+1000.
    expect(dpsOf(ovh(store, body)[0])).toEqual({ [BASE + 1000]: 2 });
    expect(dpsOf(stock(store, body)[0])).toEqual({ [BASE]: 1, [BASE + 1000]: 2 });
  });
});

describe('ovh flavour: selection, grouping and results', () => {
  const T = [BASE, BASE + 60_000];
  const store = createSeriesStore();
  const add = (host: string, dc: string, v: number) =>
    store.addSeries('sys.cpu', { host, dc }, T, [v, v], 'ms');
  add('web01', 'par', 1);
  add('web02', 'par', 2);
  add('web03', 'par', 3);
  add('web04', 'par', 4);
  add('db01', 'rbx', 100);
  const run = (flavour: 'ovh' | 'stock', sub: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    query(
      store,
      {
        start: BASE,
        end: BASE + 60_000,
        queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '1m-avg', ...sub }],
        ...extra,
      },
      { flavour },
    );

  it('lists the group-by keys as aggregateTags, not the keys that varied', () => {
    const par = byTag(run('ovh', { tags: { dc: '*' } }), 'dc').get('par');
    expect(par).toMatchObject({ tags: { dc: 'par' }, aggregateTags: ['dc'] });
    expect(byTag(run('stock', { tags: { dc: '*' } }), 'dc').get('par')?.aggregateTags).toEqual(['host']);
  });

  it('filters on a single tags value without grouping by it', () => {
    const [result, ...rest] = run('ovh', { tags: { dc: 'par' } });
    expect(rest).toEqual([]);
    expect(result?.aggregateTags).toEqual([]);
    expect(Object.values(dpsOf(result))).toContain(10);
  });

  it('ignores iliteral_or, not_literal_or, not_iliteral_or and iwildcard filters, groupBy included', () => {
    for (const type of ['iliteral_or', 'not_literal_or', 'not_iliteral_or', 'iwildcard']) {
      const results = run('ovh', { filters: [{ type, tagk: 'host', filter: 'WEB0*', groupBy: true }] });
      expect(results, type).toHaveLength(1);
      expect(Object.values(dpsOf(results[0])), type).toContain(110);
    }
    const excluded = run('stock', {
      filters: [{ type: 'not_literal_or', tagk: 'host', filter: 'db01', groupBy: false }],
    });
    expect(Object.values(dpsOf(excluded[0]))).toContain(10);
  });

  it('honours literal_or, wildcard and regexp filters, matching the whole value', () => {
    const hosts = (filters: unknown[]) => [...byTag(run('ovh', { filters }), 'host').keys()].sort();
    expect(hosts([{ type: 'literal_or', tagk: 'host', filter: 'web01|db01', groupBy: true }])).toEqual([
      'db01',
      'web01',
    ]);
    expect(hosts([{ type: 'wildcard', tagk: 'host', filter: 'web*', groupBy: true }])).toHaveLength(4);
    expect(hosts([{ type: 'regexp', tagk: 'host', filter: 'eb0', groupBy: true }])).toEqual([]);
    expect(hosts([{ type: 'regexp', tagk: 'host', filter: 'web0[12]', groupBy: true }])).toEqual([
      'web01',
      'web02',
    ]);
  });

  it('puts query.index in every result without showQuery', () => {
    const results = query(
      store,
      {
        start: BASE,
        end: BASE + 60_000,
        queries: [
          { metric: 'sys.cpu', aggregator: 'max', tags: { dc: '*' } },
          { metric: 'sys.cpu', aggregator: 'min' },
        ],
      },
      { flavour: 'ovh' },
    );
    expect(results.map((r) => r.query).sort((a, b) => (a?.index ?? -1) - (b?.index ?? -1))).toEqual([
      { index: 0 },
      { index: 0 },
      { index: 1 },
    ]);
    expect(run('stock', {})[0]?.query).toBeUndefined();
  });

  it('writes dps as an object even when ?arrays is asked', () => {
    const body = { start: BASE, end: BASE + 60_000, queries: [{ metric: 'sys.cpu', aggregator: 'sum' }] };
    expect(Array.isArray(query(store, body, { flavour: 'ovh', arrays: true })[0]?.dps)).toBe(false);
    expect(Array.isArray(query(store, body, { flavour: 'stock', arrays: true })[0]?.dps)).toBe(true);
  });

  it('answers no data for a metric, tag key or tag value never written', () => {
    expect(run('ovh', { metric: 'sys.nope' })).toEqual([]);
    expect(run('ovh', { tags: { rack: '*' } })).toEqual([]);
    expect(run('ovh', { tags: { host: 'web99' } })).toEqual([]);
    expect(() => run('stock', { tags: { host: 'web99' } })).toThrow("No such name for 'tagv': 'web99'");
  });

  it('drops results left without a point', () => {
    const single = createSeriesStore();
    single.addSeries('sys.cpu', { host: 'web01' }, [BASE + 30_000], [5], 'ms');
    const body = {
      start: BASE,
      end: BASE + 60_000,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum', rate: true, downsample: '1m-avg' }],
    };
    expect(query(single, body, { flavour: 'ovh' })).toEqual([]);
    expect(query(single, body, { flavour: 'stock' })).toMatchObject([{ dps: {} }]);
  });

  it('takes nearest-rank percentiles and the sample standard deviation across series', () => {
    const par = { tags: { dc: 'par' } };
    const first = (r: ResultObject[]) => Object.values(dpsOf(r[0]))[0];
    expect(first(run('ovh', { ...par, aggregator: 'p50' }))).toBe(3);
    expect(first(run('stock', { ...par, aggregator: 'p50' }))).toBe(2.5);
    expect(first(run('ovh', { ...par, aggregator: 'dev' }))).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(first(run('stock', { ...par, aggregator: 'dev' }))).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it('ignores the downsample and the rate with the none aggregator', () => {
    const results = run('ovh', { aggregator: 'none', downsample: 'not-a-downsample', rate: true });
    expect(results).toHaveLength(5);
    // Raw points of (start, end]: Warp 10 leaves out the one at the start.
    expect(dpsOf(byTag(results, 'host').get('web02'))).toEqual({ [BASE / 1000 + 60]: 2 });
  });
});

describe('ovh flavour: aggregation across series with a gap', () => {
  const T0 = BASE / 1000;
  const store = createSeriesStore();
  // Buckets end at T0+60, T0+120, T0+180; web02 has nothing in the middle one.
  store.addSeries('sys.cpu', { host: 'web01' }, [T0 + 30, T0 + 90, T0 + 150], [10, 20, 30]);
  store.addSeries('sys.cpu', { host: 'web02' }, [T0 + 30, T0 + 150], [100, 100]);
  const run = (sub: Record<string, unknown>) =>
    ovh(store, {
      start: T0,
      end: T0 + 180,
      queries: [{ metric: 'sys.cpu', downsample: '1m-avg', ...sub }],
    })[0];

  it('counts only the series present in each bucket', () => {
    expect(dpsOf(run({ aggregator: 'count' }))).toEqual({ [T0 + 60]: 2, [T0 + 120]: 1, [T0 + 180]: 2 });
  });

  it('computes the rate of the aggregated series, after grouping', () => {
    expect(dpsOf(run({ aggregator: 'zimsum', rate: true }))).toEqual({
      [T0 + 120]: (20 - 110) / 60,
      [T0 + 180]: (130 - 20) / 60,
    });
  });

  it('leaves out values Warp 10 cannot compute, such as the deviation of one series', () => {
    const one = { aggregator: 'dev', tags: { host: 'web01' } };
    expect(run(one)).toBeUndefined();
    const [stockDev] = stock(store, {
      start: T0,
      end: T0 + 180,
      queries: [{ metric: 'sys.cpu', downsample: '1m-avg', ...one }],
    });
    expect(Object.values(dpsOf(stockDev))).toEqual([0, 0, 0]);
  });
});

describe('ovh flavour: what it rejects, in its words', () => {
  const store = createSeriesStore();
  store.addSeries('sys.cpu', { host: 'web01' }, [BASE], [1], 'ms');
  const sub = (extra: Record<string, unknown>) => ({
    start: BASE,
    end: BASE + 60_000,
    queries: [{ metric: 'sys.cpu', aggregator: 'sum', ...extra }],
  });

  it('rejects fill null', () => {
    expectError(
      () => ovh(store, sub({ downsample: '1m-avg-null' })),
      400,
      "Downsampling fill policy 'null' is not available",
    );
    expect(() => stock(store, sub({ downsample: '1m-avg-null' }))).not.toThrow();
  });

  it('rejects calendar intervals as a wrong downsampling value', () => {
    expectError(() => ovh(store, sub({ downsample: '1dc-avg' })), 400, 'Wrong downsampling value: 1dc-avg');
  });

  it('rejects first, last and median as the grouping aggregator, but not as downsamplers', () => {
    for (const name of ['first', 'last', 'median']) {
      expectError(
        () => ovh(store, sub({ aggregator: name })),
        400,
        `Invalid query: invalid aggregator ${name}`,
      );
    }
    expect(() => ovh(store, sub({ downsample: '1m-first' }))).not.toThrow();
    expectError(
      () => ovh(store, sub({ downsample: '1m-median' })),
      400,
      "Downsampling operator 'median' is not available",
    );
  });

  it('words validation failures as the proxy does', () => {
    expectError(
      () => ovh(store, { ...sub({}), end: BASE - 1 }),
      400,
      'Invalid query: Start date is after end date',
    );
    expectError(() => ovh(store, sub({ metric: '' })), 400, 'Invalid query: missing metric name');
    expectError(() => ovh(store, sub({ rate: 'yes' })), 400, "can't parse query");
    expectError(() => ovh(store, { ...sub({}), start: 'yesterday' }), 400, "can't parse query");
  });

  it('accepts a query without start or queries, or ending at its start, which stock rejects', () => {
    expect(ovh(store, { queries: [] })).toEqual([]);
    expect(ovh(store, { ...sub({}), end: BASE })).toEqual([]);
    expect(() => stock(store, { ...sub({}), end: BASE })).toThrow('must be greater than the start time');
    expect(ovh(store, { queries: [{ metric: 'sys.cpu', aggregator: 'sum' }] })).toHaveLength(1);
    expect(() => stock(store, { queries: [{ metric: 'sys.cpu', aggregator: 'sum' }] })).toThrow(
      'Missing start time',
    );
  });
});
