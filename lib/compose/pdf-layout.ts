/**
 * Page-level PDF helpers: fonts, flowing text, headings with bookmarks and link targets, charts
 * as vector graphics, and the page footers. Tables live in pdf-table.ts.
 */
import { readFile } from 'node:fs/promises';
import SVGtoPDF from 'svg-to-pdfkit';
import { RenderError } from '../core/errors.ts';
import { FONT_FILES, folderPath } from '../locale/assets.ts';
import type { ChartView } from './report-view.ts';

/**
 * Font names registered in the document: the faces' own PostScript names. pdfkit (0.20) caches a
 * registered font under its name only when that name differs from no font already open; the
 * document starts on the regular face (opened by path, known by its PostScript name), so any
 * other name for it would be parsed again from the TTF at every font switch — measured at 2 of
 * the 3.9 s a 1,000-VM report took to compose. Chart texts map to these names through
 * svg-to-pdfkit's font callback (an unknown family would fall back to a WinAnsi standard font
 * and drop non-Latin-1 characters).
 */
export const PDF_FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' } as const;

export const PAGE_MARGINS = { top: 56, bottom: 64, left: 48, right: 48 } as const;

export const COLOURS = {
  text: '#1f2933',
  muted: '#52606d',
  rule: '#cbd2d9',
  header: '#e4e7eb',
  accent: '#1f4e79',
  tone: { plain: null, flagged: '#fff1d6', critical: '#fde2e1', warning: '#fff1d6', info: '#e3eefa' },
} as const;

/** CSS pixels to PDF points: SVG sizes are in px, 96 per inch against 72 points. */
const PX_TO_PT = 0.75;

export interface FontFiles {
  readonly regularPath: string;
  readonly regular: Buffer;
  readonly bold: Buffer;
}

const fontCache = new Map<string, Promise<FontFiles>>();

async function readFonts(dir: string): Promise<FontFiles> {
  try {
    const [regular, bold] = await Promise.all([
      readFile(dir + FONT_FILES.regular),
      readFile(dir + FONT_FILES.bold),
    ]);
    return { regularPath: dir + FONT_FILES.regular, regular, bold };
  } catch (cause) {
    throw new RenderError(
      `Cannot read the PDF fonts in ${dir}: the DejaVu Sans TTFs must ship with the code.`,
      {
        cause,
        context: { key: dir },
      },
    );
  }
}

/** Reads the embedded TTFs once per folder. */
export function loadFonts(fontsDir: string | URL): Promise<FontFiles> {
  const dir = folderPath(fontsDir);
  let pending = fontCache.get(dir);
  if (pending === undefined) {
    pending = readFonts(dir);
    fontCache.set(dir, pending);
    pending.catch(() => fontCache.delete(dir));
  }
  return pending;
}

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly colour?: string;
  readonly align?: 'left' | 'right' | 'center';
  /** Space after the paragraph, in points. */
  readonly gap?: number;
  readonly indent?: number;
}

export interface LayoutOptions {
  /** The caption of a table continued on a new page, in the document's language. */
  readonly continued: (caption: string) => string;
  /** Receives svg-to-pdfkit warnings about chart SVG it cannot draw. */
  readonly onWarning?: (message: string) => void;
}

/** Wraps a pdfkit document with the report's page geometry and conventions. */
export class PdfLayout {
  /** Page index (0-based) of every heading id, for the table of contents. */
  readonly pageOf = new Map<string, number>();
  readonly continued: (caption: string) => string;
  private readonly onWarning: (message: string) => void;
  private section: PDFKit.PDFOutline | null = null;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    options: LayoutOptions,
  ) {
    this.continued = options.continued;
    this.onWarning = options.onWarning ?? (() => {});
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  font(bold: boolean, size: number, colour: string = COLOURS.text): PDFKit.PDFDocument {
    return this.doc
      .font(bold ? PDF_FONT.bold : PDF_FONT.regular)
      .fontSize(size)
      .fillColor(colour);
  }

  textHeight(text: string, style: TextStyle, width = this.width): number {
    this.font(style.bold ?? false, style.size ?? 10);
    return this.doc.heightOfString(text, { width: width - (style.indent ?? 0) });
  }

  /** A paragraph at the left margin, wrapped to the content width. */
  text(text: string, style: TextStyle = {}): void {
    const indent = style.indent ?? 0;
    this.ensureSpace(this.textHeight(text, style));
    this.font(style.bold ?? false, style.size ?? 10, style.colour).text(
      text,
      this.left + indent,
      this.doc.y,
      {
        width: this.width - indent,
        align: style.align ?? 'left',
      },
    );
    this.doc.y += style.gap ?? 4;
  }

  /** Marks where `id` starts: a link target for the contents and a page number for it. */
  anchor(id: string): void {
    this.pageOf.set(id, this.pageIndex);
    this.doc.addNamedDestination(id, 'XYZ', null, this.doc.page.height - this.doc.y, null);
  }

  /**
   * A section (level 1) or sub-section (level 2) heading, bookmarked in the outline. `keepWith`
   * is the room needed below it, so a heading never ends a page alone.
   */
  heading(level: 1 | 2, title: string, id: string, keepWith = 80): void {
    const size = level === 1 ? 18 : 13;
    this.ensureSpace(this.textHeight(title, { size, bold: true }) + keepWith);
    if (level === 2) this.doc.y += 6;
    this.anchor(id);
    const parent = level === 1 || this.section === null ? this.doc.outline : this.section;
    const item = parent.addItem(title);
    if (level === 1) this.section = item;
    this.text(title, { size, bold: true, colour: level === 1 ? COLOURS.accent : COLOURS.text, gap: 6 });
  }

  /**
   * A chart as vector graphics, scaled to fit the width. Its text alternative is not printed: it
   * is the `Alt` of the chart's Figure element in the document's structure tree (tagged PDF),
   * which screen readers and text extraction use.
   */
  chart(chart: ChartView): void {
    const scale = Math.min(PX_TO_PT, this.width / chart.width);
    const width = chart.width * scale;
    const height = chart.height * scale;
    this.ensureSpace(height + 12);
    const figure = this.doc.struct('Figure', { alt: chart.description });
    this.doc.addStructure(figure);
    const content = this.doc.markStructureContent('Figure');
    // svg-to-pdfkit sizes the drawing from the SVG's own width/height attributes and ignores the
    // requested box, so the scaling is done with the page transform instead.
    this.doc.save();
    this.doc.translate(this.left + (this.width - width) / 2, this.doc.y).scale(scale);
    SVGtoPDF(this.doc, chart.svg, 0, 0, {
      assumePt: true,
      // Every chart text is set in DejaVu Sans; map weights to the two registered faces.
      fontCallback: (_family, bold) => (bold ? PDF_FONT.bold : PDF_FONT.regular),
      warningCallback: (message) => this.onWarning(`${chart.id}: ${message}`),
    });
    this.doc.restore();
    this.doc.endMarkedContent();
    figure.add(content);
    figure.end();
    this.doc.y += height + 12;
  }

  /** 'Page x of y' (worded by `pageLabel`) and a document label at the foot of every page. */
  footers(label: string, pageLabel: (page: number, count: number) => string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const margin = this.doc.page.margins.bottom;
      // Text below the bottom margin would otherwise make pdfkit start a new page.
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - margin + 24;
      this.font(false, 7.5, COLOURS.muted);
      this.doc.text(label, this.left, y, { width: this.width * 0.7, lineBreak: false });
      this.doc.text(pageLabel(i + 1, range.count), this.left, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = margin;
    }
  }
}
