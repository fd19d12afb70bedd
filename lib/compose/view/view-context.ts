/**
 * What every part of the document view reads: the model, the translator and the report's zone,
 * with the few helpers all tables share (labels, columns, anchors, reading order).
 */
import type { ComponentKind } from '../../core/catalogue.ts';
import type { ComponentReport, RenderedChart, ReportModel } from '../../core/types.ts';
import type { Translator } from '../../locale/i18n.ts';
import type { ChartView, ColumnView } from './view-types.ts';

export type TextParams = Parameters<Translator['t']>[1];

export interface ViewContext {
  readonly model: ReportModel;
  readonly tr: Translator;
  readonly fmt: Translator['fmt'];
  /** The period's time zone, in which dates are shown. */
  readonly zone: string;
  readonly t: (key: string, params?: TextParams) => string;
}

/** The context the view of `model` is built in, in the language of `tr`. */
export function viewContext(model: ReportModel, tr: Translator): ViewContext {
  return {
    model,
    tr,
    fmt: tr.fmt,
    zone: model.period.timeZone,
    t: (key, params) => tr.t(key, params),
  };
}

/** A table column labelled from `column.<key>`. */
export function column(ctx: ViewContext, key: string, numeric: boolean, weight: number): ColumnView {
  return { label: ctx.t(`column.${key}`), numeric, weight };
}

/** A component kind (or `datacenter`) in the report's language. */
export function kindLabel(ctx: ViewContext, kind: ComponentKind | 'datacenter'): string {
  return ctx.t(`kind.${kind}`);
}

/** An id usable as an HTML anchor and a PDF destination name. */
export function anchorId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** Components in reading order: by name in the report's language, then by key. */
export function sortByName(components: readonly ComponentReport[], locale: string): ComponentReport[] {
  return [...components].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, locale) || a.key.localeCompare(b.key, locale),
  );
}

/** A rendered chart as the documents show it, under an anchor of its own. */
export function chartView(chart: RenderedChart): ChartView {
  return {
    id: `chart-${anchorId(chart.id)}`,
    title: chart.title,
    description: chart.description,
    svg: chart.svg,
    width: chart.width,
    height: chart.height,
  };
}
