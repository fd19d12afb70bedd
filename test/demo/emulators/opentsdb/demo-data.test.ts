import { describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../../demo/datacenter/generate.ts';
import { DEMO_PLANTED, DEMO_SERVICE, demoInventory } from '../../../../demo/datacenter/infrastructure.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { dpsOf, query } from './helpers.ts';

/** Monday 2025-12-29 00:00 UTC, one ISO week. */
const FROM = Date.UTC(2025, 11, 29) / 1000;
const TO = FROM + 7 * 86_400;

const store = createSeriesStore();
for (const s of generateDemoSeries(demoInventory(), { fromSec: FROM, toSec: TO })) {
  store.addSeries(s.metric, s.tags, s.timestamps, s.values);
}

function perComponent(metric: string, componentTag: string, downsample: string) {
  return query(store, {
    start: FROM,
    end: TO - 1,
    showQuery: true,
    queries: [
      {
        metric,
        aggregator: 'avg',
        downsample,
        filters: [
          { type: 'literal_or', tagk: 'datacenter', filter: DEMO_SERVICE.datacenterTag, groupBy: false },
          { type: 'wildcard', tagk: componentTag, filter: '*', groupBy: true },
        ],
      },
    ],
  });
}

describe('the emulator serving the demo infrastructure', () => {
  it('returns one result per powered-on VM, one 5-minute bucket per sample', () => {
    const results = perComponent('vscope.vm.cpu.ready', 'vm', '5m-sum');
    expect(results).toHaveLength(14);
    for (const r of results) expect(Object.keys(dpsOf(r))).toHaveLength(7 * 288);
    const erp = results.find((r) => r.tags.vm === DEMO_PLANTED.highCpuReadyVm.moRef);
    const readyPct = Object.values(dpsOf(erp)).map((ms) => (Number(ms) / 300_000 / 8) * 100);
    expect(Math.min(...readyPct)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...readyPct)).toBeLessThanOrEqual(16);
  });

  it('shows the gap host’s Wednesday hole as null buckets with fill null', () => {
    const results = perComponent('vscope.host.cpu.usage.perc', 'host', '5m-avg-null');
    const gap = results.find((r) => r.tags.host === DEMO_PLANTED.gapHost.name);
    const nulls = Object.entries(dpsOf(gap)).filter(([, v]) => v === null);
    expect(nulls).toHaveLength(72);
    const wednesday = FROM + 2 * 86_400;
    expect(Number(nulls[0]?.[0])).toBe(wednesday + 3600);
    expect(Number(nulls.at(-1)?.[0])).toBe(wednesday + 7 * 3600 - 300);
  });

  it('keeps the service tags OVH adds, shared by every series of a group', () => {
    const [first] = perComponent('vscope.filer.datastore.diskspace.used', 'datastore', '1h-avg');
    expect(first?.tags).toMatchObject({
      servicename: DEMO_SERVICE.serviceName,
      servicetype: 'vscope',
      env: 'prod',
    });
    expect(first?.aggregateTags).toEqual([]);
  });

  it('sums a host’s four NICs into one result per host', () => {
    const results = query(store, {
      start: FROM,
      end: TO - 1,
      queries: [
        { metric: 'vscope.host.net.rx', aggregator: 'sum', downsample: '1h-avg', tags: { host: '*' } },
      ],
    });
    expect(results).toHaveLength(4);
    expect(results[0]?.aggregateTags).toEqual(['nicname']);
  });
});
