/**
 * The inventory tables of each datacenter (hosts, VMs, datastores), each row flagged when the
 * figures it shows rest on too few samples, and the datacenter's section around them.
 */

import { chartGroup } from '../../charts/plan-charts.ts';
import type { ComponentKind, MetricName } from '../../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type MetricStats,
  type RenderedChart,
} from '../../core/types.ts';
import { capacitySection } from './capacity.ts';
import { chartView, column, sortByName, type ViewContext } from './view-context.ts';
import type { ChartView, DatacenterView, RowView, TableView } from './view-types.ts';

/** Below this coverage (received / expected samples, %), a component's figures are marked. */
export const LOW_COVERAGE_PCT = 90;

const ROW_METRICS = {
  host: [
    'vscope.host.cpu.usage.perc',
    'vscope.host.mem.usage.perc',
    'vscope.host.net.rx',
    'vscope.host.net.tx',
  ],
  vm: [
    'vscope.vm.cpu.usage.perc',
    'vscope.vm.mem.usage.perc',
    'vscope.vm.cpu.ready',
    'vscope.vm.disk.latency.write',
  ],
  filer: ['vscope.filer.datastore.diskspace.used'],
} as const satisfies Record<ComponentKind, readonly MetricName[]>;

/**
 * Coverage of the figures a table row shows: received over expected samples across those metrics.
 * Null when nothing was expected.
 */
export function rowCoverage(component: ComponentReport): number | null {
  let expected = 0;
  let samples = 0;
  for (const metric of ROW_METRICS[component.kind] as readonly MetricName[]) {
    const stats = component.metrics[metric];
    expected += stats?.expected ?? 0;
    samples += stats?.samples ?? 0;
  }
  return expected > 0 ? Math.min(100, (samples / expected) * 100) : null;
}

/** An inventory property of the component, null when absent. */
export function detail(component: ComponentReport, key: string): string | number | boolean | null {
  return component.details[key] ?? null;
}

