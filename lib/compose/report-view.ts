/**
 * The document view: every string the PDF and the HTML show, computed once from the ReportModel.
 * Both composers only lay this out, so the two documents cannot disagree on a figure, a label or
 * the order of sections.
 */
import { chartGroup } from '../charts/plan-charts.ts';
import type { ComponentKind, MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type Finding,
  type FindingStatus,
  type MetricStats,
  type RenderedChart,
  type ReportModel,
  type Severity,
} from '../core/types.ts';
import type { Formatter } from './format.ts';

/** Below this coverage (received / expected samples, %), a component's figures are marked. */
export const LOW_COVERAGE_PCT = 90;

export type RowTone = 'plain' | 'flagged' | Severity;

export interface ColumnView {
  readonly label: string;
  readonly numeric: boolean;
  /** Share of the table width in fixed layouts (PDF). */
  readonly weight: number;
}

export interface RowView {
  readonly cells: readonly string[];
  readonly tone: RowTone;
}

export interface TableView {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly ColumnView[];
  readonly rows: readonly RowView[];
  /** Shown under the table; empty when there is nothing to add. */
  readonly note: string;
}

export interface ChartView {
  /** Anchor id, safe in HTML. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export interface SectionView {
  readonly id: string;
  readonly title: string;
  readonly tables: readonly TableView[];
  readonly charts: readonly ChartView[];
  /** Shown instead of tables when there are none. */
  readonly empty: string;
}

export interface DatacenterView {
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly sections: readonly SectionView[];
}

export interface HeadlineFigure {
  readonly label: string;
  readonly value: string;
  readonly note: string;
}

export interface ContentsEntry {
  readonly id: string;
  readonly title: string;
  readonly children: readonly ContentsEntry[];
}

export interface ReportView {
  readonly lang: string;
  readonly title: string;
  readonly serviceName: string;
  readonly datacenterNames: string;
  readonly periodLabel: string;
  readonly periodRange: string;
  readonly timeZone: string;
  readonly generatedAt: string;
  readonly generator: string;
  readonly summary: {
    readonly id: string;
    readonly title: string;
    readonly figures: readonly HeadlineFigure[];
    /** Current findings: severity, status, confidence, evidence and recommendation. */
    readonly findings: TableView;
    /** Findings of the previous report that no longer hold; null when there are none. */
    readonly resolved: TableView | null;
    /** How p95 CPU and memory spread over the VMs. */
    readonly distribution: TableView;
    readonly charts: readonly ChartView[];
  };
  readonly datacenters: readonly DatacenterView[];
  readonly gaps: SectionView;
  readonly contents: readonly ContentsEntry[];
}

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

const KIND_LABEL = {
  host: 'host',
  vm: 'VM',
  filer: 'datastore',
  datacenter: 'datacenter',
} as const satisfies Record<ComponentKind | 'datacenter', string>;

const STATUS_LABEL: Record<FindingStatus, string> = {
  new: 'New',
  persisting: 'Persisting',
  resolved: 'Resolved',
};

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

const POWER_LABEL: Record<string, string> = {
  poweredOn: 'on',
  poweredOff: 'off',
  suspended: 'suspended',
  deleted: 'deleted',
};

/** An id usable as an HTML anchor and a PDF destination name. */
export function anchorId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-');
}

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

