/**
 * Stages 5–6 for the documents that need drawing: Vega-Lite charts, then the PDF, the HTML and
 * the CSV tables. Loaded by pipeline.ts only when one of them is asked for, so a JSON-only run
 * never loads vega or pdfkit.
 */
import { planCharts } from './charts/plan-charts.ts';
import { renderCharts } from './charts/render-chart.ts';
import { composeCsv } from './compose/csv.ts';
import { composeHtml } from './compose/html.ts';
import { composePdf } from './compose/pdf.ts';
import type { DocumentKind } from './core/ports.ts';
import type { Documents, Language, ReportModel, SeriesSet } from './core/types.ts';
import type { StepRunner } from './pipeline-types.ts';

export interface Rendered {
  readonly documents: Partial<Omit<Documents, 'json'>>;
  readonly charts: number;
  readonly documentTimings: Partial<Record<DocumentKind, number>>;
}

/** Draws the charts (when the PDF or HTML is asked for) and composes the documents asked for. */
export async function renderDocuments(
  model: ReportModel,
  seriesSet: SeriesSet,
  formats: ReadonlySet<DocumentKind>,
  options: { readonly language: Language; readonly creationDate: Date; readonly step: StepRunner },
): Promise<Rendered> {
  const { language, step } = options;
  const drawn = formats.has('pdf') || formats.has('html');
  const charts = drawn
    ? await step('charts', 'rendering Vega-Lite charts', () =>
        renderCharts(planCharts(model, seriesSet, { language })),
      )
    : [];
  const documentTimings: Partial<Record<DocumentKind, number>> = {};
  const timed = async <T>(kind: DocumentKind, compose: () => Promise<T> | T): Promise<T | undefined> => {
    if (!formats.has(kind)) return undefined;
    const t0 = performance.now();
    const out = await compose();
    documentTimings[kind] = performance.now() - t0;
    return out;
  };
  const kinds = [...formats].filter((f) => f !== 'json').join(', ');
  const documents = await step('compose', kinds.toUpperCase(), async () => {
    const pdf = await timed('pdf', () =>
      composePdf(model, charts, { creationDate: options.creationDate, language }),
    );
    const html = await timed('html', () => composeHtml(model, charts, { language }));
    const csv = await timed('csv', () => composeCsv(model, language));
    return { ...(pdf ? { pdf } : {}), ...(html !== undefined ? { html } : {}), ...(csv ? { csv } : {}) };
  });
  return { documents, charts: charts.length, documentTimings };
}
