import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDownsample } from '../../../../demo/emulators/opentsdb/downsample.ts';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';
import { parseQuery } from '../../../../demo/emulators/opentsdb/parse-query.ts';
import { parseTime } from '../../../../demo/emulators/opentsdb/time.ts';
import { BASE } from './helpers.ts';

const NOW = BASE + 3_600_000;

describe('parseTime', () => {
  it('reads 10 digits or fewer as seconds and longer values as milliseconds', () => {
    expect(parseTime(1_356_998_400, NOW, 'start')).toBe(BASE);
    expect(parseTime('1356998400', NOW, 'start')).toBe(BASE);
    expect(parseTime(BASE + 5, NOW, 'start')).toBe(BASE + 5);
    expect(parseTime('1356998400005', NOW, 'start')).toBe(BASE + 5);
  });

  it('reads relative times in every OpenTSDB unit', () => {
    expect(parseTime('1h-ago', NOW, 'start')).toBe(BASE);
    expect(parseTime('500ms-ago', NOW, 'start')).toBe(NOW - 500);
    expect(parseTime('2w-ago', NOW, 'start')).toBe(NOW - 14 * 86_400_000);
    expect(parseTime('1n-ago', NOW, 'start')).toBe(NOW - 30 * 86_400_000);
    expect(parseTime('1y-ago', NOW, 'start')).toBe(NOW - 365 * 86_400_000);
    expect(parseTime('now', NOW, 'end')).toBe(NOW);
  });

  it('reads yyyy/MM/dd-HH:mm:ss dates', () => {
    expect(parseTime('2013/01/01-00:00:00', NOW, 'start')).toBe(BASE);
    expect(parseTime('2013/01/01', NOW, 'start')).toBe(BASE);
  });
});

describe('parseQuery', () => {
  it('defaults end to now and flags to false', () => {
    const q = parseQuery({ start: '1h-ago', queries: [{ metric: 'm', aggregator: 'sum' }] }, NOW);
    expect(q).toMatchObject({ startMs: BASE, endMs: NOW, msResolution: false, showQuery: false });
    expect(q.queries[0]).toMatchObject({
      index: 0,
      metric: 'm',
      downsample: null,
      rate: null,
      explicitTags: false,
    });
  });

  it('turns the tags map into group-by filters and keeps explicit filters as given', () => {
    const q = parseQuery(
      {
        start: BASE,
        queries: [
          {
            metric: 'm',
            aggregator: 'avg',
            tags: { host: '*', dc: 'a|b', rack: 'regexp(r1.*)' },
            filters: [{ type: 'iliteral_or', tagk: 'env', filter: 'PROD' }],
          },
        ],
      },
      NOW,
    );
    expect(q.queries[0]?.filters.map((f) => [f.type, f.tagk, f.groupBy])).toEqual([
      ['wildcard', 'host', true],
      ['literal_or', 'dc', true],
      ['regexp', 'rack', true],
      ['iliteral_or', 'env', false],
    ]);
  });

  it('reads rate options with stock defaults', () => {
    const q = parseQuery(
      {
        start: BASE,
        queries: [{ metric: 'm', aggregator: 'sum', rate: true, rateOptions: { counter: true } }],
      },
      NOW,
    );
    expect(q.queries[0]?.rate).toMatchObject({
      counter: true,
      counterMax: 2 ** 63,
      resetValue: 0,
      dropResets: false,
    });
  });

  it('throws only its own 400 error on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          parseQuery(body, NOW);
        } catch (error) {
          expect(error).toBeInstanceOf(TsdbError);
          expect((error as TsdbError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws only its own 400 error on arbitrary sub-queries', () => {
    const sub = fc.record(
      {
        metric: fc.oneof(fc.string(), fc.constant('m')),
        aggregator: fc.oneof(fc.string(), fc.constantFrom('sum', 'avg', 'p95')),
        downsample: fc.oneof(fc.string(), fc.constantFrom('5m-avg', '0all-sum', '1h-max-nan')),
        tags: fc.dictionary(fc.string(), fc.string()),
        filters: fc.array(fc.record({ type: fc.string(), tagk: fc.string(), filter: fc.string() })),
        rate: fc.boolean(),
        rateOptions: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(sub, fc.jsonValue(), (q, start) => {
        try {
          parseQuery({ start, queries: [q] }, NOW);
        } catch (error) {
          expect(error).toBeInstanceOf(TsdbError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses downsample specifiers or throws its own error, for any string', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseDownsample(text);
        } catch (error) {
          expect(error).toBeInstanceOf(TsdbError);
        }
      }),
    );
  });
});
