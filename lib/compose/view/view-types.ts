/** The document view's shapes: what the PDF and HTML composers lay out, every string computed. */
import type { Language, Severity } from '../../core/types.ts';

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
  /** Against the previous period, `▲ 1 (was 15)`; empty when there is none to compare with. */
  readonly change?: string;
}

/** What a cover page leads with: overall status, number of actions, period, coverage. */
export interface Headline {
  /** The most severe current finding's severity, or `ok` when there is none. */
  readonly status: 'critical' | 'warning' | 'info' | 'ok';
  readonly statusText: string;
  /** Components with at least one finding: one action each. */
  readonly actions: number;
  readonly actionsText: string;
  readonly period: string;
  readonly coveragePct: number | null;
  readonly coverageText: string;
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
  /** Shown first on the first page: a partial period, failed queries or low coverage. */
  readonly notices: readonly string[];
  readonly labels: ViewLabels;
  readonly summary: {
    readonly id: string;
    readonly title: string;
    readonly intro: string;
    readonly figures: readonly HeadlineFigure[];
    /** The cover's headline: overall status, number of actions, period, coverage. */
    readonly headline: Headline;
    /** What to do: one line per component with findings, most severe and urgent first. */
    readonly actions: TableView;
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
  /** What changed since the previous report: inventory events, key figures, figure deltas. */
  readonly changes: SectionView;
  readonly gaps: SectionView;
  /** The report's words explained, last. */
  readonly glossary: SectionView;
  readonly contents: readonly ContentsEntry[];
}