function detail(component: ComponentReport, key: string): string | number | boolean | null {
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

class ViewBuilder {
  constructor(
    private readonly model: ReportModel,
    private readonly fmt: Formatter,
  ) {}

  private pct(stats: MetricStats | undefined, figure: 'mean' | 'p95' | 'max'): string {
    return this.fmt.number(stats?.[figure] ?? null, 1);
  }

  private coverage(component: ComponentReport): { text: string; low: boolean } {
    if (component.missingSeries) return { text: 'no data', low: true };
    const pct = rowCoverage(component);
    const low = pct === null || pct < LOW_COVERAGE_PCT;
    return { text: low ? `${this.fmt.number(pct, 1)} low` : this.fmt.number(pct, 1), low };
  }

  private row(component: ComponentReport, cells: string[]): RowView {
    const coverage = this.coverage(component);
    return { cells: [...cells, coverage.text], tone: coverage.low ? 'flagged' : 'plain' };
  }

  private coverageNote(): string {
    return (
      `Coverage is received over expected samples for the figures of the row; ` +
      `'low' marks less than ${LOW_COVERAGE_PCT} %, 'no data' a component the metrics source has no series for. ` +
      `${this.fmt.number(null)} means no samples.`
    );
  }

  hostsTable(dc: DatacenterReport, id: string): TableView {
    const cpu = (h: ComponentReport) => h.metrics['vscope.host.cpu.usage.perc'];
    return {
      id,
      caption: `Hosts of ${dc.name} (${dc.hosts.length})`,
      columns: [
        { label: 'Host', numeric: false, weight: 2.2 },
        { label: 'CPU mean %', numeric: true, weight: 1 },
        { label: 'CPU p95 %', numeric: true, weight: 1 },
        { label: 'CPU max %', numeric: true, weight: 1 },
        { label: 'Mem p95 %', numeric: true, weight: 1 },
        { label: 'Net in p95', numeric: true, weight: 1.1 },
        { label: 'Net out p95', numeric: true, weight: 1.1 },
        { label: 'VMs', numeric: true, weight: 0.6 },
        { label: 'vCPU', numeric: true, weight: 0.6 },
        { label: 'Busy vCPU', numeric: true, weight: 0.8 },
        { label: 'Coverage %', numeric: true, weight: 1.1 },
      ],
      rows: sortByName(dc.hosts).map((h) => {
        const load = dc.hostRollups.find((r) => r.host === h.displayName);
        return this.row(h, [
          h.displayName,
          this.pct(cpu(h), 'mean'),
          this.pct(cpu(h), 'p95'),
          this.pct(cpu(h), 'max'),
          this.pct(h.metrics['vscope.host.mem.usage.perc'], 'p95'),
          this.fmt.number(h.metrics['vscope.host.net.rx']?.p95 ?? null, 0),
          this.fmt.number(h.metrics['vscope.host.net.tx']?.p95 ?? null, 0),
          this.fmt.integer(load?.vmCount ?? null),
          this.fmt.integer(load?.vcpuTotal ?? null),
          this.fmt.number(load?.busyVcpuMean ?? null, 1),
        ]);
      }),
      note:
        'Network figures are the sum over the host’s NICs, in the unit the metrics source reports. ' +
        'VMs and vCPU count the VMs registered on the host; busy vCPU is Σ (CPU mean × vCPU) over them. ' +
        this.coverageNote(),
    };
  }

  vmsTable(dc: DatacenterReport, id: string): TableView {
    const cpu = (vm: ComponentReport) => vm.metrics['vscope.vm.cpu.usage.perc'];
    return {
      id,
      caption: `VMs of ${dc.name} (${dc.vms.length})`,
      columns: [
        { label: 'VM', numeric: false, weight: 2.4 },
        { label: 'moRef', numeric: false, weight: 1.1 },
        { label: 'Host', numeric: false, weight: 1.2 },
        { label: 'vCPU', numeric: true, weight: 0.6 },
        { label: 'Power', numeric: false, weight: 0.8 },
        { label: 'CPU mean %', numeric: true, weight: 0.9 },
        { label: 'CPU p95 %', numeric: true, weight: 0.9 },
        { label: 'Mem p95 %', numeric: true, weight: 0.9 },
        { label: 'Ready p95 % per vCPU', numeric: true, weight: 1 },
        { label: 'Write latency p95 ms', numeric: true, weight: 1 },
        { label: 'Coverage %', numeric: true, weight: 1 },
      ],
      rows: sortByName(dc.vms).map((vm) => {
        const power = textDetail(vm, 'powerState');
        return this.row(vm, [
          vm.displayName,
          vm.key,
          textDetail(vm, 'hostName') ?? this.fmt.number(null),
          this.fmt.integer(numberDetail(vm, 'cpuNum')),
          power === null ? this.fmt.number(null) : (POWER_LABEL[power] ?? power),
          this.pct(cpu(vm), 'mean'),
          this.pct(cpu(vm), 'p95'),
          this.pct(vm.metrics['vscope.vm.mem.usage.perc'], 'p95'),
          vm.unavailable.some((u) => u.figure === DERIVED.cpuReadyPct)
            ? 'n/a'
            : this.pct(vm.derived[DERIVED.cpuReadyPct], 'p95'),
          this.fmt.number(vm.metrics['vscope.vm.disk.latency.write']?.p95 ?? null, 1),
        ]);
      }),
      note: `CPU ready is the share of one vCPU's time spent waiting for a physical CPU (healthy below 5 %); n/a where the inventory gives no vCPU count. ${this.coverageNote()}`,
    };
  }

  datastoresTable(dc: DatacenterReport, id: string): TableView {
    return {
      id,
      caption: `Datastores of ${dc.name} (${dc.filers.length})`,
      columns: [
        { label: 'Datastore', numeric: false, weight: 2.6 },
        { label: 'Size GB', numeric: true, weight: 1 },
        { label: 'Used p95 %', numeric: true, weight: 1 },
        { label: 'Used max %', numeric: true, weight: 1 },
        { label: 'Used now', numeric: true, weight: 1.6 },
        { label: 'Trend pts/day', numeric: true, weight: 1 },
        { label: 'Over-commit', numeric: true, weight: 1 },
        { label: 'Coverage %', numeric: true, weight: 1 },
      ],
      rows: sortByName(dc.filers).map((ds) => {
        const used = ds.derived[DERIVED.datastoreUsedPct];
        return this.row(ds, [
          ds.displayName,
          this.fmt.number(numberDetail(ds, 'sizeGb'), 0),
          this.pct(used, 'p95'),
          this.pct(used, 'max'),
          this.usedNow(ds),
          this.fmt.number(used?.trend?.slopePerDay ?? null, 2),
          this.fmt.number(ds.capacity?.overcommitRatio ?? null, 2),
        ]);
      }),
      note:
        "Used now is the live figure from the inventory; the percentages come from the period's samples. " +
        'Trend is the least-squares slope of used % (points per day); over-commit is provisioned / size (thin disks). ' +
        this.coverageNote(),
    };
  }

  private usedNow(ds: ComponentReport): string {
    const usedGb = numberDetail(ds, 'spaceUsedGb');
    const sizeGb = numberDetail(ds, 'sizeGb');
    if (usedGb === null) return this.fmt.number(null);
    const share = sizeGb !== null && sizeGb > 0 ? ` (${this.fmt.percent((usedGb / sizeGb) * 100)})` : '';
    return `${this.fmt.withUnit(usedGb, 'GB', 0)}${share}`;
  }

  private subjectCell(f: Finding): string {
    const many = this.model.datacenters.length > 1;
    const where = many && f.subject.kind !== 'datacenter' ? `, ${f.subject.datacenterName}` : '';
    return `${f.subject.displayName} (${KIND_LABEL[f.subject.kind]}${where})`;
  }

  findingsTable(): TableView {
    const findings = [...this.model.findings].sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.subject.displayName.localeCompare(b.subject.displayName, this.fmt.locale),
    );
    const count = (status: FindingStatus) => findings.filter((f) => f.status === status).length;
    const { comparison } = this.model;
    const tally = comparison.found
      ? ` ${count('new')} new, ${count('persisting')} persisting, ${this.model.resolvedFindings.length} resolved.`
      : '';
    return {
      id: 'findings',
      caption: `Findings (${findings.length})`,
      columns: [
        { label: 'Severity', numeric: false, weight: 0.9 },
        { label: 'Status', numeric: false, weight: 0.9 },
        { label: 'Component', numeric: false, weight: 1.6 },
        { label: 'Finding', numeric: false, weight: 1.2 },
        { label: 'Evidence', numeric: false, weight: 3 },
        { label: 'Recommendation', numeric: false, weight: 2.6 },
      ],
      rows: findings.map((f) => ({
        cells: [
          f.confidence === 'low'
            ? `${SEVERITY_LABEL[f.severity]}, low confidence`
            : SEVERITY_LABEL[f.severity],
          f.status === 'persisting' && f.previousSeverity !== null && f.previousSeverity !== f.severity
            ? `Persisting (was ${f.previousSeverity})`
            : STATUS_LABEL[f.status],
          this.subjectCell(f),
          f.title,
          f.evidence.summary,
          f.recommendation,
        ],
        tone: f.severity,
      })),
      note:
        (findings.length === 0 ? 'Nothing needs attention this period. ' : '') +
        `${comparison.note}${tally} ` +
        'Low confidence: the data behind the finding covers too little of the period to assert it.',
    };
  }

  resolvedTable(): TableView | null {
    const resolved = this.model.resolvedFindings;
    if (resolved.length === 0) return null;
    return {
      id: 'findings-resolved',
      caption: `Resolved since ${this.model.comparison.previousLabel} (${resolved.length})`,
      columns: [
        { label: 'Component', numeric: false, weight: 1.6 },
        { label: 'Finding', numeric: false, weight: 1.2 },
        { label: 'Was', numeric: false, weight: 0.8 },
        { label: 'Evidence then', numeric: false, weight: 3.4 },
      ],
      rows: resolved.map((f) => ({
        cells: [this.subjectCell(f), f.title, SEVERITY_LABEL[f.severity], f.evidence.summary],
        tone: 'plain',
      })),
      note: `Findings of the ${this.model.comparison.previousLabel} report that no longer hold.`,
    };
  }

  distributionTable(): TableView {
    const byId = new Map(this.model.fleet.distributions.map((d) => [d.id, d]));
    const cpu = byId.get('vm-cpu-p95');
    const mem = byId.get('vm-mem-p95');
    const edges = cpu?.edges ?? [];
    const rows: RowView[] = edges.slice(0, -1).map((low, i) => {
      const high = edges[i + 1] as number;
      const last = i === edges.length - 2;
      return {
        cells: [
          last
            ? `${this.fmt.integer(low)} % and above`
            : `${this.fmt.integer(low)}–${this.fmt.integer(high)} %`,
          this.fmt.integer(cpu?.counts[i] ?? null),
          this.fmt.integer(mem?.counts[i] ?? null),
        ],
        tone: 'plain',
      };
    });
    return {
      id: 'fleet-distribution',
      caption: 'VMs by p95 usage',
      columns: [
        { label: 'p95 range', numeric: false, weight: 1.4 },
        { label: 'VMs by CPU', numeric: true, weight: 1 },
        { label: 'VMs by memory', numeric: true, weight: 1 },
      ],
      rows,
      note: `Powered-on VMs; ${this.fmt.integer(cpu?.missing ?? 0)} without CPU samples are not counted.`,
    };
  }

  figures(): HeadlineFigure[] {
    const dcs = this.model.datacenters;
    const hosts = dcs.flatMap((dc) => dc.hosts);
    const vms = dcs.flatMap((dc) => dc.vms);
    const poweredOn = vms.filter((vm) => detail(vm, 'powerState') === 'poweredOn').length;
    const { coverage } = this.model;
    const count = (severity: Severity) =>
      this.fmt.integer(this.model.findings.filter((f) => f.severity === severity).length);
    return [
      { label: 'Hosts', value: this.fmt.integer(hosts.length), note: `in ${dcs.length} datacenter(s)` },
      {
        label: 'VMs',
        value: this.fmt.integer(vms.length),
        note: `${this.fmt.integer(poweredOn)} powered on`,
      },
      {
        label: 'Datastores',
        value: this.fmt.integer(dcs.reduce((n, dc) => n + dc.filers.length, 0)),
        note: 'filers',
      },
      {
        label: 'Coverage',
        value: this.fmt.percent(coverage.expected > 0 ? coverage.pct : null),
        note: `${this.fmt.integer(coverage.received)} of ${this.fmt.integer(coverage.expected)} samples`,
      },
      {
        label: 'Fleet CPU mean',
        value: this.fmt.percent(fleetCpuMean(hosts)),
        note: 'all hosts, all samples',
      },
      {
        label: 'Findings',
        value: this.fmt.integer(this.model.findings.length),
        note: `${count('critical')} critical, ${count('warning')} warning, ${this.fmt.integer(this.model.findings.filter((f) => f.status === 'new').length)} new`,
      },
    ];
  }

  gaps(): SectionView {
    const dcName = new Map(this.model.datacenters.map((dc) => [dc.tag, dc.name]));
    const name = (tag: string) => dcName.get(tag) ?? tag;
    const tables: TableView[] = [];
    if (this.model.gaps.length > 0) {
      tables.push({
        id: 'gaps-queries',
        caption: `Queries that failed (${this.model.gaps.length})`,
        columns: [
          { label: 'Metric', numeric: false, weight: 2.2 },
          { label: 'Datacenter', numeric: false, weight: 1.3 },
          { label: 'Components', numeric: false, weight: 2 },
          { label: 'Reason', numeric: false, weight: 2.5 },
        ],
        rows: this.model.gaps.map((g) => ({
          cells: [
            g.metric,
            name(g.datacenterTag),
            g.components.length > 0 ? g.components.join(', ') : 'all',
            g.reason,
          ],
          tone: 'flagged',
        })),
        note: 'Figures that depend on these queries are missing, never zero.',
      });
    }
    const missing = this.model.datacenters.flatMap((dc) =>
      [...dc.hosts, ...dc.vms, ...dc.filers].filter((c) => c.missingSeries).map((c) => ({ dc, c })),
    );
    if (missing.length > 0) {
      tables.push({
        id: 'gaps-components',
        caption: `Components without data (${missing.length})`,
        columns: [
          { label: 'Datacenter', numeric: false, weight: 1.3 },
          { label: 'Kind', numeric: false, weight: 0.9 },
          { label: 'Name', numeric: false, weight: 2.5 },
          { label: 'Key', numeric: false, weight: 1.5 },
        ],
        rows: missing.map(({ dc, c }) => ({
          cells: [dc.name, KIND_LABEL[c.kind], c.displayName, c.key],
          tone: 'flagged',
        })),
        note: 'The inventory lists these components but the metrics source returned no series for them.',
      });
    }
    const unknown = this.model.datacenters.flatMap((dc) => dc.unknownComponents.map((u) => ({ dc, u })));
    if (unknown.length > 0) {
      tables.push({
        id: 'gaps-unknown',
        caption: `Series for components not in the inventory (${unknown.length})`,
        columns: [
          { label: 'Datacenter', numeric: false, weight: 1.3 },
          { label: 'Metric', numeric: false, weight: 2.5 },
          { label: 'Component', numeric: false, weight: 2 },
        ],
        rows: unknown.map(({ dc, u }) => ({ cells: [dc.name, u.metric, u.component], tone: 'plain' })),
        note: 'Usually components deleted or renamed during the period.',
      });
    }
    return {
      id: 'gaps',
      title: 'Gaps and missing data',
      tables,
      charts: [],
      empty: 'No gaps: every query succeeded and every component has data.',
    };
  }
}

