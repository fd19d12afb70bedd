/**
 * The document view: every string the PDF and the HTML show, computed once from the ReportModel
 * in the report's language. Both composers only lay this out, so the two documents cannot
 * disagree on a figure, a label or the order of sections.
 *
 *   cover → contents → executive summary (headline figures, top findings, fleet charts)
 *   → findings (evidence, status, confidence, recommendation; resolved ones)
 *   → one section per datacenter (hosts / VMs / datastores) → gaps and missing data
 */
import { chartGroup } from '../charts/plan-charts.ts';
import type { ComponentKind, MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type Finding,
  type FindingStatus,
  type Language,
  type MetricStats,
  type RenderedChart,
  type ReportModel,
  type Severity,
} from '../core/types.ts';
import type { Translator } from '../locale/i18n.ts';

/** Below this coverage (received / expected samples, %), a component's figures are marked. */
export const LOW_COVERAGE_PCT = 90;

/** Findings the executive summary lists (the most severe); all are in the findings section. */
export const TOP_FINDINGS = 5;

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

/** Fixed labels of the cover, the contents and the page furniture, in the report's language. */
export interface ViewLabels {
  readonly datacenters: string;
  readonly period: string;
  readonly fromTo: string;
  readonly endExclusive: string;
  readonly timeZone: string;
  readonly generated: string;
  readonly generatedBy: string;
  readonly contents: string;
  readonly skipLink: string;
}

export interface ReportView {
  readonly language: Language;
  /** BCP 47 tag of the document (`lang`). */
  readonly lang: string;
  readonly title: string;
  /** One sentence saying what the document covers (PDF subject, HTML description). */
  readonly subject: string;
  readonly serviceName: string;
  readonly datacenterNames: string;
  readonly periodLabel: string;
  readonly periodRange: string;
  readonly timeZone: string;
  readonly generatedAt: string;
  readonly generator: string;
  readonly labels: ViewLabels;
  readonly summary: {
    readonly id: string;
    readonly title: string;
    readonly intro: string;
    readonly figures: readonly HeadlineFigure[];
    /** The most severe current findings, in short. */
    readonly topFindings: TableView;
    /** How p95 CPU and memory spread over the VMs. */
    readonly distribution: TableView;
    readonly charts: readonly ChartView[];
  };
  readonly findings: {
    readonly id: string;
    readonly title: string;
    /** Current findings: severity, status, confidence, evidence and recommendation. */
    readonly current: TableView;
    /** Findings of the previous report that no longer hold; null when there are none. */
    readonly resolved: TableView | null;
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

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

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

/** Components in reading order: by name in the report's language, then by key. */
export function sortByName(components: readonly ComponentReport[], locale: string): ComponentReport[] {
  return [...components].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, locale) || a.key.localeCompare(b.key, locale),
  );
}

/** Findings most severe first, then by component name. */
export function bySeverity(findings: readonly Finding[], locale: string): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.subject.displayName.localeCompare(b.subject.displayName, locale),
  );
}

/** A finding's title, evidence and recommendation in the report's language. */
export function findingTexts(
  finding: Finding,
  tr: Translator,
  zone: string,
): { title: string; summary: string; recommendation: string } {
  const m = finding.messages;
  if (m === undefined) {
    // A finding read from a report older than messages only has its English text; its rule's
    // title is still translatable (`storage-latency` → finding.storageLatency.title).
    const titleKey = `finding.${finding.rule.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}.title`;
    return {
      title: tr.has(titleKey) ? tr.t(titleKey) : finding.title,
      summary: finding.evidence.summary,
      recommendation: finding.recommendation,
    };
  }
  return {
    title: tr.render(m.title, zone),
    summary: tr.renderAll(m.summary, zone),
    recommendation: tr.renderAll(m.recommendation, zone),
  };
}

class ViewBuilder {
  private readonly zone: string;

  constructor(
    private readonly model: ReportModel,
    private readonly tr: Translator,
  ) {
    this.zone = model.period.timeZone;
  }

  private get fmt() {
    return this.tr.fmt;
  }

  private t(key: string, params?: Parameters<Translator['t']>[1]): string {
    return this.tr.t(key, params);
  }

  private column(key: string, numeric: boolean, weight: number): ColumnView {
    return { label: this.t(`column.${key}`), numeric, weight };
  }

  private pct(stats: MetricStats | undefined, figure: 'mean' | 'p95' | 'max'): string {
    return this.fmt.number(stats?.[figure] ?? null, 1);
  }

