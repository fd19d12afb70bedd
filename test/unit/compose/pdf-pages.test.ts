import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChartRequest, planCharts } from '../../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../../lib/charts/render-chart.ts';
import { composePdf } from '../../../lib/compose/pdf.ts';
import { PAGE_MARGINS } from '../../../lib/compose/pdf-layout.ts';
import type { RenderedChart } from '../../../lib/core/types.ts';
import { openPdf, pdfPageFills, pdfPageTexts, squeeze } from '../../support/pdf-text.ts';
import { buildReportFixture } from '../../support/report-model.ts';

/**
 * The PDF's pages as a reader gets them: a cover carrying the headline and the contents, pages
 * at least a third full, chart text alternatives in the structure tree and not printed, and a
 * month's day heatmap whose labels do not run together. Everything is read back with pdf.js.
 */
const fixture = buildReportFixture();
const requests = planCharts(fixture.model, fixture.seriesSet);
const MONTH_ALT = 'Thirty-one days of daily mean CPU for ten VMs.';
let charts: RenderedChart[] = [];
let pdf: PDFDocumentProxy;
let month: PDFDocumentProxy;
let texts: string[] = [];

interface StructNode {
  readonly role?: string;
  readonly alt?: string;
  readonly children?: readonly StructNode[];
}

/** The Alt of every Figure structure element on each page. */
async function figureAlts(doc: PDFDocumentProxy): Promise<string[][]> {
  const pages: string[][] = [];
  const collect = (node: StructNode, out: string[]): string[] => {
    if (node.role === 'Figure' && node.alt !== undefined) out.push(node.alt);
    for (const child of node.children ?? []) collect(child, out);
    return out;
  };
  for (let n = 1; n <= doc.numPages; n++) {
    const tree = (await (await doc.getPage(n)).getStructTree()) as StructNode | null;
    pages.push(tree === null ? [] : collect(tree, []));
  }
  return pages;
}

/** 0-based pages where a top-level outline entry (a part of the report) starts. */
async function partStarts(doc: PDFDocumentProxy): Promise<Set<number>> {
  const starts = new Set<number>();
  for (const item of (await doc.getOutline()) ?? []) {
    const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
    const ref = dest?.[0];
    if (ref !== undefined && ref !== null && typeof ref === 'object') starts.add(await doc.getPageIndex(ref));
  }
  return starts;
}

interface Box {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Each text run's box on page `n`, turned with its text (a label set upright stays upright). */
async function textBoxes(doc: PDFDocumentProxy, n: number): Promise<Box[]> {
  const content = await (await doc.getPage(n)).getTextContent();
  const boxes: Box[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 1, b = 0, , , x = 0, y = 0] = item.transform as number[];
    const norm = Math.hypot(a, b);
    const [ux, uy, vx, vy] = [a / norm, b / norm, -b / norm, a / norm];
    const corners = [
      [x, y],
      [x + ux * item.width, y + uy * item.width],
      [x + vx * item.height, y + vy * item.height],
      [x + ux * item.width + vx * item.height, y + uy * item.width + vy * item.height],
    ];
    const xs = corners.map((c) => c[0] as number);
    const ys = corners.map((c) => c[1] as number);
    boxes.push({
      text: item.str,
      x0: Math.min(...xs),
      x1: Math.max(...xs),
      y0: Math.min(...ys),
      y1: Math.max(...ys),
    });
  }
  return boxes;
}

/** Pairs of boxes that overlap by more than `slack` points both ways. */
function overlaps(boxes: readonly Box[], slack = 0.5): string[] {
  const found: string[] = [];
  for (const [i, p] of boxes.entries()) {
    for (const q of boxes.slice(i + 1)) {
      const dx = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
      const dy = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
      if (dx > slack && dy > slack) found.push(`${p.text} × ${q.text}`);
    }
  }
  return found;
}

/** A 31-day month's day heatmap for ten VMs, at the size the plan gives it. */
function monthHeatmap(): ChartRequest {
  const weekly = requests.find((r) => r.id.endsWith('/vms/cpu-daily-heatmap'));
  if (!weekly) throw new Error('the fixture plans no day heatmap');
  const values = [];
  for (let rank = 0; rank < 10; rank++) {
    for (let day = 0; day < 31; day++) {
      values.push({
        label: `vm-${rank}`,
        rank,
        day: String(day + 1),
        dayIndex: day,
        value: (rank * 7 + day * 13) % 101,
      });
    }
  }
  return { ...weekly, description: MONTH_ALT, values, height: 10 * 18 };
}

beforeAll(async () => {
  charts = await renderCharts(requests);
  pdf = await openPdf(await composePdf(fixture.model, charts, { language: 'en' }));
  texts = await pdfPageTexts(pdf);
  const [heatmap] = await renderCharts([monthHeatmap()]);
  const withMonth = charts.map((c) => (heatmap && c.id === heatmap.id ? heatmap : c));
  month = await openPdf(await composePdf(fixture.model, withMonth, { language: 'en' }));
}, 120_000);

describe('the PDF cover', () => {
  it('carries the headline: status, actions, period and coverage', () => {
    const cover = squeeze(texts[0] ?? '');
    const critical = fixture.model.findings.filter((f) => f.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    expect(cover).toContain(squeeze('Status Critical'));
    // One action per component with a finding.
    const components = new Set(
      fixture.model.findings.map((f) => `${f.subject.datacenterTag} ${f.subject.key}`),
    );
    expect(cover).toContain(squeeze(`Actions ${components.size}`));
    expect(cover).toContain(squeeze(`Period ${fixture.model.period.label}`));
    // 123,552 of 133,056 samples arrived: 92.857… %.
    expect(cover).toContain(squeeze('Coverage 92.9 %'));
  });

  it('holds the contents too, so neither is a nearly empty page', async () => {
    const cover = squeeze(texts[0] ?? '');
    expect(cover).toContain('Contents');
    expect(cover).toContain(squeeze('Executive summary'));
    expect(cover).toContain(squeeze('Gaps and missing data'));
    const [first] = await pdfPageFills(pdf, PAGE_MARGINS);
    expect(first?.fill).toBeGreaterThan(1 / 2);
  });
});

describe('the PDF pages', () => {
  it('are each at least a third full, but for the last page of a part', async () => {
    const starts = await partStarts(pdf);
    expect(starts.size).toBeGreaterThanOrEqual(4);
    const fills = await pdfPageFills(pdf, PAGE_MARGINS);
    const thin = fills.filter((f) => f.fill < 1 / 3 && f.page < pdf.numPages && !starts.has(f.page));
    expect(thin).toEqual([]);
  });
});

describe('the PDF charts’ text alternatives', () => {
  it('are the Alt of a Figure element in the structure tree, one per chart', async () => {
    const alts = (await figureAlts(pdf)).flat();
    expect(alts.sort()).toEqual(charts.map((c) => c.description).sort());
  });

  it('are not printed on the pages', () => {
    const all = squeeze(texts.join(' '));
    for (const chart of charts) expect(all, chart.id).not.toContain(squeeze(chart.description));
  });
});

describe('a month’s day heatmap in the PDF', () => {
  it('has 31 day labels, none running into another', async () => {
    const pages = await figureAlts(month);
    const page = pages.findIndex((alts) => alts.includes(MONTH_ALT)) + 1;
    expect(page).toBeGreaterThan(0);
    const boxes = await textBoxes(month, page);
    const days = boxes.filter((b) => /^([1-9]|[12]\d|3[01])$/.test(b.text.trim()));
    expect(days.length).toBeGreaterThanOrEqual(31);
    expect(overlaps(boxes)).toEqual([]);
  });
});
