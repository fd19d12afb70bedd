import { describe, expect, it } from 'vitest';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';
import { createSeriesStore, putTimestampMs, seriesKey } from '../../../../demo/emulators/opentsdb/store.ts';
import { BASE } from './helpers.ts';

describe('createSeriesStore', () => {
  it('keeps one series per metric and tag set, whatever the tag order', () => {
    const store = createSeriesStore();
    store.put({ metric: 'm', timestamp: 1_700_000_000, value: 1, tags: { a: '1', b: '2' } });
    store.put({ metric: 'm', timestamp: 1_700_000_060, value: 2, tags: { b: '2', a: '1' } });
    store.put({ metric: 'm', timestamp: 1_700_000_000, value: 3, tags: { a: '1', b: '3' } });
    expect(store.seriesOf('m')).toHaveLength(2);
    expect(store.stats()).toEqual({ series: 2, points: 3 });
    expect(seriesKey('m', { a: '1', b: '2' })).toBe(seriesKey('m', { b: '2', a: '1' }));
  });

  it('reads put timestamps of 10 digits or fewer as seconds and longer ones as milliseconds', () => {
    expect(putTimestampMs(1_356_998_400)).toBe(BASE);
    expect(putTimestampMs(BASE)).toBe(BASE);
  });

  it('sorts out-of-order writes and lets the newest value win on a repeated timestamp', () => {
    const store = createSeriesStore();
    const p = (timestamp: number, value: number) => ({ metric: 'm', timestamp, value, tags: { h: 'a' } });
    store.put([p(30, 3), p(10, 1), p(20, 2), p(20, 22)]);
    const [s] = store.seriesOf('m');
    expect(Array.from(s?.timestamps.subarray(0, s.length) ?? [])).toEqual([10_000, 20_000, 30_000]);
    expect(Array.from(s?.values.subarray(0, s.length) ?? [])).toEqual([1, 22, 3]);
  });

  it('adds a whole series in seconds or milliseconds and appends later ones', () => {
    const store = createSeriesStore();
    store.addSeries('m', { h: 'a' }, [10, 20], [1, 2]);
    store.addSeries('m', { h: 'a' }, [30_000, 40_000], [3, 4], 'ms');
    store.addSeries('m', { h: 'a' }, Float64Array.of(5), Float64Array.of(0.5));
    const [s] = store.seriesOf('m');
    expect(Array.from(s?.timestamps.subarray(0, s.length) ?? [])).toEqual([
      5000, 10_000, 20_000, 30_000, 40_000,
    ]);
  });

  it('copies the arrays it is given', () => {
    const store = createSeriesStore();
    const values = Float64Array.of(1, 2);
    store.addSeries('m', { h: 'a' }, [10, 20], values);
    values[0] = 99;
    expect(store.seriesOf('m')[0]?.values[0]).toBe(1);
  });

  it('knows the metric names, tag keys and tag values written', () => {
    const store = createSeriesStore();
    store.addSeries('vscope.vm.cpu.usage.perc', { vm: 'vm-01201', datacenter: 'dc1' }, [1], [1]);
    expect(store.hasMetric('vscope.vm.cpu.usage.perc')).toBe(true);
    expect(store.hasMetric('vscope.vm.mem.usage.perc')).toBe(false);
    expect(store.hasTagKey('vm')).toBe(true);
    expect(store.hasTagValue('vm-01201')).toBe(true);
    expect(store.hasTagValue('vm-01202')).toBe(false);
    expect(store.metrics()).toEqual(['vscope.vm.cpu.usage.perc']);
  });

  it.each([
    ['an empty tag set', { metric: 'm', timestamp: 1, value: 1, tags: {} }, 'Need at least one tag'],
    ['a space in a metric', { metric: 'a b', timestamp: 1, value: 1, tags: { h: 'a' } }, 'Invalid metric'],
    [
      'a non-integer timestamp',
      { metric: 'm', timestamp: 1.5, value: 1, tags: { h: 'a' } },
      'Invalid timestamp',
    ],
    ['a NaN value', { metric: 'm', timestamp: 1, value: Number.NaN, tags: { h: 'a' } }, 'Invalid value'],
  ])('rejects %s with a 400', (_label, point, message) => {
    const store = createSeriesStore();
    expect(() => store.put(point)).toThrow(TsdbError);
    expect(() => store.put(point)).toThrow(message);
  });

  it('rejects more than eight tags', () => {
    const tags = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    expect(() => createSeriesStore().addSeries('m', tags, [1], [1])).toThrow('Too many tags');
  });

  it('accepts accented letters in tag values', () => {
    const store = createSeriesStore();
    store.addSeries('m', { vm: 'compta-entrepôt' }, [1], [1]);
    expect(store.hasTagValue('compta-entrepôt')).toBe(true);
  });
});
