/**
 * The PDF report (A4, pdfkit, charts as vector graphics through svg-to-pdfkit):
 *
 *   cover (headline, then the contents when they fit) → executive summary → findings → one section
 *   per datacenter (hosts / VMs / datastores: table + charts) → gaps → glossary → footers 'Page x of y'
 *
 * Pages are buffered so the contents, written last, know every section's page number, and the
 * footers know the page count. Figures come from the shared report view, as in the HTML.
 */
import PDFDocument from 'pdfkit';
import { RenderError } from '../core/errors.ts';
import type { Language, RenderedChart, ReportModel } from '../core/types.ts';
import { DEFAULT_FONTS_DIR } from '../locale/assets.ts';
import { createTranslator, DEFAULT_I18N_DIR, type Translator } from '../locale/i18n.ts';
import { inertName } from '../locale/inert-text.ts';
import { COLOURS, type FontFiles, loadFonts, PAGE_MARGINS, PDF_FONT, PdfLayout } from './pdf-layout.ts';
import { drawTable } from './pdf-table.ts';
import {
  buildReportView,
  type ContentsEntry,
  type DatacenterView,
  type HeadlineFigure,
  type ReportView,
  type SectionView,
} from './report-view.ts';

export interface ComposePdfOptions {
  /** The document's CreationDate (default: the model's generatedAt), fixed in tests. */
  readonly creationDate?: Date;
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf. */
  readonly fontsDir?: string | URL;
  /** Language of the document (default 'en'). */
  readonly language?: Language;
  /** Folder holding the translations (default templates/i18n). */
  readonly i18nDir?: string | URL;
  /** Receives svg-to-pdfkit warnings about chart SVG it cannot draw. */
  readonly onWarning?: (message: string) => void;
}

const CONTENTS_LINE = { top: 18, child: 15 } as const;

function creationDateOf(model: ReportModel, fixed: Date | undefined): Date {
  if (fixed !== undefined) return fixed;
  const generated = new Date(model.generatedAt);
  return Number.isNaN(generated.getTime()) ? new Date() : generated;
}

function collectBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

function createDocument(model: ReportModel, view: ReportView, fonts: FontFiles, options: ComposePdfOptions) {
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    autoFirstPage: false,
    // Starting on the embedded font means pdfkit never loads its built-in Helvetica metrics.
    font: fonts.regularPath,
    lang: view.lang,
    displayTitle: true,
    // Tagged: each chart is a Figure structure element carrying its text alternative.
    tagged: true,
    info: {
      Title: `${view.title} — ${view.serviceName}`,
      Subject: view.subject,
      Author: view.generator,
      Creator: view.generator,
      CreationDate: creationDateOf(model, options.creationDate),
    },
  });
  doc.registerFont(PDF_FONT.regular, fonts.regular);
  doc.registerFont(PDF_FONT.bold, fonts.bold);
  return doc;
}

/**
 * The cover's headline: status (the worst current severity), the count of what to act on, the
 * period and the coverage. The count is the summary's findings figure; to count actions instead,
 * pass that figure here.
 */
export function coverHeadline(_model: ReportModel, view: ReportView, tr: Translator): HeadlineFigure[] {
  const { headline } = view.summary;
  const coverage = view.summary.figures.find((f) => f.label === tr.t('figures.coverage.label'));
  const status: HeadlineFigure = { label: tr.t('pdf.headline.status'), value: headline.statusText, note: '' };
  const actions: HeadlineFigure = {
    label: tr.t('pdf.headline.actions'),
    value: tr.fmt.integer(headline.actions),
    note: headline.actionsText,
  };
  const period: HeadlineFigure = { label: view.labels.period, value: view.periodLabel, note: view.timeZone };
  return [status, actions, period, ...(coverage ? [coverage] : [])];
}

function drawCover(layout: PdfLayout, view: ReportView, headline: readonly HeadlineFigure[]): void {
  layout.newPage();
  layout.doc.y = 72;
  for (const notice of view.notices) drawNotice(layout, notice);
  layout.text(view.title, { size: 26, bold: true, colour: COLOURS.accent, gap: 10 });
  layout.text(view.serviceName, { size: 16, bold: true, gap: 18 });
  drawFigures(layout, headline);
  const { labels } = view;
  const lines: [string, string][] = [
    [labels.datacenters, view.datacenterNames],
    [labels.period, view.periodLabel],
    [labels.fromTo, `${view.periodRange} (${labels.endExclusive})`],
    [labels.timeZone, view.timeZone],
    [labels.generated, `${view.generatedAt} ${labels.generatedBy} ${view.generator}`],
  ];
  for (const [label, value] of lines) {
    const y = layout.doc.y;
    layout.font(true, 10, COLOURS.muted).text(label, layout.left, y, { width: 110 });
    layout.font(false, 10).text(value, layout.left + 120, y, { width: layout.width - 120 });
    layout.doc.y += 6;
  }
  layout.doc.y += 18;
}

