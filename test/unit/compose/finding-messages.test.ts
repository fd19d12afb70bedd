import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DERIVED, type Finding, type HostRollup, LANGUAGES, type Message } from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS } from '../../../lib/findings/config.ts';
import { evaluateFindings } from '../../../lib/findings/evaluate.ts';
import { COMPONENT_RULES, HOST_LOSS_RULE } from '../../../lib/findings/rules.ts';
import { readPreviousReport } from '../../../lib/findings/status.ts';
import { createTranslator, loadCatalogue } from '../../../lib/locale/i18n.ts';
import { aggregates, component, datacenter, PERIOD, stats } from '../findings/helpers.ts';

/**
 * The findings engine writes each finding twice: English sentences, and messages the documents
 * translate. A datacenter built so that every rule fires (most of them on several branches) checks
 * that every message renders in every language, and that the English catalogue states the very
 * figures of the engine's English.
 */
const HOUR = 3600;
const above = (threshold: number, hours: number, sharePct: number) => ({
  timeAbove: [{ threshold, seconds: hours * HOUR, sharePct }],
});
const gappy = stats(50, {
  samples: 1800,
  coveragePct: (1800 / 2016) * 100,
  gaps: {
    count: 5,
    missingSeconds: 216 * 300,
    longestSeconds: 6 * HOUR,
    listed: [
      { startMs: Date.UTC(2026, 10, 18, 1), endMs: Date.UTC(2026, 10, 18, 7), missingSamples: 72 },
      { startMs: Date.UTC(2026, 10, 19, 22), endMs: Date.UTC(2026, 10, 20, 2), missingSamples: 48 },
      { startMs: Date.UTC(2026, 10, 21, 1), endMs: Date.UTC(2026, 10, 21, 2), missingSamples: 12 },
      { startMs: Date.UTC(2026, 10, 21, 5), endMs: Date.UTC(2026, 10, 21, 6), missingSamples: 12 },
    ],
  },
});
const vm = (cpuNum: number, power = 'poweredOn', snapshots = 0) => ({
  powerState: power,
  cpuNum,
  memoryMaxMb: cpuNum * 4096,
  snapshotNum: snapshots,
  hostName: '10.0.0.1',
});
const quietIo = {
  'vscope.vm.disk.io.read': stats(0.2),
  'vscope.vm.disk.io.write': stats(0.3),
  'vscope.vm.net.rx': stats(1),
  'vscope.vm.net.tx': stats(1.5),
};
const busyIo = { ...quietIo, 'vscope.vm.disk.io.read': stats(40) };

const components = [
  component('host', '10.0.0.1', {
    details: { inMaintenance: true },
    metrics: {
      'vscope.host.cpu.usage.perc': stats(96, above(85, 30, 20)),
      'vscope.host.mem.usage.perc': stats(88),
    },
  }),
  component('host', '10.0.0.2', { missingSeries: true }),
  component('host', '10.0.0.3', { metrics: { 'vscope.host.cpu.usage.perc': gappy } }),
  component('vm', 'contended', {
    details: vm(8),
    metrics: { 'vscope.vm.cpu.usage.perc': stats(70), 'vscope.vm.mem.usage.perc': stats(50), ...busyIo },
    derived: { [DERIVED.cpuReadyPct]: stats(12.5, { ...above(10, 14.25, 8), coveragePct: 60 }) },
  }),
  component('vm', 'saturated', {
    details: vm(2),
    metrics: {
      'vscope.vm.cpu.usage.perc': stats(97),
      'vscope.vm.mem.usage.perc': stats(91, above(85, 50, 30)),
      ...busyIo,
    },
    derived: { [DERIVED.cpuReadyPct]: stats(1) },
  }),
  component('vm', 'undersized', {
    details: vm(4),
    metrics: { 'vscope.vm.cpu.usage.perc': stats(82), 'vscope.vm.mem.usage.perc': stats(81), ...busyIo },
    derived: { [DERIVED.cpuReadyPct]: stats(6) },
  }),
  component('vm', 'oversized', {
    details: vm(8, 'poweredOn', 5),
    metrics: { 'vscope.vm.cpu.usage.perc': stats(10), 'vscope.vm.mem.usage.perc': stats(20), ...busyIo },
    derived: { [DERIVED.cpuReadyPct]: stats(1) },
  }),
  component('vm', 'idle', {
    details: vm(2),
    metrics: { 'vscope.vm.cpu.usage.perc': stats(1), 'vscope.vm.mem.usage.perc': stats(10), ...quietIo },
    derived: { [DERIVED.cpuReadyPct]: stats(0.1) },
  }),
  component('vm', 'slow-disk', {
    details: vm(2),
    metrics: {
      'vscope.vm.cpu.usage.perc': stats(40),
      'vscope.vm.mem.usage.perc': stats(40),
      'vscope.vm.disk.latency.write': stats(25, {
        timeAbove: [
          { threshold: 20, seconds: 0, sharePct: 60 },
          { threshold: 10, seconds: 0, sharePct: 90 },
        ],
      }),
      'vscope.vm.disk.latency.read': stats(12, {
        timeAbove: [
          { threshold: 20, seconds: 0, sharePct: 0 },
          { threshold: 10, seconds: 0, sharePct: 30 },
        ],
      }),
      ...busyIo,
    },
    derived: { [DERIVED.cpuReadyPct]: stats(1) },
  }),
  component('vm', 'sluggish-disk', {
    details: vm(2),
    metrics: {
      'vscope.vm.cpu.usage.perc': stats(40),
      'vscope.vm.mem.usage.perc': stats(40),
      'vscope.vm.disk.latency.write': stats(14, {
        timeAbove: [
          { threshold: 20, seconds: 0, sharePct: 10 },
          { threshold: 10, seconds: 0, sharePct: 40 },
        ],
      }),
      ...busyIo,
    },
    derived: { [DERIVED.cpuReadyPct]: stats(1) },
  }),
  component('vm', 'off', { details: vm(2, 'poweredOff') }),
  component('filer', 'ds-full', {
    derived: {
      [DERIVED.datastoreUsedPct]: stats(92.5, {
        trend: { slopePerDay: 0.9, slopeStdErrPerDay: 0.05, fittedAtEnd: 92.5 },
      }),
    },
    capacity: { sizeGb: 4096, usedGb: 3789, usedPct: 92.5, provisionedGb: 6144, overcommitRatio: 1.5 },
  }),
  component('filer', 'ds-filling', {
    derived: {
      [DERIVED.datastoreUsedPct]: stats(75, {
        trend: { slopePerDay: 0.6, slopeStdErrPerDay: 0.04, fittedAtEnd: 75 },
      }),
    },
    capacity: { sizeGb: 2048, usedGb: 1536, usedPct: 75, provisionedGb: null, overcommitRatio: null },
  }),
];

