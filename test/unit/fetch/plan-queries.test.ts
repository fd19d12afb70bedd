import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../lib/core/catalogue.ts';
import { isoWeekPeriod, monthPeriod } from '../../../lib/core/period.ts';
import { chooseInterval, PLAN_DEFAULTS, planQueries } from '../../../lib/fetch/plan-queries.ts';
import { syntheticInventory } from '../../support/inventory.ts';

const week = isoWeekPeriod('2026-W47', 'Europe/Paris');

describe('planQueries', () => {
  it('sends one sub-query per metric and datacenter, grouped by the component tag', () => {
    const plan = planQueries(syntheticInventory(12, 2), week);
    const subs = plan.requests.flatMap((r) => r.body.queries);
    expect(subs).toHaveLength(METRICS.length * 2);
    const vmCpu = subs.find((q) => q.metric === 'vscope.vm.cpu.usage.perc');
    expect(vmCpu?.filters).toEqual([
      { type: 'literal_or', tagk: 'datacenter', filter: 'pcc-198-51-100-1_datacenter100', groupBy: false },
      { type: 'wildcard', tagk: 'vm', filter: '*', groupBy: true },
    ]);
  });

  it('does not grow the request count with the number of VMs', () => {
    const small = planQueries(syntheticInventory(12), week);
    const large = planQueries(syntheticInventory(1000), week);
    expect(large.requests.length).toBe(small.requests.length);
    expect(large.requests.length).toBe(Math.ceil(METRICS.length / PLAN_DEFAULTS.maxSubQueriesPerRequest));
  });

  it('batches sub-queries under the cap and keeps a description for each', () => {
    const plan = planQueries(syntheticInventory(3, 3), week, {
      ...PLAN_DEFAULTS,
      maxSubQueriesPerRequest: 7,
    });
    expect(plan.requests.length).toBe(Math.ceil((METRICS.length * 3) / 7));
    for (const r of plan.requests) {
      expect(r.body.queries.length).toBeLessThanOrEqual(7);
      expect(r.subQueries.map((s) => s.metric)).toEqual(r.body.queries.map((q) => q.metric));
    }
  });

  it('asks for the period in seconds with one bucket of margin before it (clipped when parsing)', () => {
    const body = planQueries(syntheticInventory(1), week).requests[0]?.body;
    // 2026-W47 in Paris: Monday 16 November 00:00 CET = 2026-11-15T23:00:00Z, minus one 5-minute bucket.
    expect(body?.start).toBe(Date.UTC(2026, 10, 15, 22, 55) / 1000);
    expect(body?.end).toBe(Date.UTC(2026, 10, 22, 23) / 1000);
    expect(body?.showQuery).toBe(true);
  });

  it('sums CPU ready and host NICs, averages the rest, at the 5-minute native interval for a week', () => {
    const subs = planQueries(syntheticInventory(1), week).requests.flatMap((r) => r.body.queries);
    const by = (m: string) => subs.find((q) => q.metric === m);
    expect(by('vscope.vm.cpu.ready')?.downsample).toBe('5m-sum-nan');
    expect(by('vscope.vm.cpu.usage.perc')?.downsample).toBe('5m-avg-nan');
    expect(by('vscope.host.net.tx')?.aggregator).toBe('sum');
    expect(by('vscope.host.cpu.usage.perc')?.aggregator).toBe('avg');
  });

  it('widens buckets when a period would exceed the point cap', () => {
    const quarter = { ...monthPeriod('2026-10', 'UTC'), endMs: Date.UTC(2027, 0, 1) };
    expect(chooseInterval(week, PLAN_DEFAULTS)).toBe(300);
    expect(chooseInterval(monthPeriod('2026-10', 'Europe/Paris'), PLAN_DEFAULTS)).toBe(300);
    // 92 days / 10,080 points = 788.6 s → rounded up to whole minutes: 840 s.
    expect(chooseInterval(quarter, PLAN_DEFAULTS)).toBe(840);
  });

  it('groups host network metrics by host and NIC in the same single sub-query per datacenter', () => {
    const small = planQueries(syntheticInventory(3), week);
    const large = planQueries(syntheticInventory(1000), week);
    const net = small.requests.flatMap((r) => r.body.queries).find((q) => q.metric === 'vscope.host.net.rx');
    expect(net?.filters).toEqual([
      { type: 'literal_or', tagk: 'datacenter', filter: 'pcc-198-51-100-1_datacenter100', groupBy: false },
      { type: 'wildcard', tagk: 'host', filter: '*', groupBy: true },
      { type: 'wildcard', tagk: 'nicname', filter: '*', groupBy: true },
    ]);
    const subs = small.requests.flatMap((r) => r.subQueries);
    expect(subs.filter((s) => s.nicTag === 'nicname').map((s) => s.metric)).toEqual([
      'vscope.host.net.tx',
      'vscope.host.net.rx',
      'vscope.host.net.packetstx',
      'vscope.host.net.packetsrx',
    ]);
    expect(subs.find((s) => s.metric === 'vscope.vm.cpu.ready')?.nicTag).toBeUndefined();
    expect(large.requests.length).toBe(small.requests.length);
  });
});