/** A warning band above everything else on the first page. */
function drawNotice(layout: PdfLayout, notice: string): void {
  const { doc } = layout;
  const pad = 8;
  const width = layout.width - 2 * pad;
  layout.font(true, 10, COLOURS.text);
  const height = doc.heightOfString(notice, { width }) + 2 * pad;
  const y = doc.y;
  doc.save().rect(layout.left, y, layout.width, height).fill(NOTICE.fill);
  doc.rect(layout.left, y, 4, height).fill(NOTICE.edge).restore();
  layout.font(true, 10, COLOURS.text).text(notice, layout.left + pad, y + pad, { width });
  doc.y = y + height + 10;
}

const NOTICE = { fill: '#fff1d6', edge: '#b45309' } as const;

function contentsLines(entries: readonly ContentsEntry[]): { entry: ContentsEntry; depth: number }[] {
  return entries.flatMap((entry) => [
    { entry, depth: 0 },
    ...entry.children.map((child) => ({ entry: child, depth: 1 })),
  ]);
}

/** Where the contents go: pages, and the height on the first of them where they start. */
interface ContentsPlace {
  readonly pages: readonly number[];
  readonly top: number;
}

/**
 * Leaves room for the contents, which can only be written once page numbers are known: below
 * the cover when they fit there, so that neither is a nearly empty page, else on pages of their own.
 */
function reserveContents(layout: PdfLayout, title: string, entries: readonly ContentsEntry[]): ContentsPlace {
  const needed = 40 + contentsLines(entries).length * CONTENTS_LINE.top;
  if (layout.doc.y + needed > layout.bottom) layout.newPage();
  const top = layout.doc.y;
  layout.anchor('contents');
  layout.doc.outline.addItem(title);
  const available = layout.bottom - layout.doc.y - 40;
  const perPage = Math.max(1, Math.floor(available / CONTENTS_LINE.top));
  const pages = Math.max(1, Math.ceil(contentsLines(entries).length / perPage));
  const reserved = [layout.pageIndex];
  for (let i = 1; i < pages; i++) {
    layout.newPage();
    reserved.push(layout.pageIndex);
  }
  return { pages: reserved, top };
}

function drawContents(
  layout: PdfLayout,
  { pages, top }: ContentsPlace,
  title: string,
  entries: readonly ContentsEntry[],
): void {
  const { doc } = layout;
  let pageSlot = 0;
  doc.switchToPage(pages[0] ?? 0);
  doc.y = top;
  layout.text(title, { size: 18, bold: true, colour: COLOURS.accent, gap: 14 });
  for (const { entry, depth } of contentsLines(entries)) {
    const lineHeight = depth === 0 ? CONTENTS_LINE.top : CONTENTS_LINE.child;
    if (doc.y + lineHeight > layout.bottom && pageSlot + 1 < pages.length) {
      pageSlot++;
      doc.switchToPage(pages[pageSlot] ?? 0);
      doc.y = doc.page.margins.top;
    }
    const y = doc.y;
    const indent = depth * 18;
    const page = layout.pageOf.get(entry.id);
    layout.font(depth === 0, depth === 0 ? 11 : 10);
    doc.text(entry.title, layout.left + indent, y, {
      width: layout.width - indent - 50,
      lineBreak: false,
      goTo: entry.id,
    });
    doc.text(page === undefined ? '' : String(page + 1), layout.left, y, {
      width: layout.width,
      align: 'right',
      lineBreak: false,
    });
    doc.y = y + lineHeight;
  }
}

function drawFigures(layout: PdfLayout, figures: readonly HeadlineFigure[]): void {
  const gap = 8;
  const boxWidth = (layout.width - gap * (figures.length - 1)) / figures.length;
  const inner = boxWidth - 12;
  // Labels may wrap in some languages ("CPU moyen du parc"): values sit below the tallest label.
  layout.font(false, 7.5);
  const labelHeight = Math.max(...figures.map((f) => layout.doc.heightOfString(f.label, { width: inner })));
  layout.font(true, 15);
  const valueHeight = Math.max(...figures.map((f) => layout.doc.heightOfString(f.value, { width: inner })));
  layout.font(false, 6.5);
  // The change against the previous period goes under the note.
  const noteOf = (f: HeadlineFigure) => (f.change ? `${f.note}\n${f.change}` : f.note);
  const noteHeight = Math.max(...figures.map((f) => layout.doc.heightOfString(noteOf(f), { width: inner })));
  const valueTop = 6 + labelHeight + 3;
  const noteTop = valueTop + valueHeight + 2;
  const boxHeight = Math.max(62, noteTop + noteHeight + 6);
  layout.ensureSpace(boxHeight + 12);
  const top = layout.doc.y;
  figures.forEach((figure, i) => {
    const x = layout.left + i * (boxWidth + gap);
    layout.doc.roundedRect(x, top, boxWidth, boxHeight, 3).fill(COLOURS.header);
    layout.font(false, 7.5, COLOURS.muted).text(figure.label, x + 6, top + 6, { width: inner });
    layout.font(true, 15).text(figure.value, x + 6, top + valueTop, { width: inner });
    layout.font(false, 6.5, COLOURS.muted).text(noteOf(figure), x + 6, top + noteTop, { width: inner });
  });
  layout.doc.y = top + boxHeight + 14;
}

