import { describe, expect, it } from 'vitest';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';
import { createSeriesStore, type SeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { BASE, byTag, dpsOf, query, type ResultObject } from './helpers.ts';

const T = [BASE, BASE + 60_000, BASE + 120_000];

/** Three hosts in two datacenters; each host's value is constant, so sums are easy to read. */
function fleet(): SeriesStore {
  const store = createSeriesStore();
  const add = (host: string, dc: string, v: number) =>
    store.addSeries('sys.cpu', { host, dc }, T, [v, v, v], 'ms');
  add('web01', 'par', 1);
  add('web02', 'par', 10);
  add('db01', 'rbx', 100);
  return store;
}

function run(
  store: SeriesStore,
  sub: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ResultObject[] {
  return query(store, {
    start: BASE,
    end: BASE + 120_000,
    msResolution: true,
    ...extra,
    queries: [{ metric: 'sys.cpu', aggregator: 'sum', ...sub }],
  });
}

function firstValue(result: ResultObject | undefined): unknown {
  return Object.values(dpsOf(result))[0];
}

function expectTsdbError(fn: () => unknown, status: number, message: string | RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TsdbError);
    expect((error as TsdbError).status).toBe(status);
    if (typeof message === 'string') expect((error as TsdbError).message).toBe(message);
    else expect((error as TsdbError).message).toMatch(message);
    return;
  }
  throw new Error('expected a TsdbError');
}

describe('grouping', () => {
  const store = fleet();

  it('aggregates every series of the metric into one result without filters', () => {
    const results = run(store, {});
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ metric: 'sys.cpu', tags: {}, aggregateTags: ['dc', 'host'] });
    expect(firstValue(results[0])).toBe(111);
  });

  it('returns one result per tag value with a wildcard tags map', () => {
    const results = run(store, { tags: { host: '*' } });
    const hosts = byTag(results, 'host');
    expect([...hosts.keys()].sort()).toEqual(['db01', 'web01', 'web02']);
    expect(hosts.get('web02')).toMatchObject({ tags: { host: 'web02', dc: 'par' }, aggregateTags: [] });
    expect(firstValue(hosts.get('db01'))).toBe(100);
  });

  it('keeps the shared tags of a group and lists the keys that varied', () => {
    const results = run(store, { filters: [{ type: 'wildcard', tagk: 'dc', filter: '*', groupBy: true }] });
    const dcs = byTag(results, 'dc');
    expect(dcs.get('par')).toMatchObject({ tags: { dc: 'par' }, aggregateTags: ['host'] });
    expect(firstValue(dcs.get('par'))).toBe(11);
    expect(dcs.get('rbx')).toMatchObject({ tags: { dc: 'rbx', host: 'db01' }, aggregateTags: [] });
  });

  it('groups by a literal tags value, as the deprecated map implies', () => {
    const results = run(store, { tags: { host: 'web01|web02' } });
    expect([...byTag(results, 'host').keys()].sort()).toEqual(['web01', 'web02']);
  });

  it('keeps each series apart with the none aggregator', () => {
    const results = run(store, {
      aggregator: 'none',
      filters: [{ type: 'literal_or', tagk: 'dc', filter: 'par' }],
    });
    expect(results.map((r) => r.tags.host).sort()).toEqual(['web01', 'web02']);
  });
});

