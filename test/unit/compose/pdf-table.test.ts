import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts, PAGE_MARGINS, PDF_FONT, PdfLayout } from '../../../lib/compose/pdf-layout.ts';
import { columnWidths, drawTable } from '../../../lib/compose/pdf-table.ts';
import type { ColumnView, TableView } from '../../../lib/compose/report-view.ts';
import { DEFAULT_FONTS_DIR } from '../../../lib/locale/assets.ts';
import { openPdf, pdfPageTexts } from '../../support/pdf-text.ts';

const column = (weight: number): ColumnView => ({ label: 'x', numeric: false, weight });

describe('columnWidths', () => {
  it('shares the width in proportion to the weights', () => {
    expect(columnWidths([column(1), column(3)], 400)).toEqual([100, 300]);
  });

  it('widens a column to its minimum and takes the room from the others', () => {
    const widths = columnWidths([column(1), column(1), column(2)], 400, (i) => (i === 0 ? 150 : 0));
    expect(widths[0]).toBe(150);
    expect(widths[1]).toBeCloseTo(250 / 3, 9);
    expect(widths[2]).toBeCloseTo(500 / 3, 9);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 9);
  });

  it('pins columns in cascade when widening one squeezes another below its minimum', () => {
    const mins = [120, 100, 0];
    const widths = columnWidths([column(1), column(1), column(2)], 400, (i) => mins[i] ?? 0);
    expect(widths).toEqual([120, 100, 180]);
  });
});

describe('drawTable', () => {
  /** A table drawn alone in an A4 document, and the text of each page. */
  async function drawn(table: TableView): Promise<string[]> {
    const fonts = await loadFonts(DEFAULT_FONTS_DIR);
    const doc = new PDFDocument({
      size: 'A4',
      margins: PAGE_MARGINS,
      bufferPages: true,
      font: fonts.regularPath,
    });
    doc.registerFont(PDF_FONT.regular, fonts.regular);
    doc.registerFont(PDF_FONT.bold, fonts.bold);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    drawTable(new PdfLayout(doc, { continued: (caption) => `${caption} (continued)` }), table);
    doc.end();
    await done;
    return pdfPageTexts(await openPdf(new Uint8Array(Buffer.concat(chunks))));
  }

  const words = Array.from({ length: 2500 }, (_, i) => `vm-${String(i).padStart(5, '0')}`);

  it('carries a row taller than a page over the next pages without losing a word', async () => {
    const pages = await drawn({
      id: 't',
      caption: 'Queries that failed (1)',
      columns: [
        { label: 'Metric', numeric: false, weight: 1 },
        { label: 'Components', numeric: false, weight: 3 },
      ],
      rows: [{ cells: ['vscope.vm.cpu.ready', words.join(', ')], tone: 'flagged' }],
      note: '',
    });
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.join(' ');
    for (const word of words) expect(text).toContain(word);
    pages.slice(1).forEach((page) => {
      expect(page).toMatch(/^Queries that failed \(1\) \(continued\) Metric Components/);
    });
  });

  it('repeats the header on every page of a long table and keeps each row whole', async () => {
    const rows = words.slice(0, 300).map((w, i) => ({ cells: [w, String(i)], tone: 'plain' as const }));
    const pages = await drawn({
      id: 't',
      caption: 'VMs',
      columns: [
        { label: 'VM', numeric: false, weight: 2 },
        { label: 'Rank', numeric: true, weight: 1 },
      ],
      rows,
      note: '',
    });
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) expect(page).toMatch(/^VMs( \(continued\))? VM Rank/);
    rows.forEach((row) => {
      expect(
        pages.filter(
          (p) =>
            p.includes(`${row.cells[0]} ${row.cells[1]} `) || p.endsWith(`${row.cells[0]} ${row.cells[1]}`),
        ),
      ).toHaveLength(1);
    });
  });
});