function numberDetail(component: ComponentReport, key: string): number | null {
  const value = detail(component, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textDetail(component: ComponentReport, key: string): string | null {
  const value = detail(component, key);
  return typeof value === 'string' && value !== '' ? value : null;
}

function pct(ctx: ViewContext, stats: MetricStats | undefined, figure: 'mean' | 'p95' | 'max'): string {
  return ctx.fmt.number(stats?.[figure] ?? null, 1);
}

function coverageCell(ctx: ViewContext, component: ComponentReport): { text: string; low: boolean } {
  if (component.missingSeries) return { text: ctx.t('coverage.noData'), low: true };
  const pct = rowCoverage(component);
  const low = pct === null || pct < LOW_COVERAGE_PCT;
  const figure = ctx.fmt.number(pct, 1);
  return { text: low ? ctx.t('coverage.low', { figure }) : figure, low };
}

function row(ctx: ViewContext, component: ComponentReport, cells: string[]): RowView {
  const coverage = coverageCell(ctx, component);
  return { cells: [...cells, coverage.text], tone: coverage.low ? 'flagged' : 'plain' };
}

function coverageNote(ctx: ViewContext): string {
  return ctx.t('coverage.note', { threshold: LOW_COVERAGE_PCT, missing: ctx.fmt.number(null) });
}

function hostsTable(ctx: ViewContext, dc: DatacenterReport, id: string): TableView {
  const cpu = (h: ComponentReport) => h.metrics['vscope.host.cpu.usage.perc'];
  return {
    id,
    caption: ctx.t('hosts.caption', { datacenter: dc.name, count: dc.hosts.length }),
    columns: [
      column(ctx, 'host', false, 2.2),
      column(ctx, 'cpuMean', true, 1),
      column(ctx, 'cpuP95', true, 1),
      column(ctx, 'cpuMax', true, 1),
      column(ctx, 'memP95', true, 1),
      column(ctx, 'netInP95', true, 1.1),
      column(ctx, 'netOutP95', true, 1.1),
      column(ctx, 'vms', true, 0.6),
      column(ctx, 'vcpu', true, 0.6),
      column(ctx, 'busyVcpu', true, 0.8),
      column(ctx, 'coverage', true, 1.1),
    ],
    rows: sortByName(dc.hosts, ctx.tr.locale).map((h) => {
      const load = dc.hostRollups.find((r) => r.host === h.displayName);
      return row(ctx, h, [
        ctx.tr.name(h.displayName),
        pct(ctx, cpu(h), 'mean'),
        pct(ctx, cpu(h), 'p95'),
        pct(ctx, cpu(h), 'max'),
        pct(ctx, h.metrics['vscope.host.mem.usage.perc'], 'p95'),
        ctx.fmt.number(h.metrics['vscope.host.net.rx']?.p95 ?? null, 0),
        ctx.fmt.number(h.metrics['vscope.host.net.tx']?.p95 ?? null, 0),
        ctx.fmt.integer(load?.vmCount ?? null),
        ctx.fmt.integer(load?.vcpuTotal ?? null),
        ctx.fmt.number(load?.busyVcpuMean ?? null, 1),
      ]);
    }),
    note: `${ctx.t('hosts.note')} ${coverageNote(ctx)}`,
  };
}

function vmsTable(ctx: ViewContext, dc: DatacenterReport, id: string): TableView {
  const cpu = (vm: ComponentReport) => vm.metrics['vscope.vm.cpu.usage.perc'];
  return {
    id,
    caption: ctx.t('vms.caption', { datacenter: dc.name, count: dc.vms.length }),
    columns: [
      column(ctx, 'vm', false, 2.4),
      column(ctx, 'hostDatastore', false, 1.4),
      column(ctx, 'vmSize', true, 1),
      column(ctx, 'power', false, 0.8),
      column(ctx, 'snapshots', true, 0.8),
      column(ctx, 'cpuP95', true, 0.9),
      column(ctx, 'memP95', true, 0.9),
      column(ctx, 'readyP95', true, 1),
      column(ctx, 'latencyP95', true, 1.2),
      column(ctx, 'coverage', true, 1),
    ],
    rows: sortByName(dc.vms, ctx.tr.locale).map((vm) => {
      const power = textDetail(vm, 'powerState');
      const host = textDetail(vm, 'hostName');
      return row(ctx, vm, [
        ctx.tr.name(vm.displayName),
        placement(ctx, host, textDetail(vm, 'datastores')),
        `${ctx.fmt.integer(numberDetail(vm, 'cpuNum'))} / ${ctx.fmt.number(memoryGb(vm), 1)}`,
        power === null ? ctx.fmt.number(null) : powerLabel(ctx, power),
        ctx.fmt.integer(numberDetail(vm, 'snapshotNum')),
        pct(ctx, cpu(vm), 'p95'),
        pct(ctx, vm.metrics['vscope.vm.mem.usage.perc'], 'p95'),
        vm.unavailable.some((u) => u.figure === DERIVED.cpuReadyPct)
          ? ctx.t('vms.notApplicable')
          : pct(ctx, vm.derived[DERIVED.cpuReadyPct], 'p95'),
        latencies(ctx, vm),
      ]);
    }),
    note: `${ctx.t('vms.note')} ${coverageNote(ctx)}`,
  };
}

/** Read and write latency p95 in one cell (`2.1 / 3.0`): one column keeps the table on an A4 page. */
function latencies(ctx: ViewContext, vm: ComponentReport): string {
  const p95 = (metric: MetricName) => ctx.fmt.number(vm.metrics[metric]?.p95 ?? null, 1);
  return `${p95('vscope.vm.disk.latency.read')} / ${p95('vscope.vm.disk.latency.write')}`;
}

/** Where the VM runs: its host, then the datastores holding its disks (`10.0.0.12 · pcc-000444`). */
function placement(ctx: ViewContext, host: string | null, datastores: string | null): string {
  const where = host === null ? ctx.fmt.number(null) : ctx.tr.name(host);
  return datastores === null ? where : `${where} · ${ctx.tr.name(datastores)}`;
}

/** The VM's configured memory in GB (the inventory gives MB). */
function memoryGb(vm: ComponentReport): number | null {
  const mb = numberDetail(vm, 'memoryMaxMb');
  return mb === null ? null : mb / 1024;
}

function powerLabel(ctx: ViewContext, power: string): string {
  return ctx.tr.has(`power.${power}`) ? ctx.t(`power.${power}`) : ctx.tr.name(power);
}

function datastoresTable(ctx: ViewContext, dc: DatacenterReport, id: string): TableView {
  return {
    id,
    caption: ctx.t('datastores.caption', { datacenter: dc.name, count: dc.filers.length }),
    columns: [
      column(ctx, 'datastore', false, 2.6),
      column(ctx, 'sizeGb', true, 1),
      column(ctx, 'usedP95', true, 1),
      column(ctx, 'usedMax', true, 1),
      column(ctx, 'usedNow', true, 1.6),
      column(ctx, 'trend', true, 1),
      column(ctx, 'overcommit', true, 1),
      column(ctx, 'coverage', true, 1),
    ],
    rows: sortByName(dc.filers, ctx.tr.locale).map((ds) => {
      const used = ds.derived[DERIVED.datastoreUsedPct];
      return row(ctx, ds, [
        ctx.tr.name(ds.displayName),
        ctx.fmt.number(numberDetail(ds, 'sizeGb'), 0),
        pct(ctx, used, 'p95'),
        pct(ctx, used, 'max'),
        usedNow(ctx, ds),
        ctx.fmt.number(used?.trend?.slopePerDay ?? null, 2),
        ctx.fmt.number(percentOf(ds.capacity?.overcommitRatio), 0),
      ]);
    }),
    note: `${ctx.t('datastores.note')} ${coverageNote(ctx)}`,
  };
}

/** A ratio as a percentage (over-commit reads as one form everywhere: `140 %`). */
function percentOf(ratio: number | null | undefined): number | null {
  return typeof ratio === 'number' && Number.isFinite(ratio) ? ratio * 100 : null;
}

function usedNow(ctx: ViewContext, ds: ComponentReport): string {
  const usedGb = numberDetail(ds, 'spaceUsedGb');
  const sizeGb = numberDetail(ds, 'sizeGb');
  if (usedGb === null) return ctx.fmt.number(null);
  const used = ctx.fmt.withUnit(usedGb, ctx.t('unit.GB'), 0);
  return sizeGb !== null && sizeGb > 0 ? `${used} (${ctx.fmt.percent((usedGb / sizeGb) * 100)})` : used;
}

/** The section of one datacenter: its hosts, VMs and datastores, each table with its charts. */
export function datacenterView(
  ctx: ViewContext,
  dc: DatacenterReport,
  charts: readonly RenderedChart[],
): DatacenterView {
  const id = `dc-${dc.datacenterId}`;
  const mine = charts.filter((c) => c.section === dc.tag);
  const chartsOf = (group: string) => mine.filter((c) => chartGroup(c.id) === group).map(chartView);
  // A chart of this datacenter in no known group still shows, after the VMs rather than nowhere.
  const others = mine.filter((c) => chartGroup(c.id) === null).map(chartView);
  const section = (
    key: 'hosts' | 'vms' | 'datastores',
    table: TableView,
    count: number,
    extra: ChartView[] = [],
  ) => ({
    id: `${id}-${key}`,
    title: ctx.t(`${key}.title`),
    tables: count > 0 ? [table] : [],
    charts: [...chartsOf(key), ...extra],
    empty: ctx.t(`${key}.empty`, { datacenter: dc.name }),
  });
  return {
    id,
    title: ctx.tr.name(dc.name),
    intro: ctx.t('datacenter.intro', {
      tag: dc.tag,
      hosts: dc.hosts.length,
      vms: dc.vms.length,
      datastores: dc.filers.length,
    }),
    sections: [
      capacitySection(ctx, dc, id),
      section('hosts', hostsTable(ctx, dc, `${id}-hosts-table`), dc.hosts.length),
      section('vms', vmsTable(ctx, dc, `${id}-vms-table`), dc.vms.length, others),
      section('datastores', datastoresTable(ctx, dc, `${id}-datastores-table`), dc.filers.length),
    ],
  };
}
