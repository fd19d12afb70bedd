import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsPayloadError } from '../../../lib/core/errors.ts';
import { ownSeries, type Period, type Series } from '../../../lib/core/types.ts';
import { readQueryAnswer } from '../../../lib/fetch/parse-response.ts';
import type { PlannedSubQuery } from '../../../lib/fetch/plan-queries.ts';
import { day, hostMem, vmCpu } from './answer-fixtures.ts';

const seedResponse = readFileSync(new URL('../../fixtures/seed/example-response.json', import.meta.url));

const vmReady: PlannedSubQuery = { ...vmCpu, metric: 'vscope.vm.cpu.ready' };

/** The series of one answer, read from its bytes as the fetch stage reads them. */
async function parse(
  body: unknown,
  subQueries: readonly PlannedSubQuery[],
  period: Period,
  options: { stampShiftSeconds?: number } = {},
): Promise<Series[]> {
  const bytes = body instanceof Uint8Array ? body : new TextEncoder().encode(JSON.stringify(body));
  const series: Series[] = [];
  await readQueryAnswer(bytes, subQueries, period, options, (s) => series.push(ownSeries(s)));
  return series;
}

describe('readQueryAnswer', () => {
  it("parses the guide's example response as is", async () => {
    const [series, ...rest] = await parse(seedResponse, [hostMem], day);
    expect(rest).toHaveLength(0);
    if (!series) throw new Error('no series');
    expect(series?.component).toBe('172.17.86.51');
    expect(series?.tags.servicetype).toBe('vscope');
    // 72 points in the guide, 20 minutes apart, from 1564409391 to 1564494591.
    expect(series?.timestamps.length).toBe(72);
    expect(series?.timestamps[0]).toBe(1564409391);
    expect(series?.timestamps[71]).toBe(1564494591);
    expect((series.timestamps[1] ?? 0) - (series.timestamps[0] ?? 0)).toBe(1200);
    expect(series?.values[0]).toBe(4.38);
    expect(Math.max(...(series?.values ?? []))).toBe(4.38);
    expect(Math.min(...(series?.values ?? []))).toBe(4.34);
  });

  it('matches results to sub-queries by query index, whatever their order', async () => {
    const body = [
      {
        metric: 'vscope.vm.cpu.ready',
        tags: { datacenter: 'dc1', vm: 'vm-2' },
        query: { index: 1 },
        dps: { '1564408000': 10 },
      },
      {
        metric: 'vscope.vm.cpu.usage.perc',
        tags: { datacenter: 'dc1', vm: 'vm-1' },
        query: { index: 0 },
        dps: { '1564408000': 5 },
      },
    ];
    const series = await parse(body, [vmCpu, vmReady], day);
    expect(series.map((s) => [s.metric, s.component, s.values[0]])).toEqual([
      ['vscope.vm.cpu.ready', 'vm-2', 10],
      ['vscope.vm.cpu.usage.perc', 'vm-1', 5],
    ]);
  });

  it('falls back to metric and datacenter when the server does not echo the query', async () => {
    const body = [
      { metric: 'vscope.vm.cpu.ready', tags: { datacenter: 'dc1', vm: 'vm-1' }, dps: { '1564408000': 1 } },
    ];
    expect((await parse(body, [vmCpu, vmReady], day))[0]?.metric).toBe('vscope.vm.cpu.ready');
  });

  it('reads [[ts, v]] arrays, millisecond timestamps, null and "NaN" as gaps, and sorts by time', async () => {
    const body = [
      {
        metric: 'vscope.vm.cpu.usage.perc',
        tags: { datacenter: 'dc1', vm: 'vm-1' },
        query: { index: 0 },
        dps: [
          [1564408600_000, 3],
          [1564408000_000, 1],
          [1564408300_000, null],
          [1564408900_000, 'NaN'],
        ],
      },
    ];
    const [s] = await parse(body, [vmCpu], day);
    expect([...(s?.timestamps ?? [])]).toEqual([1564408000, 1564408600]);
    expect([...(s?.values ?? [])]).toEqual([1, 3]);
  });

  it('drops points outside the period (its end is exclusive)', async () => {
    const body = [
      {
        metric: 'vscope.vm.cpu.usage.perc',
        tags: { datacenter: 'dc1', vm: 'vm-1' },
        query: { index: 0 },
        dps: { '1564407949': 1, '1564407950': 2, '1564494599': 3, '1564494600': 4 },
      },
    ];
    expect([...((await parse(body, [vmCpu], day))[0]?.values ?? [])]).toEqual([2, 3]);
  });

  it('moves end-stamped buckets back one interval, so a bucket counts in the period it measured', async () => {
    const body = [
      {
        metric: 'vscope.vm.cpu.usage.perc',
        tags: { datacenter: 'dc1', vm: 'vm-1' },
        query: { index: 0 },
        // OVH's proxy stamps the bucket (1564407650, 1564407950] at 1564407950: it measured before the period.
        dps: { '1564407950': 1, '1564408250': 2, '1564494600': 3 },
      },
    ];
    const [s] = await parse(body, [vmCpu], day, { stampShiftSeconds: -300 });
    expect([...(s?.timestamps ?? [])]).toEqual([1564407950, 1564494300]);
    expect([...(s?.values ?? [])]).toEqual([2, 3]);
  });

  it('rejects a result without the component tag: the server did not group by component', async () => {
    const body = [
      { metric: 'vscope.vm.cpu.usage.perc', tags: { datacenter: 'dc1' }, query: { index: 0 }, dps: {} },
    ];
    await expect(parse(body, [vmCpu], day)).rejects.toThrow(/no 'vm' tag/);
  });

  it('rejects an error object and a non-numeric value with its own typed error', async () => {
    await expect(parse({ error: { code: 400, message: 'x' } }, [vmCpu], day)).rejects.toThrow(
      MetricsPayloadError,
    );
    const bad = [
      {
        metric: 'vscope.vm.cpu.usage.perc',
        tags: { datacenter: 'dc1', vm: 'v' },
        query: { index: 0 },
        dps: { '1564408000': 'high' },
      },
    ];
    await expect(parse(bad, [vmCpu], day)).rejects.toThrow(MetricsPayloadError);
  });

  it('throws only its own typed error on arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        try {
          await parse(value, [vmCpu, vmReady], day);
        } catch (error) {
          expect(error).toBeInstanceOf(MetricsPayloadError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("throws its own typed error on a bad answer, JSON.parse's on bytes that are not JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (text) => {
        try {
          await parse(
            new TextEncoder().encode(`[{"metric":"vscope.vm.cpu.usage.perc",${text}`),
            [vmCpu],
            day,
          );
        } catch (error) {
          expect(error instanceof MetricsPayloadError || error instanceof SyntaxError).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    await expect(parse(new TextEncoder().encode('<html>502</html>'), [vmCpu], day)).rejects.toThrow(
      SyntaxError,
    );
  });

  it('keeps the last value of a repeated timestamp, as JSON.parse keeps the last of a repeated key', async () => {
    const text =
      '[{"metric":"vscope.vm.cpu.usage.perc","tags":{"datacenter":"dc1","vm":"vm-1"},"query":{"index":0},' +
      '"dps":{"1564408000":1,"1564408000":3,"1564408300":4,"1564408300":null,"1564408600":5}}]';
    const [s] = await parse(new TextEncoder().encode(text), [vmCpu], day);
    const reference = (JSON.parse(text) as { dps: Record<string, number | null> }[])[0]?.dps ?? {};
    const kept = Object.entries(reference).filter(([, v]) => v !== null);
    expect([...(s?.timestamps ?? [])]).toEqual(kept.map(([t]) => Number(t)));
    expect([...(s?.values ?? [])]).toEqual(kept.map(([, v]) => v));
    // Apart, and out of order: still the last value, in time order.
    const apart =
      '[{"metric":"vscope.vm.cpu.usage.perc","tags":{"datacenter":"dc1","vm":"vm-1"},"query":{"index":0},' +
      '"dps":{"1564408300":1,"1564408000":2,"1564408300":3}}]';
    const [t] = await parse(new TextEncoder().encode(apart), [vmCpu], day);
    expect([...(t?.timestamps ?? [])]).toEqual([1564408000, 1564408300]);
    expect([...(t?.values ?? [])]).toEqual([2, 3]);
  });

  it('keeps the NIC of host network results grouped by NIC, and none where the server summed them', async () => {
    const hostNet: PlannedSubQuery = {
      metric: 'vscope.host.net.tx',
      datacenterTag: 'dc1',
      componentTag: 'host',
      components: ['10.0.0.1'],
      nicTag: 'nicname',
    };
    const body = [
      {
        metric: 'vscope.host.net.tx',
        tags: { datacenter: 'dc1', host: '10.0.0.1', nicname: 'vmnic1' },
        query: { index: 0 },
        dps: { '1564408000': 7 },
      },
      {
        metric: 'vscope.host.net.tx',
        tags: { datacenter: 'dc1', host: '10.0.0.2' },
        query: { index: 0 },
        dps: { '1564408000': 9 },
      },
    ];
    const series = await parse(body, [hostNet], day);
    expect(series.map((s) => [s.component, s.nic])).toEqual([
      ['10.0.0.1', 'vmnic1'],
      ['10.0.0.2', undefined],
    ]);
    expect('nic' in (series[1] ?? {})).toBe(false);
  });
});
