/**
 * Tables drawn by hand: pdfkit's doc.table() takes seconds for a few dozen rows, drawing the
 * cells directly takes milliseconds. Cells wrap (long names are never cut), a row moves whole to
 * the next page when it fits there, a row taller than a page continues over pages, and the
 * header row repeats on every page the table spans.
 */
import { COLOURS, type PdfLayout } from './pdf-layout.ts';
import type { ColumnView, RowTone, RowView, TableView } from './report-view.ts';

export interface TableStyle {
  readonly fontSize: number;
  readonly padding: number;
}

export const DEFAULT_TABLE_STYLE: TableStyle = { fontSize: 7.5, padding: 3 };

/** A single long word (a name without spaces) may widen its column up to this share of the page. */
const MAX_WORD_SHARE = 0.22;

interface Cell {
  readonly text: string;
  readonly numeric: boolean;
}

/**
 * Column widths in points: proportional to the columns' weights, but never narrower than
 * `minWidth(i)` (the longest header word), so headers wrap between words, not inside them.
 */
export function columnWidths(
  columns: readonly ColumnView[],
  total: number,
  minWidth: (index: number) => number = () => 0,
): number[] {
  const mins = columns.map((_, i) => minWidth(i));
  const fixed = new Set<number>();
  // Pinning a column to its minimum takes room from the others, which may then need pinning too.
  for (let round = 0; round <= columns.length; round++) {
    const free = total - [...fixed].reduce((sum, i) => sum + (mins[i] ?? 0), 0);
    const weights = columns.reduce((sum, c, i) => (fixed.has(i) ? sum : sum + c.weight), 0);
    const widths = columns.map((c, i) => (fixed.has(i) ? (mins[i] ?? 0) : (free * c.weight) / weights));
    const narrow = widths.findIndex((w, i) => !fixed.has(i) && w < (mins[i] ?? 0));
    if (narrow < 0 || weights === 0) return widths;
    fixed.add(narrow);
  }
  return mins;
}

class TableWriter {
  private readonly widths: number[];
  private readonly header: Cell[];

  constructor(
    private readonly layout: PdfLayout,
    private readonly table: TableView,
    private readonly style: TableStyle,
  ) {
    this.widths = columnWidths(table.columns, layout.width, (i) => this.minWidth(i));
    this.header = table.columns.map((c) => ({ text: c.label, numeric: c.numeric }));
  }

  /**
   * The widest word of a column: its header's (so headers break between words) and, up to a
   * share of the page, its cells' (so IP addresses and moRefs stay on one line).
   */
  private minWidth(column: number): number {
    const { doc } = this.layout;
    // pdfkit measures a word with its trailing space when deciding whether it fits a line.
    const widest = (text: string) =>
      Math.max(0, ...text.split(/\s+/).map((word) => doc.widthOfString(`${word} `)));
    this.layout.font(true, this.style.fontSize);
    const header = widest(this.table.columns[column]?.label ?? '');
    this.layout.font(false, this.style.fontSize);
    const cells = this.table.rows.reduce((max, row) => Math.max(max, widest(row.cells[column] ?? '')), 0);
    const cap = this.layout.width * MAX_WORD_SHARE;
    return Math.max(header, Math.min(cells, cap)) + 2 * this.style.padding + 1;
  }

  private cells(texts: readonly string[]): Cell[] {
    return this.table.columns.map((c, i) => ({ text: texts[i] ?? '', numeric: c.numeric }));
  }

  private rowHeight(cells: readonly Cell[], bold: boolean): number {
    const { doc } = this.layout;
    this.layout.font(bold, this.style.fontSize);
    const pad = this.style.padding;
    const tallest = cells.reduce(
      (max, cell, i) =>
        Math.max(max, doc.heightOfString(cell.text || ' ', { width: (this.widths[i] ?? 0) - 2 * pad })),
      0,
    );
    return tallest + 2 * pad;
  }

  private drawRow(cells: readonly Cell[], height: number, bold: boolean, fill: string | null): void {
    const { doc } = this.layout;
    const top = doc.y;
    const pad = this.style.padding;
    if (fill !== null) doc.rect(this.layout.left, top, this.layout.width, height).fill(fill);
    this.layout.font(bold, this.style.fontSize);
    let x = this.layout.left;
    cells.forEach((cell, i) => {
      const width = this.widths[i] ?? 0;
      doc.text(cell.text, x + pad, top + pad, {
        width: width - 2 * pad,
        align: cell.numeric ? 'right' : 'left',
      });
      x += width;
    });
    doc
      .moveTo(this.layout.left, top + height)
      .lineTo(this.layout.left + this.layout.width, top + height)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke();
    doc.y = top + height;
  }

