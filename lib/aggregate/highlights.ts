/**
 * First-pass highlights over the figures, with thresholds from practitioners' numbers
 * (DESIGN.md): CPU ready per vCPU 5 % / 10 %, disk latency 10 / 20 ms, datastore 80 / 90 % full,
 * saturation at p95 ≥ 90 %, idle at CPU p95 < 2 %, coverage under 98 %.
 */
import type { ComponentReport, DatacenterReport, Highlight, MetricStats, Severity } from '../core/types.ts';
import { DERIVED } from '../core/types.ts';

export const HIGHLIGHT_THRESHOLDS = {
  cpuReadyWarnPct: 5,
  cpuReadyCriticalPct: 10,
  latencyWarnMs: 10,
  latencyCriticalMs: 20,
  datastoreWarnPct: 80,
  datastoreCriticalPct: 90,
  saturationPct: 90,
  idleCpuPct: 2,
  minCoveragePct: 98,
} as const;

const T = HIGHLIGHT_THRESHOLDS;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const f1 = (n: number): string => n.toFixed(1);

type Draft = Pick<Highlight, 'severity' | 'code' | 'title' | 'evidence'>;

function level(value: number, warn: number, critical: number): Severity | null {
  if (value >= critical) return 'critical';
  if (value >= warn) return 'warning';
  return null;
}

function vmDrafts(c: ComponentReport): Draft[] {
  const out: Draft[] = [];
  if (c.details.powerState === 'poweredOff') {
    return [
      {
        severity: 'info',
        code: 'vm-powered-off',
        title: 'Powered off',
        evidence: 'No samples expected while powered off.',
      },
    ];
  }
  const ready = c.derived[DERIVED.cpuReadyPct];
  const readySev = ready?.p95 != null ? level(ready.p95, T.cpuReadyWarnPct, T.cpuReadyCriticalPct) : null;
  if (ready?.p95 != null && readySev) {
    out.push({
      severity: readySev,
      code: 'cpu-ready-high',
      title: 'CPU contention (CPU ready)',
      evidence: `CPU ready p95 ${f1(ready.p95)} % per vCPU, mean ${f1(ready.mean ?? 0)} %, over ${c.details.cpuNum} vCPU.`,
    });
  }
  for (const [metric, label] of [
    ['vscope.vm.disk.latency.read', 'read'],
    ['vscope.vm.disk.latency.write', 'write'],
  ] as const) {
    const m = c.metrics[metric];
    const sev = m?.p95 != null ? level(m.p95, T.latencyWarnMs, T.latencyCriticalMs) : null;
    if (m?.p95 != null && sev) {
      out.push({
        severity: sev,
        code: `disk-latency-${label}`,
        title: `High disk ${label} latency`,
        evidence: `Disk ${label} latency p95 ${f1(m.p95)} ms, mean ${f1(m.mean ?? 0)} ms, max ${f1(m.max ?? 0)} ms.`,
      });
    }
  }
  const cpu = c.metrics['vscope.vm.cpu.usage.perc'];
  if (cpu?.p95 != null && cpu.p95 < T.idleCpuPct) {
    out.push({
      severity: 'info',
      code: 'vm-idle',
      title: 'Idle VM',
      evidence: `CPU p95 ${f1(cpu.p95)} %, max ${f1(cpu.max ?? 0)} %.`,
    });
  }
  return out;
}

function saturationDrafts(c: ComponentReport): Draft[] {
  const out: Draft[] = [];
  for (const [metric, what] of [
    [c.kind === 'host' ? 'vscope.host.cpu.usage.perc' : 'vscope.vm.cpu.usage.perc', 'CPU'],
    [c.kind === 'host' ? 'vscope.host.mem.usage.perc' : 'vscope.vm.mem.usage.perc', 'Memory'],
  ] as const) {
    const m: MetricStats | undefined = c.metrics[metric];
    if (m?.p95 != null && m.p95 >= T.saturationPct) {
      out.push({
        severity: 'warning',
        code: `${what.toLowerCase()}-saturation`,
        title: `${what} saturation`,
        evidence: `${what} p95 ${f1(m.p95)} %, max ${f1(m.max ?? 0)} %.`,
      });
    }
  }
  return out;
}

function filerDrafts(c: ComponentReport): Draft[] {
  const used = c.derived[DERIVED.datastoreUsedPct];
  const sev = used?.max != null ? level(used.max, T.datastoreWarnPct, T.datastoreCriticalPct) : null;
  if (!used || used.max == null || !sev) return [];
  return [
    {
      severity: sev,
      code: 'datastore-full',
      title: 'Datastore filling up',
      evidence: `Used ${f1(used.max)} % at most, ${f1(used.min ?? 0)} % at least, this period.`,
    },
  ];
}

function coverageDrafts(c: ComponentReport, intervalSeconds: number): Draft[] {
  if (c.details.powerState === 'poweredOff') return [];
  if (c.missingSeries) {
    return [
      {
        severity: 'warning',
        code: 'missing-data',
        title: 'No data',
        evidence: 'The metrics source returned no series for this component.',
      },
    ];
  }
  const worst = Math.min(...Object.values(c.metrics).map((m) => m.coveragePct));
  if (worst >= T.minCoveragePct) return [];
  const stats = Object.values(c.metrics).find((m) => m.coveragePct === worst);
  const missingHours = stats ? ((stats.expected - stats.samples) * intervalSeconds) / 3600 : 0;
  return [
    {
      severity: 'warning',
      code: 'missing-data',
      title: 'Incomplete data',
      evidence: `Coverage ${f1(worst)} %: about ${f1(missingHours)} h of samples missing.`,
    },
  ];
}

/** Highlights for every component of the given datacenters, most severe first. */
export function deriveHighlights(
  datacenters: readonly DatacenterReport[],
  intervalSeconds: number,
): Highlight[] {
  const out: Highlight[] = [];
  for (const dc of datacenters) {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      const drafts = [
        ...(c.kind === 'vm' ? vmDrafts(c) : []),
        ...(c.kind === 'filer' ? filerDrafts(c) : saturationDrafts(c)),
        ...coverageDrafts(c, intervalSeconds),
      ];
      for (const d of drafts) {
        out.push({ ...d, kind: c.kind, component: c.key, displayName: c.displayName, datacenterTag: dc.tag });
      }
    }
  }
  return out.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.displayName.localeCompare(b.displayName),
  );
}
