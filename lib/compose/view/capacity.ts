/**
 * A datacenter's capacity section: CPU, memory and storage used and free at p95 and at peak, then
 * vCPUs per core, memory over-commit (as a ratio, the form `report.json` keeps) and whether the
 * other hosts absorb the largest host's load (see lib/aggregate/capacity.ts).
 */
import type { DatacenterReport, HostLossCheck, ResourceCapacity } from '../../core/types.ts';
import { column, type ViewContext } from './view-context.ts';
import type { RowView, SectionView, TableView } from './view-types.ts';

const RESOURCES = [
  { key: 'cpu', figure: 'cpuGhz', digits: 1 },
  { key: 'memory', figure: 'memoryGb', digits: 0 },
  { key: 'storage', figure: 'storageGb', digits: 0 },
] as const;

function usageTable(ctx: ViewContext, dc: DatacenterReport, id: string): TableView {
  const { capacity } = dc;
  const n = (v: number, digits: number) => ctx.fmt.number(v, digits);
  const rows: RowView[] = RESOURCES.map(({ key, figure, digits }) => {
    const r: ResourceCapacity = capacity[figure];
    return {
      cells: [
        ctx.t(`capacity.row.${key}`),
        n(r.total, digits),
        `${n(r.p95.used, digits)} (${ctx.fmt.percent(r.p95.usedPct)})`,
        n(r.p95.free, digits),
        `${n(r.max.used, digits)} (${ctx.fmt.percent(r.max.usedPct)})`,
        n(r.max.free, digits),
      ],
      tone: 'plain',
    };
  });
  const names = (list: readonly string[]) => list.map((s) => ctx.tr.name(s)).join(ctx.t('join.list'));
  const leftOut = [...new Set(RESOURCES.flatMap(({ figure }) => capacity[figure].leftOut))];
  return {
    id,
    caption: ctx.t('capacity.table.caption'),
    columns: [
      column(ctx, 'resource', false, 1.6),
      column(ctx, 'total', true, 1),
      column(ctx, 'usedAtP95', true, 1.4),
      column(ctx, 'freeAtP95', true, 1),
      column(ctx, 'usedAtPeak', true, 1.4),
      column(ctx, 'freeAtPeak', true, 1),
    ],
    rows,
    note: [
      ctx.t('capacity.table.note'),
      capacity.hostsInMaintenance.length > 0
        ? ctx.t('capacity.table.maintenance', { names: names(capacity.hostsInMaintenance) })
        : '',
      leftOut.length > 0 ? ctx.t('capacity.table.leftOut', { names: names(leftOut) }) : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
  };
}

function lossCell(ctx: ViewContext, check: HostLossCheck, resource: 'Cpu' | 'Memory'): string {
  const host = ctx.tr.name(check.largestHost ?? '');
  if (check.largestHost === null) return ctx.fmt.number(null);
  if (check.usedPctAfterLoss === null) return ctx.t('capacity.lossSingle', { host });
  return ctx.t(`capacity.loss${resource}Value`, {
    pct: check.usedPctAfterLoss,
    remaining: check.remainingTotal,
    host,
  });
}

function ratiosTable(ctx: ViewContext, dc: DatacenterReport, id: string): TableView {
  const c = dc.capacity;
  const survives = c.survivesLargestHostLoss;
  const row = (label: string, value: string, flagged = false): RowView => ({
    cells: [label, value],
    tone: flagged ? 'flagged' : 'plain',
  });
  return {
    id,
    caption: ctx.t('capacity.ratios.caption'),
    columns: [column(ctx, 'figure', false, 2), column(ctx, 'value', false, 3)],
    rows: [
      row(
        ctx.t('capacity.vcpuPerCore'),
        c.vcpuPerCore === null
          ? ctx.fmt.number(null)
          : ctx.t('capacity.vcpuPerCoreValue', {
              ratio: c.vcpuPerCore,
              vcpus: c.vcpus,
              cores: c.physicalCores,
            }),
      ),
      row(
        ctx.t('capacity.memoryOvercommit'),
        c.memoryOvercommitRatio === null
          ? ctx.fmt.number(null)
          : ctx.t('capacity.memoryOvercommitValue', {
              pct: c.memoryOvercommitRatio * 100,
              configured: c.vmMemoryGb,
              ram: c.hostRamGb,
            }),
      ),
      row(ctx.t('capacity.lossCpu'), lossCell(ctx, c.hostLoss.cpu, 'Cpu'), !c.hostLoss.cpu.survives),
      row(
        ctx.t('capacity.lossMemory'),
        lossCell(ctx, c.hostLoss.memory, 'Memory'),
        !c.hostLoss.memory.survives,
      ),
      row(
        ctx.t('capacity.survives', { limit: c.hostLossLimitPct }),
        ctx.t(survives === null ? 'capacity.unknown' : survives ? 'capacity.yes' : 'capacity.no'),
        survives === false,
      ),
    ],
    note: ctx.t('capacity.ratios.note'),
  };
}

/** The capacity section of one datacenter (`id` is the datacenter's anchor). */
export function capacitySection(ctx: ViewContext, dc: DatacenterReport, id: string): SectionView {
  const hasFigures = dc.hosts.length > 0 || dc.filers.length > 0;
  return {
    id: `${id}-capacity`,
    title: ctx.t('capacity.title'),
    tables: hasFigures
      ? [usageTable(ctx, dc, `${id}-capacity-table`), ratiosTable(ctx, dc, `${id}-capacity-ratios`)]
      : [],
    charts: [],
    empty: ctx.t('capacity.empty', { datacenter: ctx.tr.name(dc.name) }),
  };
}
