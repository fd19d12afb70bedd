/**
 * N+1 capacity: a finding on a datacenter whose other hosts cannot take over its largest host's
 * p95 CPU or memory load within `hostLoss.maxUsedPctAfterLoss` (see lib/aggregate/capacity.ts for
 * how the figures are computed).
 */
import type { DatacenterReport, HostLossCheck, Message } from '../core/types.ts';
import type { FindingsConfig } from './config.ts';
import { coverageOf, type Draft, f1, msg, round } from './draft.ts';
import type { SubjectDraft } from './rule-missing-data.ts';

const RESOURCES = [
  { name: 'cpu', unit: 'GHz', metric: 'vscope.host.cpu.usage.perc' },
  { name: 'memory', unit: 'GB', metric: 'vscope.host.mem.usage.perc' },
] as const;

function sentence(check: HostLossCheck, unit: string, what: string, limit: number): string {
  if (check.usedPctAfterLoss === null) {
    return `Only one host counted for ${what}: losing ${check.largestHost} stops every VM.`;
  }
  return `Without ${check.largestHost}, the other hosts would carry ${f1(check.usedP95)} ${unit} of ${what} at p95 on ${f1(check.remainingTotal)} ${unit}: ${f1(check.usedPctAfterLoss)} % (limit ${limit} %).`;
}

function message(check: HostLossCheck, resource: 'cpu' | 'memory', limit: number): Message {
  if (check.usedPctAfterLoss === null) return msg('finding.hostLoss.single', { host: check.largestHost });
  return msg(resource === 'cpu' ? 'finding.hostLoss.cpu' : 'finding.hostLoss.memory', {
    host: check.largestHost,
    used: check.usedP95,
    remaining: check.remainingTotal,
    pct: check.usedPctAfterLoss,
    limit,
  });
}

/** The N+1 finding of one datacenter, when its other hosts do not absorb the largest host's load. */
export function hostLossFindings(dc: DatacenterReport, config: FindingsConfig): SubjectDraft[] {
  const { capacity } = dc;
  if (!config.hostLoss.enabled || capacity.survivesLargestHostLoss !== false) return [];
  const limit = capacity.hostLossLimitPct;
  const failing = RESOURCES.filter((r) => !capacity.hostLoss[r.name].survives);
  const counted = dc.hosts.filter((h) => h.details.inMaintenance !== true);
  const draft: Draft = {
    severity: 'warning',
    title: 'No room for a host failure',
    summary: failing.map((r) => sentence(capacity.hostLoss[r.name], r.unit, r.name, limit)).join(' '),
    figures: {
      limitPct: limit,
      cpuLargestHost: capacity.hostLoss.cpu.largestHost,
      cpuPctAfterLoss: round(capacity.hostLoss.cpu.usedPctAfterLoss, 1),
      memoryLargestHost: capacity.hostLoss.memory.largestHost,
      memoryPctAfterLoss: round(capacity.hostLoss.memory.usedPctAfterLoss, 1),
    },
    coveragePct: coverageOf(...counted.flatMap((h) => RESOURCES.map((r) => h.metrics[r.metric]))),
    recommendation:
      'Add a host, or free capacity (right-size, switch off or move VMs) until the other hosts can take over the largest one: until then a host failure or maintenance leaves VMs short of CPU or memory.',
    messages: {
      title: msg('finding.hostLoss.title'),
      summary: failing.map((r) => message(capacity.hostLoss[r.name], r.name, limit)),
      recommendation: [msg('finding.hostLoss.recommendation')],
    },
  };
  return [
    {
      subject: {
        kind: 'datacenter',
        key: dc.tag,
        displayName: dc.name,
        datacenterTag: dc.tag,
        datacenterName: dc.name,
      },
      draft,
    },
  ];
}
