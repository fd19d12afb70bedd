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

  it('asks one grouped sub-query per metric whatever the number of VMs, never one per component', () => {
    const distinct = (vms: number) =>
      new Set(
        planQueries(syntheticInventory(vms), week).requests.flatMap((r) => r.subQueries.map((s) => s.metric)),
      ).size;
    expect(distinct(12)).toBe(METRICS.length);
    expect(distinct(1000)).toBe(METRICS.length);
    // A small fleet fits in one request; requests grow with the points to fetch, in steps of the cap.
    expect(planQueries(syntheticInventory(12), week).requests).toHaveLength(1);
    for (const vms of [12, 240, 1000]) {
      const plan = planQueries(syntheticInventory(vms), week);
      const points = (vms * 13 + 1 * 4 * 4 + 1 * 2 + 1) * 2016;
      expect(plan.requests.length).toBeLessThanOrEqual(
        Math.ceil(points / PLAN_DEFAULTS.maxPointsPerRequest) + METRICS.length,
      );
      expect(plan.requests.length).toBeLessThan(vms);
    }
  });

  it('cuts a sub-query too large for one answer into time windows, never into components', () => {
    const plan = planQueries(syntheticInventory(1000), week);
    // A VM metric: 1,000 series × 2,016 buckets = 2,016,000 points; at 500,000 per answer: 5 windows.
    const cpu = plan.requests.filter((r) =>
      r.body.queries.some((q) => q.metric === 'vscope.vm.cpu.usage.perc'),
    );
    expect(cpu).toHaveLength(5);
    expect(cpu[0]?.window.startMs).toBe(week.startMs);
    expect(cpu.at(-1)?.window.endMs).toBe(week.endMs);
    for (let i = 1; i < cpu.length; i++) expect(cpu[i]?.window.startMs).toBe(cpu[i - 1]?.window.endMs);
    for (const r of plan.requests) {
      // Every query still groups by a wildcard on the component tag.
      for (const q of r.body.queries)
        expect(q.filters.some((f) => f.type === 'wildcard' && f.filter === '*')).toBe(true);
      const buckets = (r.window.endMs - r.window.startMs) / 300_000;
      const points = r.subQueries.reduce((n, s) => n + s.components.length * (s.nicTag ? 4 : 1) * buckets, 0);
      expect(points).toBeLessThanOrEqual(PLAN_DEFAULTS.maxPointsPerRequest);
    }
    // 13 VM metrics × 5 windows, plus host and datastore metrics in one request: far fewer than 1,000 × 13.
    expect(plan.requests.length).toBe(13 * 5 + 1);
  });

  it('asks the windows of one sub-query one after another, so its parts wait for a short while only', () => {
    const plan = planQueries(syntheticInventory(1000), week);
    const batchOf = (r: (typeof plan.requests)[number]) => r.subQueries.map((s) => s.metric).join(',');
    const order = plan.requests.map(batchOf);
    for (const batch of new Set(order)) {
      const first = order.indexOf(batch);
      const count = order.filter((b) => b === batch).length;
      expect(order.slice(first, first + count).every((b) => b === batch)).toBe(true);
    }
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
    const large = planQueries(syntheticInventory(200), week);
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
    expect(large.requests.flatMap((r) => r.subQueries)).toHaveLength(subs.length);
  });
});
