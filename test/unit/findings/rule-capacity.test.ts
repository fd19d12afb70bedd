import { describe, expect, it } from 'vitest';
import { datacenterCapacity } from '../../../lib/aggregate/capacity.ts';
import type { ComponentReport } from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS, findingsConfigSchema } from '../../../lib/findings/config.ts';
import { evaluateFindings } from '../../../lib/findings/evaluate.ts';
import { aggregates, component, DC_TAG, datacenter, stats } from './helpers.ts';

const NO_PREVIOUS = { label: '2026-W46', report: null, note: 'none' };

/** A host of 40 GHz and 256 GB at the given CPU and memory p95 (%). */
const host = (name: string, cpuPct: number, memPct: number): ComponentReport =>
  component('host', name, {
    details: { cpuMhz: 40_000, cpuCores: 16, ramGb: 256, inMaintenance: false },
    metrics: {
      'vscope.host.cpu.usage.perc': stats(cpuPct),
      'vscope.host.mem.usage.perc': stats(memPct),
    },
  });

/** The host-loss findings; the aggregation checks N+1 at the limit the configuration sets. */
function hostLoss(hosts: readonly ComponentReport[], config = FINDINGS_DEFAULTS) {
  const dc = {
    ...datacenter(hosts),
    capacity: datacenterCapacity(hosts, [], [], config.hostLoss.maxUsedPctAfterLoss),
  };
  return evaluateFindings(aggregates([dc]), config, NO_PREVIOUS).findings.filter(
    (f) => f.rule === 'host-loss',
  );
}

describe('the host-loss rule (N+1)', () => {
  it('warns when the other hosts cannot carry the p95 memory of the largest one', () => {
    // Memory: 3 × 256 GB × 80 % = 614.4 GB on the 512 GB two hosts leave = 120 %.
    // CPU: 3 × 40 GHz × 50 % = 60 GHz on 80 GHz = 75 %: fits, so only memory is named.
    const [finding, ...more] = hostLoss([host('h1', 50, 80), host('h2', 50, 80), host('h3', 50, 80)]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      id: `host-loss:datacenter:${DC_TAG}:${DC_TAG}`,
      severity: 'warning',
      subject: { kind: 'datacenter', key: DC_TAG },
      evidence: {
        figures: { limitPct: 100, cpuPctAfterLoss: 75, memoryPctAfterLoss: 120, memoryLargestHost: 'h1' },
      },
    });
    expect(finding?.evidence.summary).toBe(
      'Without h1, the other hosts would carry 614.4 GB of memory at p95 on 512.0 GB: 120.0 % (limit 100 %).',
    );
    expect(finding?.messages?.summary.map((m) => m.key)).toEqual(['finding.hostLoss.memory']);
    expect(finding?.recommendation).toMatch(/^Add a host/);
  });

  it('stays quiet when the others absorb the load, and fires under a stricter limit', () => {
    const hosts = [host('h1', 50, 60), host('h2', 50, 60), host('h3', 50, 60)];
    // Memory: 460.8 GB on 512 GB = 90 %; CPU 75 %.
    expect(hostLoss(hosts)).toEqual([]);
    const strict = findingsConfigSchema.parse({ hostLoss: { maxUsedPctAfterLoss: 85 } });
    expect(hostLoss(hosts, strict).map((f) => f.evidence.figures.memoryPctAfterLoss)).toEqual([90]);
    const off = findingsConfigSchema.parse({ hostLoss: { enabled: false } });
    expect(hostLoss([host('h1', 50, 80), host('h2', 50, 80), host('h3', 50, 80)], off)).toEqual([]);
  });
});