  private coverage(component: ComponentReport): { text: string; low: boolean } {
    if (component.missingSeries) return { text: this.t('coverage.noData'), low: true };
    const pct = rowCoverage(component);
    const low = pct === null || pct < LOW_COVERAGE_PCT;
    const figure = this.fmt.number(pct, 1);
    return { text: low ? this.t('coverage.low', { figure }) : figure, low };
  }

  private row(component: ComponentReport, cells: string[]): RowView {
    const coverage = this.coverage(component);
    return { cells: [...cells, coverage.text], tone: coverage.low ? 'flagged' : 'plain' };
  }

  private coverageNote(): string {
    return this.t('coverage.note', { threshold: LOW_COVERAGE_PCT, missing: this.fmt.number(null) });
  }

  private kindLabel(kind: ComponentKind | 'datacenter'): string {
    return this.t(`kind.${kind}`);
  }

  hostsTable(dc: DatacenterReport, id: string): TableView {
    const cpu = (h: ComponentReport) => h.metrics['vscope.host.cpu.usage.perc'];
    return {
      id,
      caption: this.t('hosts.caption', { datacenter: dc.name, count: dc.hosts.length }),
      columns: [
        this.column('host', false, 2.2),
        this.column('cpuMean', true, 1),
        this.column('cpuP95', true, 1),
        this.column('cpuMax', true, 1),
        this.column('memP95', true, 1),
        this.column('netInP95', true, 1.1),
        this.column('netOutP95', true, 1.1),
        this.column('vms', true, 0.6),
        this.column('vcpu', true, 0.6),
        this.column('busyVcpu', true, 0.8),
        this.column('coverage', true, 1.1),
      ],
      rows: sortByName(dc.hosts, this.tr.locale).map((h) => {
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
      note: `${this.t('hosts.note')} ${this.coverageNote()}`,
    };
  }

  vmsTable(dc: DatacenterReport, id: string): TableView {
    const cpu = (vm: ComponentReport) => vm.metrics['vscope.vm.cpu.usage.perc'];
    return {
      id,
      caption: this.t('vms.caption', { datacenter: dc.name, count: dc.vms.length }),
      columns: [
        this.column('vm', false, 2.4),
        this.column('moRef', false, 1.1),
        this.column('host', false, 1.2),
        this.column('vcpu', true, 0.6),
        this.column('power', false, 0.8),
        this.column('cpuMean', true, 0.9),
        this.column('cpuP95', true, 0.9),
        this.column('memP95', true, 0.9),
        this.column('readyP95', true, 1),
        this.column('writeLatencyP95', true, 1),
        this.column('coverage', true, 1),
      ],
      rows: sortByName(dc.vms, this.tr.locale).map((vm) => {
        const power = textDetail(vm, 'powerState');
        return this.row(vm, [
          vm.displayName,
          vm.key,
          textDetail(vm, 'hostName') ?? this.fmt.number(null),
          this.fmt.integer(numberDetail(vm, 'cpuNum')),
          power === null ? this.fmt.number(null) : this.powerLabel(power),
          this.pct(cpu(vm), 'mean'),
          this.pct(cpu(vm), 'p95'),
          this.pct(vm.metrics['vscope.vm.mem.usage.perc'], 'p95'),
          vm.unavailable.some((u) => u.figure === DERIVED.cpuReadyPct)
            ? this.t('vms.notApplicable')
            : this.pct(vm.derived[DERIVED.cpuReadyPct], 'p95'),
          this.fmt.number(vm.metrics['vscope.vm.disk.latency.write']?.p95 ?? null, 1),
        ]);
      }),
      note: `${this.t('vms.note')} ${this.coverageNote()}`,
    };
  }

  private powerLabel(power: string): string {
    return this.tr.has(`power.${power}`) ? this.t(`power.${power}`) : power;
  }

  datastoresTable(dc: DatacenterReport, id: string): TableView {
    return {
      id,
      caption: this.t('datastores.caption', { datacenter: dc.name, count: dc.filers.length }),
      columns: [
        this.column('datastore', false, 2.6),
        this.column('sizeGb', true, 1),
        this.column('usedP95', true, 1),
        this.column('usedMax', true, 1),
        this.column('usedNow', true, 1.6),
        this.column('trend', true, 1),
        this.column('overcommit', true, 1),
        this.column('coverage', true, 1),
      ],
      rows: sortByName(dc.filers, this.tr.locale).map((ds) => {
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
      note: `${this.t('datastores.note')} ${this.coverageNote()}`,
    };
  }

  private usedNow(ds: ComponentReport): string {
    const usedGb = numberDetail(ds, 'spaceUsedGb');
    const sizeGb = numberDetail(ds, 'sizeGb');
    if (usedGb === null) return this.fmt.number(null);
    const used = this.fmt.withUnit(usedGb, 'GB', 0);
    return sizeGb !== null && sizeGb > 0 ? `${used} (${this.fmt.percent((usedGb / sizeGb) * 100)})` : used;
  }

  private subjectCell(f: Finding): string {
    const kind = this.kindLabel(f.subject.kind);
    const many = this.model.datacenters.length > 1 && f.subject.kind !== 'datacenter';
    return many
      ? this.t('findings.subjectIn', {
          name: f.subject.displayName,
          kind,
          datacenter: f.subject.datacenterName,
        })
      : this.t('findings.subject', { name: f.subject.displayName, kind });
  }

  private statusCell(f: Finding): string {
    if (f.status === 'persisting' && f.previousSeverity !== null && f.previousSeverity !== f.severity) {
      return this.t('status.persistingWas', { severity: this.t(`severity.${f.previousSeverity}`) });
    }
    return this.t(`status.${f.status}`);
  }

  private evidenceCell(f: Finding, summary: string): string {
    const coverage = f.evidence.coveragePct;
    return coverage === null
      ? summary
      : `${summary} ${this.t('findings.evidenceCoverage', { coverage: this.fmt.percent(coverage) })}`;
  }

  findingsTable(): TableView {
    const findings = bySeverity(this.model.findings, this.tr.locale);
    const count = (status: FindingStatus) => findings.filter((f) => f.status === status).length;
    const { comparison } = this.model;
    const parts = [
      ...(findings.length === 0 ? [this.t('findings.none')] : []),
      this.comparisonNote(),
      ...(comparison.found
        ? [
            this.t('findings.tally', {
              new: count('new'),
              persisting: count('persisting'),
              resolved: this.model.resolvedFindings.length,
            }),
          ]
        : []),
      this.t('findings.confidenceNote'),
    ];
    return {
      id: 'findings',
      caption: this.t('findings.caption', { count: findings.length }),
      columns: [
        this.column('severity', false, 0.9),
        this.column('status', false, 0.9),
        this.column('confidence', false, 0.8),
        this.column('component', false, 1.5),
        this.column('finding', false, 1.2),
        this.column('evidence', false, 3),
        this.column('recommendation', false, 2.6),
      ],
      rows: findings.map((f) => {
        const text = findingTexts(f, this.tr, this.zone);
        return {
          cells: [
            this.t(`severity.${f.severity}`),
            this.statusCell(f),
            this.t(`confidence.${f.confidence}`),
            this.subjectCell(f),
            text.title,
            this.evidenceCell(f, text.summary),
            text.recommendation,
          ],
          tone: f.severity,
        };
      }),
      note: parts.join(' '),
    };
  }

  /** What the findings were compared with, in the report's language. */
  private comparisonNote(): string {
    const { comparison } = this.model;
    return comparison.found
      ? this.t('findings.comparedWith', { label: comparison.previousLabel })
      : this.t('findings.notCompared', { label: comparison.previousLabel });
  }

  topFindingsTable(findingsTitle: string): TableView {
    const all = bySeverity(this.model.findings, this.tr.locale);
    const top = all.slice(0, TOP_FINDINGS);
    return {
      id: 'top-findings',
      caption: this.t('topFindings.caption', { shown: top.length, count: all.length }),
      columns: [
        this.column('severity', false, 0.9),
        this.column('status', false, 0.9),
        this.column('component', false, 2),
        this.column('finding', false, 2.2),
      ],
      rows: top.map((f) => ({
        cells: [
          this.t(`severity.${f.severity}`),
          this.statusCell(f),
          this.subjectCell(f),
          findingTexts(f, this.tr, this.zone).title,
        ],
        tone: f.severity,
      })),
      note:
        all.length === 0 ? this.t('findings.none') : this.t('topFindings.note', { section: findingsTitle }),
    };
  }

  resolvedTable(): TableView | null {
    const resolved = this.model.resolvedFindings;
    if (resolved.length === 0) return null;
    const label = this.model.comparison.previousLabel;
    return {
      id: 'findings-resolved',
      caption: this.t('resolved.caption', { label, count: resolved.length }),
      columns: [
        this.column('component', false, 1.6),
        this.column('finding', false, 1.2),
        this.column('was', false, 0.8),
        this.column('evidenceThen', false, 3.4),
      ],
      rows: resolved.map((f) => {
        const text = findingTexts(f, this.tr, this.zone);
        return {
          cells: [this.subjectCell(f), text.title, this.t(`severity.${f.severity}`), text.summary],
          tone: 'plain',
        };
      }),
      note: this.t('resolved.note', { label }),
    };
  }

  distributionTable(): TableView {
    const byId = new Map(this.model.fleet.distributions.map((d) => [d.id, d]));
    const cpu = byId.get('vm-cpu-p95');
    const mem = byId.get('vm-mem-p95');
    const edges = cpu?.edges ?? [];
    const rows: RowView[] = edges.slice(0, -1).map((low, i) => {
      const last = i === edges.length - 2;
      const range = last
        ? this.t('distribution.rangeAbove', { low: this.fmt.integer(low) })
        : this.t('distribution.range', {
            low: this.fmt.integer(low),
            high: this.fmt.integer(edges[i + 1] as number),
          });
      return {
        cells: [range, this.fmt.integer(cpu?.counts[i] ?? null), this.fmt.integer(mem?.counts[i] ?? null)],
        tone: 'plain',
      };
    });
    return {
      id: 'fleet-distribution',
      caption: this.t('distribution.caption'),
      columns: [
        this.column('p95Range', false, 1.4),
        this.column('vmsByCpu', true, 1),
        this.column('vmsByMemory', true, 1),
      ],
      rows,
      note: this.t('distribution.note', { count: cpu?.missing ?? 0 }),
    };
  }

  figures(): HeadlineFigure[] {
    const dcs = this.model.datacenters;
    const hosts = dcs.flatMap((dc) => dc.hosts);
    const vms = dcs.flatMap((dc) => dc.vms);
    const poweredOn = vms.filter((vm) => detail(vm, 'powerState') === 'poweredOn').length;
    const { coverage, findings } = this.model;
    const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
    const figure = (key: string, value: string, params: Parameters<Translator['t']>[1] = {}) => ({
      label: this.t(`figures.${key}.label`),
      value,
      note: this.t(`figures.${key}.note`, params),
    });
    return [
      figure('hosts', this.fmt.integer(hosts.length), { count: dcs.length }),
      figure('vms', this.fmt.integer(vms.length), { count: poweredOn }),
      figure('datastores', this.fmt.integer(dcs.reduce((n, dc) => n + dc.filers.length, 0))),
      figure('coverage', this.fmt.percent(coverage.expected > 0 ? coverage.pct : null), {
        received: coverage.received,
        expected: coverage.expected,
      }),
      figure('fleetCpu', this.fmt.percent(fleetCpuMean(hosts))),
      figure('findings', this.fmt.integer(findings.length), {
        critical: count('critical'),
        warning: count('warning'),
        new: findings.filter((f) => f.status === 'new').length,
      }),
    ];
  }

  gaps(): SectionView {
    const dcName = new Map(this.model.datacenters.map((dc) => [dc.tag, dc.name]));
    const name = (tag: string) => dcName.get(tag) ?? tag;
    const tables: TableView[] = [];
    const metric = (m: string) => (this.tr.has(`metric.${m}`) ? this.t(`metric.${m}`) : m);
    if (this.model.gaps.length > 0) {
      tables.push({
        id: 'gaps-queries',
        caption: this.t('gaps.queries.caption', { count: this.model.gaps.length }),
        columns: [
          this.column('metric', false, 2.2),
          this.column('datacenter', false, 1.3),
          this.column('components', false, 2),
          this.column('reason', false, 2.5),
        ],
        rows: this.model.gaps.map((g) => ({
          cells: [
            `${metric(g.metric)} (${g.metric})`,
            name(g.datacenterTag),
            g.components.length > 0 ? g.components.join(', ') : this.t('gaps.queries.all'),
            g.reason,
          ],
          tone: 'flagged',
        })),
        note: this.t('gaps.queries.note'),
      });
    }
    const missing = this.model.datacenters.flatMap((dc) =>
      [...dc.hosts, ...dc.vms, ...dc.filers].filter((c) => c.missingSeries).map((c) => ({ dc, c })),
    );
    if (missing.length > 0) {
      tables.push({
        id: 'gaps-components',
        caption: this.t('gaps.components.caption', { count: missing.length }),
        columns: [
          this.column('datacenter', false, 1.3),
          this.column('kind', false, 0.9),
          this.column('name', false, 2.5),
          this.column('key', false, 1.5),
        ],
        rows: missing.map(({ dc, c }) => ({
          cells: [dc.name, this.kindLabel(c.kind), c.displayName, c.key],
          tone: 'flagged',
        })),
        note: this.t('gaps.components.note'),
      });
    }
    const unknown = this.model.datacenters.flatMap((dc) => dc.unknownComponents.map((u) => ({ dc, u })));
    if (unknown.length > 0) {
      tables.push({
        id: 'gaps-unknown',
        caption: this.t('gaps.unknown.caption', { count: unknown.length }),
        columns: [
          this.column('datacenter', false, 1.3),
          this.column('metric', false, 2.5),
          this.column('component', false, 2),
        ],
        rows: unknown.map(({ dc, u }) => ({
          cells: [dc.name, `${metric(u.metric)} (${u.metric})`, u.component],
          tone: 'plain',
        })),
        note: this.t('gaps.unknown.note'),
      });
    }
    return {
      id: 'gaps',
      title: this.t('gaps.title'),
      tables,
      charts: [],
      empty: this.t('gaps.none'),
    };
  }

  datacenter(dc: DatacenterReport, charts: readonly RenderedChart[]): DatacenterView {
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
      title: this.t(`${key}.title`),
      tables: count > 0 ? [table] : [],
      charts: [...chartsOf(key), ...extra],
      empty: this.t(`${key}.empty`, { datacenter: dc.name }),
    });
    return {
      id,
      title: dc.name,
      intro: this.t('datacenter.intro', {
        tag: dc.tag,
        hosts: dc.hosts.length,
        vms: dc.vms.length,
        datastores: dc.filers.length,
      }),
      sections: [
        section('hosts', this.hostsTable(dc, `${id}-hosts-table`), dc.hosts.length),
        section('vms', this.vmsTable(dc, `${id}-vms-table`), dc.vms.length, others),
        section('datastores', this.datastoresTable(dc, `${id}-datastores-table`), dc.filers.length),
      ],
    };
  }
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

function labels(tr: Translator): ViewLabels {
  const t = (key: string) => tr.t(`cover.${key}`);
  return {
    datacenters: t('datacenters'),
    period: t('period'),
    fromTo: t('fromTo'),
    endExclusive: t('endExclusive'),
    timeZone: t('timeZone'),
    generated: t('generated'),
    generatedBy: t('generatedBy'),
    contents: tr.t('contents.title'),
    skipLink: tr.t('html.skipLink'),
  };
}

/** Builds the document view of `model` with its rendered `charts`, in the language of `tr`. */
export function buildReportView(
  model: ReportModel,
  charts: readonly RenderedChart[],
  tr: Translator,
): ReportView {
  const builder = new ViewBuilder(model, tr);
  const { fmt } = tr;
  const zone = model.period.timeZone;
  const generatedMs = Date.parse(model.generatedAt);
  const tags = new Set(model.datacenters.map((dc) => dc.tag));
  const datacenters = model.datacenters.map((dc) => builder.datacenter(dc, charts));
  const gaps = builder.gaps();
  const periodRange = `${fmt.dateTime(model.period.startMs, zone)} – ${fmt.dateTime(model.period.endMs, zone)}`;
  const findingsTitle = tr.t('findings.title');
  const summary = {
    id: 'summary',
    title: tr.t('summary.title'),
    intro: tr.t('summary.intro', {
      service: model.serviceName,
      label: model.period.label,
      range: periodRange,
      zone,
    }),
    figures: builder.figures(),
    topFindings: builder.topFindingsTable(findingsTitle),
    distribution: builder.distributionTable(),
    // Charts for no datacenter of this report belong to the whole report.
    charts: charts.filter((c) => !tags.has(c.section)).map(chartView),
  };
  const findings = {
    id: 'section-findings',
    title: findingsTitle,
    current: builder.findingsTable(),
    resolved: builder.resolvedTable(),
  };
  return {
    language: tr.language,
    lang: tr.locale,
    title: tr.t(`report.title.${model.period.kind}`, { label: model.period.label }),
    subject: tr.t('report.subject', { service: model.serviceName, range: periodRange, zone }),
    serviceName: model.serviceName,
    datacenterNames: model.datacenters.map((dc) => dc.name).join(', ') || fmt.number(null),
    periodLabel: model.period.label,
    periodRange,
    timeZone: zone,
    generatedAt: Number.isFinite(generatedMs) ? fmt.dateTime(generatedMs, zone) : model.generatedAt,
    generator: `${model.generator.name} ${model.generator.version}`,
    labels: labels(tr),
    summary,
    findings,
    datacenters,
    gaps,
    contents: [
      { id: summary.id, title: summary.title, children: [] },
      { id: findings.id, title: findings.title, children: [] },
      ...datacenters.map((dc) => ({
        id: dc.id,
        title: dc.title,
        children: dc.sections.map((s) => ({ id: s.id, title: s.title, children: [] })),
      })),
      { id: gaps.id, title: gaps.title, children: [] },
    ],
  };
}
