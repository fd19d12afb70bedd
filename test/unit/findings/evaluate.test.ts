import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../../lib/core/report-schema.ts';
import { DERIVED, type Finding } from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS, findingsConfigSchema } from '../../../lib/findings/config.ts';
import { evaluateFindings, findingId } from '../../../lib/findings/evaluate.ts';
import { compareWithPrevious, readPreviousReport } from '../../../lib/findings/status.ts';
import { aggregates, component, DC_TAG, datacenter, stats } from './helpers.ts';

const NO_PREVIOUS = {
  label: '2026-W46',
  report: null,
  note: 'There is no report for 2026-W46 to compare with: every finding is new.',
};

const contended = (coveragePct: number) =>
  component('vm', 'vm-7', {
    details: { powerState: 'poweredOn', cpuNum: 4, memoryMaxMb: 8192 },
    metrics: { 'vscope.vm.cpu.usage.perc': stats(30) },
    derived: { [DERIVED.cpuReadyPct]: stats(12, { coveragePct }) },
  });

const off = component('vm', 'vm-9', { details: { powerState: 'poweredOff', cpuNum: 2, memoryMaxMb: 2048 } });

describe('evaluateFindings', () => {
  it('gives each finding a stable id from its rule and component, most severe first', () => {
    const { findings } = evaluateFindings(
      aggregates([datacenter([off, contended(100)])]),
      FINDINGS_DEFAULTS,
      NO_PREVIOUS,
    );
    expect(findings.map((f) => f.id)).toEqual([
      `cpu-contention:vm:${DC_TAG}:vm-7`,
      `vm-powered-off:vm:${DC_TAG}:vm-9`,
    ]);
    expect(findingId('vm-idle', findings[0]?.subject as Finding['subject'])).toBe(
      `vm-idle:vm:${DC_TAG}:vm-7`,
    );
    expect(findings[0]?.evidence.period).toEqual({
      label: '2026-W47',
      startIso: '2026-11-16T00:00:00+01:00',
      endIso: '2026-11-23T00:00:00+01:00',
    });
    expect(findings.every((f) => f.status === 'new' && f.previousSeverity === null)).toBe(true);
  });

  it('marks a finding resting on less than 80 % of its samples as low-confidence, not asserted', () => {
    const [low] = evaluateFindings(
      aggregates([datacenter([contended(60)])]),
      FINDINGS_DEFAULTS,
      NO_PREVIOUS,
    ).findings;
    expect(low?.confidence).toBe('low');
    expect(low?.evidence.summary).toContain(
      'Only 60.0 % of the expected samples: a possibility, not a fact.',
    );
    const [high] = evaluateFindings(
      aggregates([datacenter([contended(80)])]),
      FINDINGS_DEFAULTS,
      NO_PREVIOUS,
    ).findings;
    expect(high?.confidence).toBe('high');
  });

  it('leaves out the rules switched off in the configuration', () => {
    const config = findingsConfigSchema.parse({
      cpuContention: { enabled: false },
      poweredOff: { enabled: false },
    });
    expect(
      evaluateFindings(aggregates([datacenter([off, contended(100)])]), config, NO_PREVIOUS).findings,
    ).toEqual([]);
  });

  it('reports failed queries per datacenter and series of components the inventory lacks', () => {
    const dc = {
      ...datacenter([]),
      unknownComponents: [{ metric: 'vscope.vm.cpu.usage.perc' as const, component: 'vm-404' }],
    };
    const gaps = [
      {
        metric: 'vscope.vm.disk.latency.read' as const,
        datacenterTag: DC_TAG,
        components: [],
        reason: 'HTTP 504',
      },
    ];
    const { findings } = evaluateFindings(aggregates([dc], gaps), FINDINGS_DEFAULTS, NO_PREVIOUS);
    expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      [`missing-data:datacenter:${DC_TAG}:${DC_TAG}`, 'warning', 'Queries failed'],
      [`missing-data:vm:${DC_TAG}:vm-404`, 'info', 'Series without inventory entry'],
    ]);
    expect(findings[0]?.evidence.summary).toContain('HTTP 504');
  });
});