  private caption(continued: boolean): void {
    const text = continued ? this.layout.continued(this.table.caption) : this.table.caption;
    this.layout.text(text, { size: 9, bold: true, gap: 3 });
  }

  private drawHeader(): void {
    this.drawRow(this.header, this.rowHeight(this.header, true), true, COLOURS.header);
  }

  private captionHeight(continued: boolean): number {
    const text = continued ? this.layout.continued(this.table.caption) : this.table.caption;
    return this.layout.textHeight(text, { size: 9, bold: true }) + 3;
  }

  private continueOnNewPage(): void {
    this.layout.newPage();
    this.caption(true);
    this.drawHeader();
  }

  /**
   * Splits a row into the part that fits `height` points and the rest, cutting each cell between
   * words (the largest prefix that fits, found by bisection).
   */
  private splitCells(cells: readonly Cell[], height: number): [Cell[], Cell[]] {
    const { doc } = this.layout;
    const pad = this.style.padding;
    this.layout.font(false, this.style.fontSize);
    const head: Cell[] = [];
    const rest: Cell[] = [];
    cells.forEach((cell, i) => {
      const width = (this.widths[i] ?? 0) - 2 * pad;
      const fits = (text: string) => doc.heightOfString(text || ' ', { width }) + 2 * pad <= height;
      if (fits(cell.text)) {
        head.push(cell);
        rest.push({ ...cell, text: '' });
        return;
      }
      const words = cell.text.split(/(?<=\s)/);
      let low = 1;
      let high = words.length - 1;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (fits(words.slice(0, mid).join(''))) low = mid;
        else high = mid - 1;
      }
      head.push({ ...cell, text: words.slice(0, low).join('').trimEnd() });
      rest.push({ ...cell, text: words.slice(low).join('') });
    });
    return [head, rest];
  }

  private drawBodyRow(row: RowView): void {
    const { layout } = this;
    const fill = toneFill(row.tone);
    const headerHeight = this.rowHeight(this.header, true);
    const pageRoom = layout.bottom - layout.doc.page.margins.top - this.captionHeight(true) - headerHeight;
    const minimum = this.style.fontSize * 3 + 2 * this.style.padding;
    let cells = this.cells(row.cells);
    for (;;) {
      const height = this.rowHeight(cells, false);
      const room = layout.bottom - layout.doc.y;
      if (height <= room) {
        this.drawRow(cells, height, false, fill);
        return;
      }
      if (height <= pageRoom || room < minimum) {
        this.continueOnNewPage();
        continue;
      }
      // Taller than a whole page: fill this one and carry the rest of the cells over.
      const [head, rest] = this.splitCells(cells, room);
      this.drawRow(head, this.rowHeight(head, false), false, fill);
      if (rest.every((cell) => cell.text === '')) return;
      this.continueOnNewPage();
      cells = rest;
    }
  }

  draw(): void {
    const { layout } = this;
    const headerHeight = this.rowHeight(this.header, true);
    const first = this.table.rows[0];
    const firstHeight = first ? this.rowHeight(this.cells(first.cells), false) : 0;
    // Caption, header and first row travel together (as far as the first row fits a page).
    const pageRoom = layout.bottom - layout.doc.page.margins.top;
    layout.ensureSpace(Math.min(pageRoom, this.captionHeight(false) + headerHeight + firstHeight + 6));
    this.caption(false);
    this.drawHeader();
    for (const row of this.table.rows) this.drawBodyRow(row);
    layout.doc.y += 4;
    if (this.table.note !== '') layout.text(this.table.note, { size: 7, colour: COLOURS.muted, gap: 10 });
  }
}

function toneFill(tone: RowTone): string | null {
  return COLOURS.tone[tone];
}

/** Draws `table` at the current position, continuing on new pages with the header repeated. */
export function drawTable(
  layout: PdfLayout,
  table: TableView,
  style: TableStyle = DEFAULT_TABLE_STYLE,
): void {
  new TableWriter(layout, table, style).draw();
}