const rollup: HostRollup = {
  host: '10.0.0.1',
  vmCount: 9,
  poweredOnVmCount: 8,
  vcpuTotal: 30,
  vmsWithoutCpuNum: 0,
  vmMemoryGb: 120,
  memoryOvercommitRatio: 0.3,
  vmCpuMeanSumPct: 300,
  busyVcpuMean: 10,
  worstReadyP95Pct: 12.5,
};
const dc = {
  ...datacenter(components),
  hostRollups: [rollup],
  unknownComponents: [{ metric: 'vscope.vm.cpu.usage.perc' as const, component: 'vm-09999' }],
};
const gaps = [
  {
    metric: 'vscope.vm.disk.latency.read' as const,
    datacenterTag: dc.tag,
    components: [],
    reason: 'HTTP 504',
  },
];
const noPrevious = { label: '2026-W46', report: null, note: '' };
// A one-vCPU VM can only be oversized when the configuration allows shrinking to one vCPU.
const minimal = component('vm', 'minimal', {
  details: vm(1),
  metrics: { 'vscope.vm.cpu.usage.perc': stats(15), 'vscope.vm.mem.usage.perc': stats(20), ...busyIo },
  derived: { [DERIVED.cpuReadyPct]: stats(0.5) },
});
const minVcpu1 = { ...FINDINGS_DEFAULTS, oversized: { ...FINDINGS_DEFAULTS.oversized, minVcpu: 1 } };
/** Hosts of 40 GHz and 256 GB: three too busy to lose one (CPU and memory), and one alone. */
const nPlusOne = (name: string, cpuPct: number, memPct: number) =>
  component('host', name, {
    details: { cpuMhz: 40_000, cpuCores: 16, ramGb: 256, inMaintenance: false },
    metrics: { 'vscope.host.cpu.usage.perc': stats(cpuPct), 'vscope.host.mem.usage.perc': stats(memPct) },
  });
const crowded = datacenter([nPlusOne('n1', 70, 80), nPlusOne('n2', 70, 80), nPlusOne('n3', 70, 80)]);
const alone = { ...datacenter([nPlusOne('solo', 10, 10)]), tag: 'pcc-1_datacenter2', name: 'DC 2' };
const findings = [
  ...evaluateFindings(aggregates([dc], gaps), FINDINGS_DEFAULTS, noPrevious).findings,
  ...evaluateFindings(aggregates([datacenter([minimal])]), minVcpu1, noPrevious).findings,
  ...evaluateFindings(aggregates([crowded, alone]), FINDINGS_DEFAULTS, noPrevious).findings.filter(
    (f) => f.rule === 'host-loss',
  ),
];

/** Every message key of a finding, nested ones included. */
function keysOf(messages: readonly Message[]): string[] {
  return messages.flatMap((m) => [
    m.key,
    ...Object.values(m.params).flatMap((p) => (Array.isArray(p) ? keysOf(p as Message[]) : [])),
  ]);
}
const allKeys = (f: Finding) =>
  f.messages ? keysOf([f.messages.title, ...f.messages.summary, ...f.messages.recommendation]) : [];