describe('status against the previous period', () => {
  // W46 ends 2026-11-16 00:00 in Paris; its report was made the Monday morning after.
  const W46_END_MS = Date.parse('2026-11-15T23:00:00Z');
  const previousModel = (findings: readonly Finding[], generatedAt = '2026-11-16T06:00:00.000Z') =>
    JSON.parse(
      JSON.stringify({
        schemaVersion: 2,
        generatedAt,
        period: { label: '2026-W46', endMs: W46_END_MS },
        findings,
        other: 'ignored',
      }),
    );

  it('marks findings persisting or new, and lists the vanished ones as resolved', () => {
    const first = evaluateFindings(
      aggregates([datacenter([off, contended(100)])]),
      FINDINGS_DEFAULTS,
      NO_PREVIOUS,
    );
    const read = readPreviousReport(previousModel(first.findings));
    if ('unusable' in read) throw new Error(read.unusable);
    const calmer = component('vm', 'vm-7', {
      details: { powerState: 'poweredOn', cpuNum: 4, memoryMaxMb: 8192 },
      derived: { [DERIVED.cpuReadyPct]: stats(6) },
    });
    const idle = component('vm', 'vm-8', { details: { powerState: 'poweredOff' } });
    const second = evaluateFindings(aggregates([datacenter([calmer, idle])]), FINDINGS_DEFAULTS, {
      label: '2026-W46',
      report: read,
      note: 'Compared with the report for 2026-W46.',
    });
    expect(
      second.findings.map((f) => [f.rule, f.subject.key, f.status, f.severity, f.previousSeverity]),
    ).toEqual([
      ['cpu-contention', 'vm-7', 'persisting', 'warning', 'critical'],
      ['vm-powered-off', 'vm-8', 'new', 'info', null],
    ]);
    expect(second.resolved.map((f) => [f.id, f.status, f.severity])).toEqual([
      [`vm-powered-off:vm:${DC_TAG}:vm-9`, 'resolved', 'info'],
    ]);
    expect(second.comparison).toEqual({
      previousLabel: '2026-W46',
      found: true,
      note: 'Compared with the report for 2026-W46.',
    });
  });

  it('reads a later report whose findings carry fields it does not know, and drops them', () => {
    const { findings } = evaluateFindings(aggregates([datacenter([off])]), FINDINGS_DEFAULTS, NO_PREVIOUS);
    const later = previousModel(findings);
    const finding = later.findings[0];
    Object.assign(finding, { impact: 'high' });
    Object.assign(finding.subject, { cluster: 'c1' });
    Object.assign(finding.evidence, { chart: 'runway' });
    Object.assign(finding.messages.title, { hint: 'x' });
    const read = readPreviousReport(later);
    if ('unusable' in read) throw new Error(read.unusable);
    expect(read.findings).toEqual(findings);
    const resolved = compareWithPrevious([], read, { previousLabel: '2026-W46', note: '' }).resolved;
    expect(reportSchema.shape.resolvedFindings.safeParse(resolved).error?.issues ?? []).toEqual([]);
  });

  it('refuses a report made before its period ended (a partial report), saying so', () => {
    expect(readPreviousReport(previousModel([], '2026-11-14T12:00:00.000Z'))).toEqual({
      unusable: 'it was made before its period ended (a partial report)',
    });
    expect('unusable' in readPreviousReport(previousModel([], '2026-11-15T23:00:00.000Z'))).toBe(false);
  });

  it('refuses a report of schema 1, or one without findings, saying why', () => {
    expect(readPreviousReport({ schemaVersion: 1, highlights: [] })).toEqual({
      unusable: 'it predates findings (report schema 1)',
    });
    const broken = readPreviousReport({
      schemaVersion: 2,
      generatedAt: '2026-11-16T06:00:00.000Z',
      period: { label: 'x', endMs: 0 },
      findings: [{ id: 3 }],
    });
    expect('unusable' in broken && broken.unusable).toMatch(/findings\.0/);
    expect('unusable' in readPreviousReport('not a report')).toBe(true);
  });

  it('marks everything new without a previous report', () => {
    const result = compareWithPrevious([], null, { previousLabel: '2026-W46', note: 'none' });
    expect(result).toEqual({
      findings: [],
      resolved: [],
      comparison: { previousLabel: '2026-W46', note: 'none', found: false },
    });
  });
});
