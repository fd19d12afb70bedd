import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { maxDecimatedPoints } from '../../../lib/charts/decimate.ts';
import {
  CHART_LIMITS,
  type ChartRequest,
  chartGroup,
  DEFAULT_PLOT_WIDTH,
  MAX_CHARTS_PER_DATACENTER,
  maxChartCount,
  planCharts,
} from '../../../lib/charts/plan-charts.ts';
import { DERIVED, type ReportModel } from '../../../lib/core/types.ts';
import { buildReportFixture, FIXTURE_ZONE, findSeries, XSS_VM_NAME } from '../../support/report-model.ts';

const fixture = buildReportFixture();
const charts = planCharts(fixture.model, fixture.seriesSet);
const byId = (suffix: string): ChartRequest => {
  const chart = charts.find((c) => c.id.endsWith(suffix));
  if (!chart) throw new Error(`no chart ${suffix}`);
  return chart;
};
const rowsOf = (chart: ChartRequest, row: string) => chart.values.filter((v) => v.row === row);
const distinct = (values: readonly unknown[]) => new Set(values).size;

describe('planCharts', () => {
  it('plans the six charts of a datacenter, grouped by sub-section', () => {
    expect(charts.map((c) => c.id.split('/').slice(1).join('/'))).toEqual([
      'hosts/cpu-usage',
      'vms/cpu-daily-heatmap',
      'vms/top-cpu-p95',
      'vms/top-cpu-ready-p95',
      'vms/top-disk-write-latency-p95',
      'datastores/space-used',
    ]);
    expect(charts.map((c) => chartGroup(c.id))).toEqual(['hosts', 'vms', 'vms', 'vms', 'vms', 'datastores']);
    expect(new Set(charts.map((c) => c.section))).toEqual(new Set([fixture.model.datacenters[0]?.tag]));
  });

  it('stays within its bound for 500 VMs in each of 2 datacenters', () => {
    const big = buildReportFixture({ vmCount: 500, datacenters: 2, intervalSeconds: 900 });
    const planned = planCharts(big.model, big.seriesSet);
    expect(MAX_CHARTS_PER_DATACENTER).toBe(6);
    expect(planned.length).toBeLessThanOrEqual(maxChartCount(2));
    const span = { start: big.model.period.startMs / 1000, end: big.model.period.endMs / 1000 };
    const perLine = maxDecimatedPoints({ ...span, buckets: DEFAULT_PLOT_WIDTH, maxGap: 1.5 * 900 });
    for (const chart of planned) {
      if (chart.kind === 'heatmap')
        expect(distinct(chart.values.map((v) => v.label))).toBe(CHART_LIMITS.heatmapRows);
      if (chart.kind === 'top-bars') expect(rowsOf(chart, 'bar')).toHaveLength(CHART_LIMITS.topN);
      if (chart.kind === 'timeseries' || chart.kind === 'datastore') {
        expect(rowsOf(chart, 'point').length).toBeLessThanOrEqual(CHART_LIMITS.seriesPerChart * perLine);
      }
    }
    // 500 VMs, one of which (legacy-app) has no series.
    const heatmap = planned.find((c) => c.kind === 'heatmap');
    expect(heatmap?.description).toContain('the 25 busiest of 499 VMs with data');
  });

  it('ranks the top-10 VMs by CPU p95 and states them in the text alternative', () => {
    const chart = byId('vms/top-cpu-p95');
    const vms = fixture.model.datacenters[0]?.vms ?? [];
    const expected = vms
      .filter((vm) => vm.metrics['vscope.vm.cpu.usage.perc']?.p95 != null)
      .sort(
        (a, b) =>
          (b.metrics['vscope.vm.cpu.usage.perc']?.p95 ?? 0) -
          (a.metrics['vscope.vm.cpu.usage.perc']?.p95 ?? 0),
      )
      .slice(0, 10);
    expect(rowsOf(chart, 'bar').map((r) => r.label)).toEqual(expected.map((vm) => vm.displayName));
    const top = expected[0];
    const p95 = (top?.metrics['vscope.vm.cpu.usage.perc']?.p95 ?? 0).toFixed(1);
    expect(chart.title).toBe('Top 10 VMs by CPU p95');
    expect(chart.description).toContain(
      `Top 10 VMs by CPU p95, out of 12 VMs with data in Datacenter 1: ${top?.displayName} ${p95}\u00a0%`,
    );
    expect(chart.description).toContain(XSS_VM_NAME);
    expect(chart.description).toContain('80\u00a0% (warning) and 90\u00a0% (critical)');
  });

  it('ranks CPU ready by the per-vCPU figure and marks bars over the thresholds', () => {
    const bars = rowsOf(byId('vms/top-cpu-ready-p95'), 'bar');
    const erp = fixture.model.datacenters[0]?.vms.find((vm) => vm.displayName === 'erp-db-01');
    expect(bars[0]).toMatchObject({
      label: 'erp-db-01',
      value: erp?.derived[DERIVED.cpuReadyPct]?.p95,
      level: 'critical',
    });
    expect(bars.map((b) => b.level)).toContain('ok');
  });

  it('draws the heatmap from daily means cut in the period time zone', () => {
    const chart = byId('vms/cpu-daily-heatmap');
    const erpCells = chart.values.filter((v) => v.label === 'erp-db-01');
    expect(erpCells.map((v) => v.day)).toEqual([
      'Mon 16',
      'Tue 17',
      'Wed 18',
      'Thu 19',
      'Fri 20',
      'Sat 21',
      'Sun 22',
    ]);
    const series = findSeries(fixture.seriesSet, 'vscope.vm.cpu.usage.perc', 'vm-01200');
    const tuesday = Array.from(series.values).filter(
      (_, i) => DateTime.fromSeconds(series.timestamps[i] ?? 0, { zone: FIXTURE_ZONE }).day === 17,
    );
    expect(tuesday).toHaveLength(288);
    expect(erpCells[1]?.value).toBeCloseTo(tuesday.reduce((a, b) => a + b, 0) / tuesday.length, 9);
  });

  it('gives a DST day its 23 hours of samples', () => {
    const dst = buildReportFixture({ weekStart: '2026-03-23' });
    const heatmap = planCharts(dst.model, dst.seriesSet).find((c) => c.kind === 'heatmap');
    const sunday = heatmap?.values.find((v) => v.label === 'erp-db-01' && v.day === 'Sun 29');
    const series = findSeries(dst.seriesSet, 'vscope.vm.cpu.usage.perc', 'vm-01200');
    const local = Array.from(series.values).filter(
      (_, i) => DateTime.fromSeconds(series.timestamps[i] ?? 0, { zone: FIXTURE_ZONE }).day === 29,
    );
    expect(local).toHaveLength(23 * 12);
    expect(sunday?.value).toBeCloseTo(local.reduce((a, b) => a + b, 0) / local.length, 9);
  });

  it('leaves a gap in the heatmap for a day without samples', () => {
    const chart = byId('vms/cpu-daily-heatmap');
    expect(chart.values.some((v) => v.label === 'legacy-app')).toBe(false);
    expect(chart.values.filter((v) => v.label === 'bi-reporting').length).toBeGreaterThan(0);
  });

  it('keeps every host peak and labels times on the wall clock of the time zone', () => {
    const chart = byId('hosts/cpu-usage');
    const series = findSeries(fixture.seriesSet, 'vscope.host.cpu.usage.perc', '10.0.0.11');
    const points = rowsOf(chart, 'point').filter((p) => p.series === '10.0.0.11');
    expect(Math.max(...points.map((p) => (p.value as number | null) ?? Number.NEGATIVE_INFINITY))).toBe(
      Math.max(...series.values),
    );
    expect(Math.min(...points.map((p) => (p.value as number | null) ?? Number.POSITIVE_INFINITY))).toBe(
      Math.min(...series.values),
    );
    expect(points.length).toBeLessThanOrEqual(2 * DEFAULT_PLOT_WIDTH);
    // Monday 00:00 in Paris is drawn at 00:00 on a UTC axis.
    expect(chart.params.periodStart).toBe(Date.UTC(2026, 10, 16));
    expect(rowsOf(chart, 'p95').map((r) => r.series)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13']);
  });

  it('breaks a host line over missing hours instead of bridging them', () => {
    const series = findSeries(fixture.seriesSet, 'vscope.host.cpu.usage.perc', '10.0.0.12');
    const holeStart = series.timestamps[1000] ?? 0;
    const holeEnd = series.timestamps[1120] ?? 0;
    const keep = (_: number, i: number) => i < 1000 || i >= 1120;
    const holed = {
      ...series,
      timestamps: series.timestamps.filter(keep),
      values: series.values.filter(keep),
    };
    const seriesSet = {
      ...fixture.seriesSet,
      series: fixture.seriesSet.series.map((s) => (s === series ? holed : s)),
    };
    const chart = planCharts(fixture.model, seriesSet).find((c) => c.id.endsWith('hosts/cpu-usage'));
    const breaks = (chart?.values ?? []).filter((p) => p.row === 'point' && p.value === null);
    expect(breaks.map((p) => p.series)).toEqual(['10.0.0.12']);
    const offsetMs = 3_600_000; // Paris in November
    expect(breaks[0]?.t).toBeGreaterThan(holeStart * 1000 + offsetMs);
    expect(breaks[0]?.t).toBeLessThan(holeEnd * 1000 + offsetMs);
  });

  it('plots datastore space as % of size, in agreement with the model', () => {
    const chart = byId('datastores/space-used');
    const sata = fixture.model.datacenters[0]?.filers.find((f) => f.displayName === 'ds-sata-entrepôt');
    const points = rowsOf(chart, 'point').filter((p) => p.series === 'ds-sata-entrepôt');
    const max = Math.max(...points.map((p) => p.value as number));
    expect(max).toBeCloseTo(sata?.derived[DERIVED.datastoreUsedPct]?.max ?? Number.NaN, 9);
    expect(rowsOf(chart, 'threshold').map((r) => r.value)).toEqual([80, 90]);
    expect(chart.description).toContain('ds-sata-entrepôt last 91.6\u00a0%');
  });

  it('leaves out charts that would have nothing to draw', () => {
    const model: ReportModel = {
      ...fixture.model,
      datacenters: fixture.model.datacenters.map((dc) => ({ ...dc, vms: [], filers: [] })),
    };
    expect(planCharts(model, fixture.seriesSet).map((c) => c.kind)).toEqual(['timeseries']);
  });
});
