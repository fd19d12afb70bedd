import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPONENT_TAG, METRICS, metricDef, metricsOf } from '../../../lib/core/catalogue.ts';

const tables = readFileSync(new URL('../../fixtures/seed/metric-tables.pt.md', import.meta.url), 'utf8');

interface SeedRow {
  readonly section: string;
  readonly metric: string;
  readonly description: string;
  readonly tagKeys: string[];
}

function seedRows(): SeedRow[] {
  const rows: SeedRow[] = [];
  let section = '';
  for (const line of tables.split('\n')) {
    const heading = /^#### (.+)$/.exec(line);
    if (heading) section = heading[1] ?? '';
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1]?.startsWith('vscope.')) continue;
    const tagKeys = [...(cells[3] ?? '').matchAll(/([a-z]+)\s*:/g)].map((m) => m[1] ?? '');
    rows.push({ section, metric: cells[1], description: cells[2] ?? '', tagKeys });
  }
  return rows;
}

const SECTION_KIND = { Filers: 'filer', Hosts: 'host', 'Máquinas virtuais': 'vm' } as const;

describe('metric catalogue', () => {
  const rows = seedRows();

  it('lists exactly the 20 metrics of the guide', () => {
    expect(rows).toHaveLength(20);
    expect(METRICS.map((m) => m.name).sort()).toEqual(rows.map((r) => r.metric).sort());
  });

  it('gives each metric the component kind, tag keys and description the guide gives', () => {
    for (const row of rows) {
      const def = metricDef(row.metric);
      expect(def, row.metric).toBeDefined();
      expect(def?.kind).toBe(SECTION_KIND[row.section as keyof typeof SECTION_KIND]);
      expect([...(def?.tagKeys ?? [])].sort()).toEqual([...row.tagKeys].sort());
      expect(def?.guideDescription).toBe(row.description);
    }
  });

  it('names every component by the tag of its kind', () => {
    for (const def of METRICS) {
      expect(def.componentTag).toBe(COMPONENT_TAG[def.kind]);
      expect(def.tagKeys).toContain(def.componentTag);
      expect(def.tagKeys).toContain('datacenter');
    }
  });

  it('states units the guide gives and marks the rest as reported', () => {
    expect(metricDef('vscope.filer.datastore.diskspace.used')?.unit).toBe('kB');
    expect(metricDef('vscope.vm.cpu.ready')?.unit).toBe('ms');
    expect(metricDef('vscope.vm.disk.io.read')?.unit).toBe('iops');
    expect(metricDef('vscope.vm.net.rx')?.unit).toBe('as-reported');
    expect(
      metricsOf('vm')
        .filter((m) => m.unit === 'percent')
        .map((m) => m.name),
    ).toEqual(['vscope.vm.cpu.usage.perc', 'vscope.vm.mem.usage.perc']);
  });

  it('sums CPU ready within a bucket, because it is milliseconds accumulated over the interval', () => {
    expect(METRICS.filter((m) => m.downsample === 'sum').map((m) => m.name)).toEqual(['vscope.vm.cpu.ready']);
  });
});