function sortByName(components: readonly ComponentReport[]): ComponentReport[] {
  return [...components].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, 'en') || a.key.localeCompare(b.key, 'en'),
  );
}

/** Mean of every host CPU sample of the fleet (each host weighted by its sample count). */
function fleetCpuMean(hosts: readonly ComponentReport[]): number | null {
  let weighted = 0;
  let samples = 0;
  for (const host of hosts) {
    const stats = host.metrics['vscope.host.cpu.usage.perc'];
    if (stats?.mean === null || stats?.mean === undefined || stats.samples === 0) continue;
    weighted += stats.mean * stats.samples;
    samples += stats.samples;
  }
  return samples > 0 ? weighted / samples : null;
}

function chartView(chart: RenderedChart): ChartView {
  return {
    id: `chart-${anchorId(chart.id)}`,
    title: chart.title,
    description: chart.description,
    svg: chart.svg,
    width: chart.width,
    height: chart.height,
  };
}

function reportTitle(model: ReportModel): string {
  const kind = { week: 'Weekly', month: 'Monthly', custom: 'Custom' }[model.period.kind];
  return `${kind} vScope report ${model.period.label}`;
}

function datacenterView(
  builder: ViewBuilder,
  dc: DatacenterReport,
  charts: readonly RenderedChart[],
): DatacenterView {
  const id = `dc-${dc.datacenterId}`;
  const mine = charts.filter((c) => c.section === dc.tag);
  const chartsOf = (group: string) => mine.filter((c) => chartGroup(c.id) === group).map(chartView);
  // A chart of this datacenter in no known group still shows, after the VMs rather than nowhere.
  const others = mine.filter((c) => chartGroup(c.id) === null).map(chartView);
  const section = (key: string, title: string, table: TableView, count: number, extra: ChartView[] = []) => ({
    id: `${id}-${key}`,
    title,
    tables: count > 0 ? [table] : [],
    charts: [...chartsOf(key), ...extra],
    empty: `No ${title.toLowerCase()} in the inventory of ${dc.name}.`,
  });
  return {
    id,
    title: dc.name,
    intro: `OpenTSDB datacenter tag ${dc.tag}: ${dc.hosts.length} hosts, ${dc.vms.length} VMs, ${dc.filers.length} datastores.`,
    sections: [
      section('hosts', 'Hosts', builder.hostsTable(dc, `${id}-hosts-table`), dc.hosts.length),
      section('vms', 'VMs', builder.vmsTable(dc, `${id}-vms-table`), dc.vms.length, others),
      section(
        'datastores',
        'Datastores',
        builder.datastoresTable(dc, `${id}-datastores-table`),
        dc.filers.length,
      ),
    ],
  };
}

