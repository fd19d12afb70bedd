import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Opens PDF bytes with pdf.js (a copy: pdf.js takes ownership of the buffer it is given). */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

/** The text of every page, whitespace folded. */
export async function pdfPageTexts(doc: PDFDocumentProxy): Promise<string[]> {
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    texts.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return texts;
}

/** Removes all whitespace: pdf.js splits runs of text unpredictably. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');

/** How much of a page's content area holds text or graphics, as a share of its height. */
export interface PageFill {
  /** 1-based page number. */
  readonly page: number;
  /** Highest and lowest points (PDF units, from the page's bottom) reached by content. */
  readonly top: number;
  readonly bottom: number;
  /** (top - bottom) / (content area height): 0 empty, 1 full. */
  readonly fill: number;
}

/**
 * The vertical extent of each page's text (charts' axis labels and titles included, which are
 * text) inside the content area `[bottomMargin, height - topMargin]`: the footers, drawn below
 * the bottom margin, are left out. Measured from pdf.js's text positions, not from our layout.
 */
export async function pdfPageFills(
  doc: PDFDocumentProxy,
  margins: { readonly top: number; readonly bottom: number },
): Promise<PageFill[]> {
  const fills: PageFill[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , , pageHeight = 0] = page.view;
    const content = await page.getTextContent();
    let top = Number.NEGATIVE_INFINITY;
    let bottom = Number.POSITIVE_INFINITY;
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = item.transform[5] as number;
      if (y < margins.bottom - 1) continue;
      top = Math.max(top, y + item.height);
      bottom = Math.min(bottom, y);
    }
    const area = pageHeight - margins.top - margins.bottom;
    const fill = top > bottom ? (top - bottom) / area : 0;
    fills.push({ page: n, top, bottom, fill });
  }
  return fills;
}