function drawSummary(layout: PdfLayout, view: ReportView): void {
  const { summary } = view;
  layout.newPage();
  layout.heading(1, summary.title, summary.id);
  layout.text(summary.intro, { colour: COLOURS.muted, gap: 10 });
  const { headline } = summary;
  layout.text(`${headline.statusText} · ${headline.actionsText} · ${headline.coverageText}`, { gap: 8 });
  drawTable(layout, summary.actions);
  drawFigures(layout, summary.figures);
  for (const chart of summary.charts) layout.chart(chart);
}

function drawChanges(layout: PdfLayout, changes: SectionView): void {
  layout.newPage();
  layout.heading(1, changes.title, changes.id);
  if (changes.tables.length === 0) layout.text(changes.empty, { colour: COLOURS.muted, gap: 10 });
  for (const table of changes.tables) drawTable(layout, table);
}

function drawFindings(layout: PdfLayout, view: ReportView): void {
  const { findings } = view;
  layout.newPage();
  layout.heading(1, findings.title, findings.id);
  drawTable(layout, findings.current);
  if (findings.resolved) drawTable(layout, findings.resolved);
}

function drawSection(layout: PdfLayout, section: SectionView): void {
  layout.heading(2, section.title, section.id);
  if (section.tables.length === 0) layout.text(section.empty, { colour: COLOURS.muted, gap: 10 });
  for (const table of section.tables) drawTable(layout, table);
  for (const chart of section.charts) layout.chart(chart);
}

function drawDatacenter(layout: PdfLayout, dc: DatacenterView): void {
  layout.newPage();
  layout.heading(1, dc.title, dc.id);
  layout.text(dc.intro, { colour: COLOURS.muted, gap: 8 });
  for (const section of dc.sections) drawSection(layout, section);
}

/** A closing section (gaps, glossary) on a page of its own. */
function drawClosing(layout: PdfLayout, section: SectionView): void {
  layout.newPage();
  layout.heading(1, section.title, section.id);
  if (section.tables.length === 0) layout.text(section.empty, { gap: 10 });
  for (const table of section.tables) drawTable(layout, table);
}

/** Composes the PDF report of `model` with its rendered `charts` embedded as vector graphics. */
export async function composePdf(
  model: ReportModel,
  charts: readonly RenderedChart[],
  options: ComposePdfOptions = {},
): Promise<Uint8Array> {
  // Names with their controls replaced; no isolation marks, which pdfkit would draw as boxes.
  const tr = createTranslator(options.language ?? 'en', options.i18nDir ?? DEFAULT_I18N_DIR, {
    name: inertName,
  });
  const view = buildReportView(model, charts, tr);
  const fonts = await loadFonts(options.fontsDir ?? DEFAULT_FONTS_DIR);
  const doc = createDocument(model, view, fonts, options);
  const bytes = collectBytes(doc);
  try {
    const layout = new PdfLayout(doc, {
      continued: (caption) => tr.t('pdf.continued', { caption }),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    drawCover(layout, view, coverHeadline(model, view, tr));
    const contentsPages = reserveContents(layout, view.labels.contents, view.contents);
    drawSummary(layout, view);
    drawChanges(layout, view.changes);
    drawFindings(layout, view);
    for (const dc of view.datacenters) drawDatacenter(layout, dc);
    drawClosing(layout, view.gaps);
    drawClosing(layout, view.glossary);
    drawContents(layout, contentsPages, view.labels.contents, view.contents);
    layout.footers(`${view.serviceName} · ${view.periodLabel}`, (page, count) => pageLabel(tr, page, count));
  } catch (cause) {
    doc.end();
    await bytes.catch(() => undefined);
    throw new RenderError(`Cannot compose the PDF report of ${model.serviceName} ${model.period.label}.`, {
      cause,
      context: { key: model.period.label },
    });
  }
  doc.end();
  return bytes;
}

function pageLabel(tr: Translator, page: number, count: number): string {
  return tr.t('pdf.page', { page: tr.fmt.integer(page), total: tr.fmt.integer(count) });
}