/** Builds the document view of `model` with its rendered `charts`, formatted by `fmt`. */
export function buildReportView(
  model: ReportModel,
  charts: readonly RenderedChart[],
  fmt: Formatter,
): ReportView {
  const builder = new ViewBuilder(model, fmt);
  const zone = model.period.timeZone;
  const generatedMs = Date.parse(model.generatedAt);
  const tags = new Set(model.datacenters.map((dc) => dc.tag));
  const datacenters = model.datacenters.map((dc) => datacenterView(builder, dc, charts));
  const gaps = builder.gaps();
  const summary = {
    id: 'summary',
    title: 'Executive summary',
    figures: builder.figures(),
    findings: builder.findingsTable(),
    resolved: builder.resolvedTable(),
    distribution: builder.distributionTable(),
    // Charts for no datacenter of this report belong to the whole report.
    charts: charts.filter((c) => !tags.has(c.section)).map(chartView),
  };
  return {
    lang: fmt.locale,
    title: reportTitle(model),
    serviceName: model.serviceName,
    datacenterNames: model.datacenters.map((dc) => dc.name).join(', ') || fmt.number(null),
    periodLabel: model.period.label,
    periodRange: `${fmt.dateTime(model.period.startMs, zone)} – ${fmt.dateTime(model.period.endMs, zone)}`,
    timeZone: zone,
    generatedAt: Number.isFinite(generatedMs) ? fmt.dateTime(generatedMs, zone) : model.generatedAt,
    generator: `${model.generator.name} ${model.generator.version}`,
    summary,
    datacenters,
    gaps,
    contents: [
      { id: summary.id, title: summary.title, children: [] },
      ...datacenters.map((dc) => ({
        id: dc.id,
        title: dc.title,
        children: dc.sections.map((s) => ({ id: s.id, title: s.title, children: [] })),
      })),
      { id: gaps.id, title: gaps.title, children: [] },
    ],
  };
}