describe('filters', () => {
  const store = fleet();
  const sumWith = (type: string, filter: string, tagk = 'host') =>
    firstValue(run(store, { filters: [{ type, tagk, filter, groupBy: false }] })[0]);

  it('matches any of the literal_or values, case-sensitively', () => {
    expect(sumWith('literal_or', 'web01|db01')).toBe(101);
    expect(sumWith('iliteral_or', 'WEB01|DB01')).toBe(101);
  });

  it('excludes the not_literal_or values', () => {
    expect(sumWith('not_literal_or', 'web01')).toBe(110);
    expect(sumWith('not_iliteral_or', 'WEB01|db01')).toBe(10);
  });

  it('matches wildcards anywhere in the value', () => {
    expect(sumWith('wildcard', 'web*')).toBe(11);
    expect(sumWith('wildcard', '*01')).toBe(101);
    expect(sumWith('iwildcard', 'WEB*')).toBe(11);
  });

  it('matches a regexp anywhere in the value, like Java find()', () => {
    expect(sumWith('regexp', 'eb')).toBe(11);
    expect(sumWith('regexp', '^db')).toBe(100);
    expect(sumWith('regexp', '0[12]$')).toBe(111);
  });

  it('ANDs filters, including two on the same key', () => {
    const results = run(store, {
      filters: [
        { type: 'wildcard', tagk: 'host', filter: 'web*' },
        { type: 'not_literal_or', tagk: 'host', filter: 'web02' },
        { type: 'literal_or', tagk: 'dc', filter: 'par' },
      ],
    });
    expect(firstValue(results[0])).toBe(1);
  });

  it('answers an empty array when nothing matches', () => {
    expect(run(store, { filters: [{ type: 'regexp', tagk: 'host', filter: 'mail' }] })).toEqual([]);
  });

  it('keeps only series whose tag keys are all filtered with explicitTags', () => {
    const hostOnly = [{ type: 'wildcard', tagk: 'host', filter: '*', groupBy: true }];
    expect(run(store, { filters: hostOnly, explicitTags: true })).toEqual([]);
    const both = [...hostOnly, { type: 'wildcard', tagk: 'dc', filter: '*' }];
    expect(run(store, { filters: both, explicitTags: true })).toHaveLength(3);
  });

  it('rejects a wildcard without an asterisk, an unknown type and a broken regexp', () => {
    expectTsdbError(() => sumWith('wildcard', 'web'), 400, 'Filter must contain an asterisk');
    expectTsdbError(() => sumWith('fuzzy', 'web'), 400, /filter plugin of type 'fuzzy'/);
    expectTsdbError(() => sumWith('regexp', '(web'), 400, /Invalid regular expression/);
  });

  it('rejects a tag key or a literal tag value that was never written, as stock does', () => {
    expectTsdbError(() => sumWith('literal_or', 'web01', 'rack'), 400, "No such name for 'tagk': 'rack'");
    expectTsdbError(() => sumWith('literal_or', 'web01|web99'), 400, "No such name for 'tagv': 'web99'");
  });

  it('skips unknown literal values when configured to', () => {
    const results = query(
      store,
      {
        start: BASE,
        end: BASE + 120_000,
        queries: [{ metric: 'sys.cpu', aggregator: 'sum', tags: { host: 'web01|web99' } }],
      },
      { skipUnresolvedTagvs: true },
    );
    expect(results.map((r) => r.tags.host)).toEqual(['web01']);
  });
});

describe('aggregation across series with offset timestamps', () => {
  // a: (0 s, 10) (20 s, 30); b: (10 s, 100) (30 s, 200).
  const store = createSeriesStore();
  store.addSeries('m', { host: 'a' }, [BASE, BASE + 20_000], [10, 30], 'ms');
  store.addSeries('m', { host: 'b' }, [BASE + 10_000, BASE + 30_000], [100, 200], 'ms');
  const dps = (aggregator: string) =>
    dpsOf(
      query(store, {
        start: BASE,
        end: BASE + 30_000,
        msResolution: true,
        queries: [{ metric: 'm', aggregator }],
      })[0],
    );
  const at = (s: number) => String(BASE + s * 1000);

  it('interpolates linearly with sum, only inside each series’ own span', () => {
    // 0 s: a alone (b has not started); 10 s: a on its line 10→30 = 20, + 100;
    // 20 s: 30 + b on its line 100→200 = 150; 30 s: b alone (a has ended).
    expect(dps('sum')).toEqual({ [at(0)]: 10, [at(10)]: 120, [at(20)]: 180, [at(30)]: 200 });
  });

  it('counts a missing series as zero with zimsum', () => {
    expect(dps('zimsum')).toEqual({ [at(0)]: 10, [at(10)]: 100, [at(20)]: 30, [at(30)]: 200 });
  });

  it('averages and takes extremes over interpolated values', () => {
    expect(dps('avg')).toEqual({ [at(0)]: 10, [at(10)]: 60, [at(20)]: 90, [at(30)]: 200 });
    expect(dps('min')).toEqual({ [at(0)]: 10, [at(10)]: 20, [at(20)]: 30, [at(30)]: 200 });
    expect(dps('max')).toEqual({ [at(0)]: 10, [at(10)]: 100, [at(20)]: 150, [at(30)]: 200 });
  });

  it('ignores missing series with mimmin and mimmax', () => {
    expect(dps('mimmin')).toEqual({ [at(0)]: 10, [at(10)]: 100, [at(20)]: 30, [at(30)]: 200 });
    expect(dps('mimmax')).toEqual(dps('mimmin'));
  });

  it('counts series in their span, the zero-filled ones included, with count', () => {
    expect(dps('count')).toEqual({ [at(0)]: 1, [at(10)]: 2, [at(20)]: 2, [at(30)]: 1 });
  });

  it('computes the population standard deviation with dev', () => {
    expect(dps('dev')).toEqual({ [at(0)]: 0, [at(10)]: 40, [at(20)]: 60, [at(30)]: 0 });
  });

  it('interpolates across an empty bucket when grouping with fill none', () => {
    const s = createSeriesStore();
    s.addSeries('m', { host: 'a' }, [BASE, BASE + 10_000, BASE + 20_000], [1, 2, 3], 'ms');
    s.addSeries('m', { host: 'b' }, [BASE, BASE + 20_000], [10, 30], 'ms');
    const result = query(s, {
      start: BASE,
      end: BASE + 20_000,
      msResolution: true,
      queries: [{ metric: 'm', aggregator: 'sum', downsample: '10s-avg' }],
    })[0];
    expect(dpsOf(result)).toEqual({ [BASE]: 11, [BASE + 10_000]: 22, [BASE + 20_000]: 33 });
  });
});

