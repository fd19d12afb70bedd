import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { maxDecimatedPoints } from '../../../lib/charts/decimate.ts';
import {
  CHART_LIMITS,
  CHARTED_METRICS,
  type ChartRequest,
  chartGroup,
  DEFAULT_PLOT_WIDTH,
  MAX_CHARTS_PER_DATACENTER,
  MAX_FLEET_CHARTS,
  maxChartCount,
  planCharts,
} from '../../../lib/charts/plan-charts.ts';
import { RUNWAY_HORIZON_DAYS } from '../../../lib/charts/plan-datastores.ts';
import { DERIVED, type ReportModel } from '../../../lib/core/types.ts';
import {
  buildReportFixture,
  FIXTURE_RUNWAY_Z,
  FIXTURE_ZONE,
  findSeries,
  XSS_VM_NAME,
} from '../../support/report-model.ts';

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
  it('draws only the charted metrics: the same charts from those series alone', () => {
    const charted = fixture.seriesSet.series.filter((s) => CHARTED_METRICS.has(s.metric));
    expect(charted.length).toBeLessThan(fixture.seriesSet.series.length);
    expect(planCharts(fixture.model, { ...fixture.seriesSet, series: charted })).toEqual(charts);
  });

  it('plans the fleet charts, then the seven charts of each datacenter grouped by sub-section', () => {
    expect(charts.map((c) => c.id.split('/').slice(1).join('/'))).toEqual([
      'profile-host-vscope-host-cpu-usage-perc',
      'profile-vm-vscope-vm-cpu-usage-perc',
      'distributions',
      'hosts/cpu-usage',
      'vms/cpu-daily-heatmap',
      'vms/top-cpu-p95',
      'vms/top-cpu-ready-p95',
      'vms/top-disk-write-latency-p95',
      'datastores/space-used',
      'datastores/runway',
    ]);
    expect(charts.map((c) => chartGroup(c.id))).toEqual([
      null,
      null,
      null,
      'hosts',
      'vms',
      'vms',
      'vms',
      'vms',
      'datastores',
      'datastores',
    ]);
    const dcTag = fixture.model.datacenters[0]?.tag;
    expect(charts.map((c) => c.section)).toEqual([...Array(3).fill('summary'), ...Array(7).fill(dcTag)]);
  });

  it('gives every chart a text alternative and the report language', () => {
    for (const chart of charts) {
      expect(chart.description.length).toBeGreaterThan(40);
      expect(chart.locale).toBe('en');
    }
  });

  it('stays within 7 charts per datacenter plus 3 for the fleet for 500 VMs in each of 2 datacenters', () => {
    const big = buildReportFixture({ vmCount: 500, datacenters: 2, intervalSeconds: 900 });
    const planned = planCharts(big.model, big.seriesSet);
    expect([MAX_CHARTS_PER_DATACENTER, MAX_FLEET_CHARTS]).toEqual([7, 3]);
    expect(maxChartCount(2)).toBe(17);
    expect(planned.length).toBeLessThanOrEqual(maxChartCount(2));
    const span = { start: big.model.period.startMs / 1000, end: big.model.period.endMs / 1000 };
    const perLine = maxDecimatedPoints({ ...span, buckets: DEFAULT_PLOT_WIDTH, maxGap: 1.5 * 900 });
    for (const chart of planned) {
      if (chart.id.endsWith('cpu-daily-heatmap'))
        expect(distinct(chart.values.map((v) => v.label))).toBe(CHART_LIMITS.heatmapRows);
      if (chart.kind === 'top-bars') expect(rowsOf(chart, 'bar')).toHaveLength(CHART_LIMITS.topN);
      if (chart.kind === 'timeseries' || chart.kind === 'datastore') {
        expect(distinct(rowsOf(chart, 'point').map((p) => p.series))).toBeLessThanOrEqual(
          CHART_LIMITS.seriesPerChart,
        );
        expect(rowsOf(chart, 'point').length).toBeLessThanOrEqual(CHART_LIMITS.seriesPerChart * perLine);
      }
    }
    // 500 VMs, one of which (legacy-app) has no series.
    const heatmap = planned.find((c) => c.id.endsWith('cpu-daily-heatmap'));
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
    const heatmap = planCharts(dst.model, dst.seriesSet).find((c) => c.id.endsWith('cpu-daily-heatmap'));
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
    const tag = fixture.model.datacenters[0]?.tag;
    const planned = planCharts(model, fixture.seriesSet).filter((c) => c.section === tag);
    expect(planned.map((c) => c.kind)).toEqual(['timeseries']);
    const empty: ReportModel = { ...model, fleet: { top: [], distributions: [], profiles: [] } };
    expect(planCharts(empty, fixture.seriesSet).filter((c) => c.section === 'summary')).toEqual([]);
  });
});