/** The figures of a text written in `locale`, as plain `1234.5` strings, sorted. */
function numbers(text: string, locale = 'en'): string[] {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const plain = text.replaceAll(`${group}`, '').replaceAll(decimal, '.');
  return (plain.match(/\d+(?:\.\d+)?/g) ?? []).sort();
}

describe('finding messages', () => {
  it('come from every rule of the engine, on both sides of their branches', () => {
    const rules = new Set(findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([...COMPONENT_RULES.map((r) => r.id), HOST_LOSS_RULE].sort());
    const keys = new Set(findings.flatMap(allKeys));
    for (const key of [
      'finding.cpuContention.summaryAbove',
      'finding.cpuContention.whereHost',
      'finding.cpuSaturation.summaryAbove',
      'finding.memorySaturation.summaryAbove',
      'finding.saturation.host',
      'finding.missingData.noDataTitle',
      'finding.missingData.gapsMore',
      'finding.common.spanSameDay',
      'finding.hostLoss.cpu',
      'finding.hostLoss.memory',
      'finding.hostLoss.single',
      'finding.common.span',
      'finding.common.lowConfidence',
      'finding.vmOversized.recommendationMinimal',
      'finding.vmUndersized.busy',
      'finding.storageLatency.title',
      'finding.storageLatency.titleWarning',
      'finding.datastoreFullness.thin',
      'finding.datastoreFullness.recommendationMove',
      'finding.queriesFailed.title',
      'finding.unknownSeries.title',
    ]) {
      expect(keys, key).toContain(key);
    }
  });

  it('render in English to the engine’s English sentences, figure for figure', () => {
    const tr = createTranslator('en');
    for (const f of findings) {
      const m = f.messages;
      if (!m) throw new Error(`${f.id} has no messages`);
      expect(tr.render(m.title, PERIOD.timeZone), f.id).toBe(f.title);
      expect(numbers(tr.renderAll(m.summary, PERIOD.timeZone)), f.id).toEqual(numbers(f.evidence.summary));
      expect(numbers(tr.renderAll(m.recommendation, PERIOD.timeZone)), f.id).toEqual(
        numbers(f.recommendation),
      );
    }
    // Word for word too, but for grouped thousands and a real plural.
    const gap = findings.find((f) => f.rule === 'missing-data' && f.subject.key === '10.0.0.3');
    expect(tr.renderAll(gap?.messages?.summary ?? [], PERIOD.timeZone)).toBe(
      gap?.evidence.summary.replace('1800 of 2016', '1,800 of 2,016').replace('gap(s)', 'gaps'),
    );
  });

  it.each(LANGUAGES)('render in %s with every figure and no raw key', (language) => {
    const tr = createTranslator(language);
    for (const f of findings) {
      const m = f.messages as NonNullable<Finding['messages']>;
      const text = [
        tr.render(m.title, PERIOD.timeZone),
        tr.renderAll(m.summary, PERIOD.timeZone),
        tr.renderAll(m.recommendation, PERIOD.timeZone),
      ].join(' ');
      expect(text).not.toMatch(/\{|finding\.|\bundefined\b/);
      expect(numbers(text, tr.locale), `${language} ${f.id}`).toEqual(
        numbers([f.title, f.evidence.summary, f.recommendation].join(' ')),
      );
    }
  });

  it('use only keys the English catalogue has, and the catalogue has no finding text the engine never uses', () => {
    const source = readdirSync(new URL('../../../lib/findings/', import.meta.url), {
      recursive: true,
      withFileTypes: true,
    })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    const used = new Set([...source.matchAll(/'(finding\.[\w.]+)'/g)].map((m) => m[1] as string));
    const catalogue = [...loadCatalogue('en').keys()].filter((k) => k.startsWith('finding.'));
    expect([...used].filter((k) => !catalogue.includes(k))).toEqual([]);
    expect(catalogue.filter((k) => !used.has(k))).toEqual([]);
  });

  it('survive the trip through last period’s report.json, so resolved findings are translated too', () => {
    const previous = readPreviousReport(
      JSON.parse(
        JSON.stringify({
          schemaVersion: 2,
          generatedAt: '2026-11-16T06:00:00.000Z',
          period: { label: '2026-W46', endMs: Date.parse('2026-11-15T23:00:00Z') },
          findings,
        }),
      ),
    );
    if ('unusable' in previous) throw new Error(previous.unusable);
    const { resolved } = evaluateFindings(aggregates([]), FINDINGS_DEFAULTS, {
      label: '2026-W46',
      report: previous,
      note: '',
    });
    expect(resolved).toHaveLength(findings.length);
    for (const f of resolved) {
      expect(f.messages, f.id).toEqual(findings.find((g) => g.id === f.id)?.messages);
    }
  });
});