describe('percentile and median aggregators', () => {
  const store = createSeriesStore();
  for (const [i, v] of [15, 20, 35, 40, 50].entries())
    store.addSeries('m', { host: `h${i}` }, [BASE], [v], 'ms');
  const value = (aggregator: string) =>
    firstValue(query(store, { start: BASE, end: BASE + 1000, queries: [{ metric: 'm', aggregator }] })[0]);

  it('estimates percentiles as Commons Math LEGACY does: position p(n+1)', () => {
    expect(value('p50')).toBe(35);
    expect(value('p75')).toBe(45);
    expect(value('p90')).toBe(50);
    expect(value('p999')).toBe(50);
  });

  it('takes the upper middle value as median', () => {
    expect(value('median')).toBe(35);
  });
});

describe('rate', () => {
  const store = createSeriesStore();
  store.addSeries(
    'if.octets',
    { host: 'a' },
    [0, 10, 20, 30].map((s) => BASE / 1000 + s),
    [0, 100, 300, 50],
  );
  const dps = (rateOptions?: Record<string, unknown>) =>
    dpsOf(
      query(store, {
        start: BASE,
        end: BASE + 30_000,
        queries: [
          { metric: 'if.octets', aggregator: 'sum', rate: true, ...(rateOptions ? { rateOptions } : {}) },
        ],
      })[0],
    );
  const at = (s: number) => String(BASE / 1000 + s);

  it('turns values into a per-second rate stamped at the later point', () => {
    expect(dps()).toEqual({ [at(10)]: 10, [at(20)]: 20, [at(30)]: -25 });
  });

  it('wraps a counter that goes down at counterMax', () => {
    expect(dps({ counter: true, counterMax: 400 })[at(30)]).toBe(15);
  });

  it('drops counter resets with dropResets', () => {
    expect(dps({ counter: true, dropResets: true })).toEqual({ [at(10)]: 10, [at(20)]: 20 });
  });

  it('reads a rate above resetValue as 0', () => {
    expect(dps({ counter: true, counterMax: 400, resetValue: 12 })[at(30)]).toBe(0);
  });

  it('gives the first point of the range a rate from the point before it', () => {
    const from10 = query(store, {
      start: BASE + 10_000,
      end: BASE + 20_000,
      queries: [{ metric: 'if.octets', aggregator: 'sum', rate: true }],
    })[0];
    expect(dpsOf(from10)).toEqual({ [at(10)]: 10, [at(20)]: 20 });
  });
});