describe('planCharts for the fleet', () => {
  /** Mean of every host CPU sample per local hour of the week, recomputed from the series. */
  function hostProfile(): (number | null)[] {
    const sums = new Array<number>(168).fill(0);
    const counts = new Array<number>(168).fill(0);
    for (const s of fixture.seriesSet.series.filter((x) => x.metric === 'vscope.host.cpu.usage.perc')) {
      s.values.forEach((v, i) => {
        const local = DateTime.fromSeconds(s.timestamps[i] ?? 0, { zone: FIXTURE_ZONE });
        const cell = (local.weekday - 1) * 24 + local.hour;
        sums[cell] = (sums[cell] ?? 0) + v;
        counts[cell] = (counts[cell] ?? 0) + 1;
      });
    }
    return sums.map((sum, i) => ((counts[i] ?? 0) > 0 ? sum / (counts[i] ?? 1) : null));
  }

  it('draws the host CPU hour-of-week profile, Monday 00h first, with its busiest hour in words', () => {
    const chart = byId('profile-host-vscope-host-cpu-usage-perc');
    const expected = hostProfile();
    expect(chart.template).toBe('week-heatmap.vl.json');
    expect(chart.values).toHaveLength(168);
    for (const row of chart.values) {
      const cell = (row.dayIndex as number) * 24 + (row.hour as number);
      expect(row.value).toBeCloseTo(expected[cell] as number, 2);
    }
    expect(chart.values[0]).toMatchObject({ day: 'Mon', dayIndex: 0, hour: 0 });
    const busiest = expected.reduce<number>(
      (best, v, i) => ((v ?? -1) > (expected[best] ?? -1) ? i : best),
      0,
    );
    const day = DateTime.fromObject({ year: 2024, month: 1, day: 1 + Math.floor(busiest / 24) }).toFormat(
      'cccc',
    );
    const hour = String(busiest % 24).padStart(2, '0');
    expect(chart.description).toContain(
      `Busiest hour: ${day} ${hour}:00 at ${(expected[busiest] as number).toFixed(1)}\u00a0%`,
    );
  });

  it('draws every fleet distribution as one histogram each, with the model’s counts', () => {
    const chart = byId('summary/distributions');
    for (const [order, d] of fixture.model.fleet.distributions.entries()) {
      const rows = chart.values.filter((v) => v.order === order);
      expect(rows.map((r) => r.count)).toEqual(d.counts);
      expect(rows.at(-1)?.bin).toBe(`${d.edges.at(-2)}+`);
    }
    expect(chart.values.filter((v) => v.order === 0).map((r) => r.bin)).toEqual([
      '0–10',
      '10–20',
      '20–30',
      '30–40',
      '40–50',
      '50–60',
      '60–70',
      '70–80',
      '80–90',
      '90+',
    ]);
  });
});

