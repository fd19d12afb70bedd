import { describe, expect, it } from 'vitest';
import { DERIVED } from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS, findingsConfigSchema, statsThresholds } from '../../../lib/findings/config.ts';

describe('findingsConfigSchema', () => {
  it("defaults every threshold to practitioners' numbers", () => {
    expect(FINDINGS_DEFAULTS.cpuContention).toEqual({
      enabled: true,
      statistic: 'p95',
      warnPct: 5,
      criticalPct: 10,
    });
    expect(FINDINGS_DEFAULTS.storageLatency).toMatchObject({ warnMs: 10, criticalMs: 20 });
    expect(FINDINGS_DEFAULTS.datastoreFullness).toMatchObject({ warnPct: 80, criticalPct: 90 });
    expect(FINDINGS_DEFAULTS.datastoreRunway.linesPct).toEqual([80, 90, 100]);
    expect(FINDINGS_DEFAULTS.lowConfidenceCoveragePct).toBe(80);
  });

  it('keeps the defaults of a section when only one of its keys is given', () => {
    const config = findingsConfigSchema.parse({ cpuContention: { criticalPct: 15 } });
    expect(config.cpuContention).toEqual({ enabled: true, statistic: 'p95', warnPct: 5, criticalPct: 15 });
    expect(config.storageLatency).toEqual(FINDINGS_DEFAULTS.storageLatency);
  });

  it('rejects unknown keys and out-of-range values, naming them', () => {
    const unknown = findingsConfigSchema.safeParse({ cpuContention: { critical: 15 } });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('critical');
    const range = findingsConfigSchema.safeParse({ datastoreFullness: { warnPct: 120 } });
    expect(range.error?.issues[0]?.path).toEqual(['datastoreFullness', 'warnPct']);
  });

  it('asks the aggregation for the time above every threshold the rules read', () => {
    const t = statsThresholds(findingsConfigSchema.parse({ storageLatency: { warnMs: 15 } }));
    expect(t['vscope.vm.disk.latency.write']).toEqual([15, 20]);
    expect(t[DERIVED.cpuReadyPct]).toEqual([5, 10]);
    expect(t[DERIVED.datastoreUsedPct]).toEqual([80, 90]);
  });
});