describe('response form', () => {
  const store = fleet();

  it('writes seconds by default and milliseconds with msResolution', () => {
    const seconds = run(store, {}, { msResolution: false });
    expect(Object.keys(dpsOf(seconds[0]))).toEqual(T.map((t) => String(t / 1000)));
  });

  it('writes dps as [timestamp, value] pairs with ?arrays', () => {
    const [result] = query(
      store,
      { start: BASE, end: BASE + 120_000, queries: [{ metric: 'sys.cpu', aggregator: 'sum' }] },
      { arrays: true },
    );
    expect(result?.dps).toEqual(T.map((t) => [t / 1000, 111]));
  });

  it('echoes each sub-query with its index when showQuery is set', () => {
    const results = query(store, {
      start: BASE,
      end: BASE + 120_000,
      showQuery: true,
      queries: [
        { metric: 'sys.cpu', aggregator: 'sum', tags: { dc: 'par' } },
        { metric: 'sys.cpu', aggregator: 'max', downsample: '1m-avg', tags: { dc: 'rbx' } },
      ],
    });
    const byIndex = new Map(results.map((r) => [r.query?.index, r]));
    expect(byIndex.get(0)?.tags.dc).toBe('par');
    expect(byIndex.get(1)?.query).toMatchObject({ aggregator: 'max', downsample: '1m-avg', index: 1 });
    expect(byIndex.get(1)?.query?.filters).toEqual([
      { tagk: 'dc', filter: 'rbx', group_by: true, type: 'literal_or' },
    ]);
  });

  it('omits the query echo without showQuery', () => {
    expect(run(store, {})[0]).not.toHaveProperty('query');
  });

  it('returns results in a stable order that does not follow the query order', () => {
    const body = {
      start: BASE,
      end: BASE + 120_000,
      showQuery: true,
      queries: Array.from({ length: 8 }, () => ({ metric: 'sys.cpu', aggregator: 'sum' })),
    };
    const order = query(store, body).map((r) => r.query?.index);
    expect(query(store, body).map((r) => r.query?.index)).toEqual(order);
    expect(order).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('includes raw points at both ends of the range', () => {
    const results = query(store, {
      start: T[0],
      end: T[2],
      msResolution: true,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum' }],
    });
    expect(Object.keys(dpsOf(results[0]))).toHaveLength(3);
  });

  it('resolves relative times against the server clock', () => {
    const results = query(
      store,
      { start: '80s-ago', queries: [{ metric: 'sys.cpu', aggregator: 'sum' }] },
      { nowMs: BASE + 150_000 },
    );
    expect(Object.keys(dpsOf(results[0]))).toEqual([String((BASE + 120_000) / 1000)]);
  });
});

describe('query errors', () => {
  const store = fleet();
  const body = (sub: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
    start: BASE,
    queries: [{ metric: 'sys.cpu', aggregator: 'sum', ...sub }],
    ...top,
  });

  it('names an unknown metric in stock words', () => {
    expectTsdbError(
      () => query(store, body({ metric: 'sys.mem' })),
      400,
      "No such name for 'metrics': 'sys.mem'",
    );
  });

  it('rejects a missing start, missing queries and an end before the start', () => {
    expectTsdbError(() => query(store, { queries: [] }), 400, 'Missing start time');
    expectTsdbError(() => query(store, { start: BASE, queries: [] }), 400, 'Missing queries');
    expectTsdbError(
      () => query(store, body({}, { end: BASE - 1000 })),
      400,
      /must be greater than the start time/,
    );
  });

  it('rejects an unknown or missing aggregator and a bad downsample', () => {
    expectTsdbError(() => query(store, body({ aggregator: 'mean' })), 400, 'No such aggregator: mean');
    expectTsdbError(
      () => query(store, body({ aggregator: undefined })),
      400,
      'Missing the aggregation function',
    );
    expectTsdbError(
      () => query(store, body({ downsample: '5q-avg' })),
      400,
      /Invalid downsampling specifier '5q-avg'/,
    );
  });

  it('rejects a sub-query without a metric and an unreadable time', () => {
    expectTsdbError(() => query(store, body({ metric: '' })), 400, /Missing the metric/);
    expectTsdbError(() => query(store, body({}, { start: 'yesterday' })), 400, /Invalid start time/);
  });
});