describe('planCharts datastore runway', () => {
  const DAY_MS = 86_400_000;
  const chart = byId('datastores/runway');
  const filer = fixture.model.datacenters[0]?.filers.find((f) => f.displayName === 'ds-ssd-01');
  const size = Number(filer?.details.sizeGb);

  /** Least squares of used % against days, recomputed from the raw kB series. */
  function trend() {
    const series = findSeries(fixture.seriesSet, 'vscope.filer.datastore.diskspace.used', 'ds-ssd-01');
    const start = fixture.model.period.startMs / 1000;
    const xs = Array.from(series.timestamps, (t) => (t - start) / 86_400);
    const ys = Array.from(series.values, (kb) => (kb / (size * 1024 * 1024)) * 100);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const slope =
      xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0) /
      xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const days = (fixture.model.period.endMs - fixture.model.period.startMs) / DAY_MS;
    return { slope, fittedEnd: my + slope * (days - mx) };
  }

  it('continues the history with the forecast line from the end of the period', () => {
    const { slope, fittedEnd } = trend();
    const projection = chart.values.filter((v) => v.row === 'projection' && v.series === 'ds-ssd-01');
    expect(projection).toHaveLength(2);
    expect(projection[0]?.value).toBeCloseTo(fittedEnd, 6);
    const horizonDays = ((projection[1]?.t as number) - (projection[0]?.t as number)) / DAY_MS;
    expect(projection[1]?.value).toBeCloseTo(fittedEnd + slope * horizonDays, 6);
    expect(rowsOf(chart, 'point').some((p) => p.series === 'ds-ssd-01')).toBe(true);
  });

  it('widens the band by ± z standard errors of the slope', () => {
    const finding = fixture.model.findings.find(
      (f) => f.rule === 'datastore-runway' && f.subject.displayName === 'ds-ssd-01',
    );
    const se = finding?.evidence.runway?.slopeStdErrPctPerDay as number;
    const [start, end] = chart.values.filter((v) => v.row === 'projection' && v.series === 'ds-ssd-01');
    const days = ((end?.t as number) - (start?.t as number)) / DAY_MS;
    expect((end?.high as number) - (end?.value as number)).toBeCloseTo(FIXTURE_RUNWAY_Z * se * days, 9);
    expect((end?.value as number) - (end?.low as number)).toBeCloseTo(FIXTURE_RUNWAY_Z * se * days, 9);
  });

  it('marks the day the forecast reaches 80 % and projects far enough to see 100 %', () => {
    const { slope, fittedEnd } = trend();
    const to80 = (80 - fittedEnd) / slope;
    const to100 = (100 - fittedEnd) / slope;
    const crossing = chart.values.find(
      (v) => v.row === 'crossing' && v.series === 'ds-ssd-01' && v.value === 80,
    );
    // Paris is UTC+1 in December: the chart's clock is the zone's wall clock.
    expect(crossing?.t).toBeCloseTo(fixture.model.period.endMs + to80 * DAY_MS + 3_600_000, -3);
    const horizon = Math.min(RUNWAY_HORIZON_DAYS.max, Math.ceil(to100));
    expect(chart.description).toContain(`projected ${horizon} days past the end of the period`);
    expect(chart.description).toContain(`ds-ssd-01: 80\u00a0% in ${to80.toFixed(1)} days`);
    expect(chart.description).toContain(`100\u00a0% in ${to100.toFixed(1)} days`);
  });

  it('reads the forecast from the findings’ typed runway, and draws none without it', () => {
    const findings = fixture.model.findings.map((f) => {
      const { runway, ...evidence } = f.evidence;
      return runway === undefined ? f : { ...f, evidence };
    });
    const charts = planCharts({ ...fixture.model, findings }, fixture.seriesSet);
    expect(findings.some((f) => f.rule === 'datastore-runway' && 'daysTo80Pct' in f.evidence.figures)).toBe(
      true,
    );
    expect(charts.some((c) => c.id.endsWith('datastores/runway'))).toBe(false);
  });
});

describe('planCharts in French', () => {
  const fr = planCharts(fixture.model, fixture.seriesSet, { language: 'fr' });
  const frById = (suffix: string) => fr.find((c) => c.id.endsWith(suffix));

  it('titles, labels and describes the charts in the report language', () => {
    expect(frById('hosts/cpu-usage')?.title).toBe('Utilisation CPU des hôtes');
    expect(frById('hosts/cpu-usage')?.params.valueTitle).toBe('Utilisation CPU (%)');
    expect(frById('vms/top-cpu-p95')?.title).toBe('Les 10 premières VM par CPU p95');
    expect(frById('datastores/runway')?.description).toContain('les points marquent');
    expect(fr.every((c) => c.locale === 'fr')).toBe(true);
  });

  it('names the days in French and writes figures with a decimal comma', () => {
    const heatmap = frById('vms/cpu-daily-heatmap');
    expect(heatmap?.values.find((v) => v.label === 'erp-db-01')?.day).toBe('lun. 16');
    const bar = frById('vms/top-cpu-p95')?.values.find((v) => v.row === 'bar');
    expect(bar?.valueLabel).toBe(`${Number(bar?.value).toFixed(1).replace('.', ',')}\u00a0%`);
  });
});
