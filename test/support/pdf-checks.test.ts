import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { openPdfStrict, pdfDrawing, pdfInfo, qpdfCheck } from './pdf-checks.ts';

/**
 * The PDF checks of the end-to-end tests must be able to fail: each is shown a PDF it must
 * reject. The PDFs are small pdfkit documents made here, then broken on purpose.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DEJAVU = join(ROOT, 'templates/fonts/DejaVuSans.ttf');

/** A one-page PDF in DejaVu Sans (or a standard, non-embedded font), optionally with a raster image. */
async function makePdf(
  options: { font?: string; image?: boolean; compress?: boolean } = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    info: { Title: 'Essai été' },
    compress: options.compress ?? true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.font(options.font ?? DEJAVU).fontSize(14);
  for (let line = 0; line < 30; line++) doc.text(`Ligne ${line} : ça déborde, ãé ${'x'.repeat(line)}`);
  if (options.image) doc.image(readFileSync(join(ROOT, 'docs/report-html-phone.png')), { width: 100 });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Flips bytes in the middle of every stream, keeping its length: the deflate data no longer decodes. */
function corruptStreams(pdf: Uint8Array): Uint8Array {
  const bad = pdf.slice();
  const text = Buffer.from(pdf).toString('latin1');
  for (const match of text.matchAll(/stream\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf('\nendstream', start);
    if (end - start < 40) continue;
    const middle = start + Math.floor((end - start) / 2);
    for (let i = middle; i < middle + 16; i++) bad[i] = (bad[i] ?? 0) ^ 0x5a;
  }
  return bad;
}

describe('qpdfCheck (qpdf --check in WebAssembly)', () => {
  it('passes a sound PDF', async () => {
    const { status, output } = await qpdfCheck(await makePdf());
    expect(output).toContain('No syntax or stream encoding errors');
    expect(status).toBe(0);
  });

  it('fails a PDF whose streams do not decode, and leaves the exit code of the process alone', async () => {
    const before = process.exitCode;
    const { status, output } = await qpdfCheck(corruptStreams(await makePdf()));
    expect(status).not.toBe(0);
    expect(output).not.toContain('No syntax or stream encoding errors');
    expect(process.exitCode).toBe(before);
  });

  it('fails a truncated PDF', async () => {
    const pdf = await makePdf();
    const { status, output } = await qpdfCheck(pdf.subarray(0, pdf.length - 200));
    expect(status).toBe(2);
    expect(output).toContain('startxref');
  });
});

describe('pdfDrawing and pdfInfo (pdf.js)', () => {
  it('lists an embedded CID TrueType subset font, no image, the title and the page count', async () => {
    const doc = await openPdfStrict(await makePdf());
    expect(await pdfDrawing(doc)).toEqual({
      fonts: [
        {
          name: expect.stringMatching(/^[A-Z]{6}\+DejaVuSans$/),
          type: 'CIDFontType2',
          encoding: 'Identity-H',
          embedded: true,
          subset: true,
          toUnicode: true,
        },
      ],
      images: 0,
      blankPages: [],
    });
    expect(await pdfInfo(doc)).toEqual({ title: 'Essai été', pages: 1 });
  });

  it('finds a page whose content stream does not decode blank', async () => {
    const doc = await openPdfStrict(corruptStreams(await makePdf()));
    expect(await pdfDrawing(doc)).toMatchObject({ fonts: [], blankPages: [1] });
  });

  it('finds a page whose content stream is not PDF syntax blank', async () => {
    const pdf = Buffer.from(await makePdf({ compress: false }));
    const at = pdf.indexOf(' Tf\n');
    expect(at).toBeGreaterThan(0);
    // `/F1 14 Tf` becomes `/F1 14 <<`: a dictionary that never closes.
    pdf.write(' <<', at, 'latin1');
    expect(await pdfDrawing(await openPdfStrict(new Uint8Array(pdf)))).toMatchObject({ blankPages: [1] });
  });

  it('reports a standard font as not embedded', async () => {
    const { fonts } = await pdfDrawing(await openPdfStrict(await makePdf({ font: 'Helvetica' })));
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatchObject({ name: 'Helvetica', embedded: false, subset: false, encoding: '' });
  });

  it('counts a raster image', async () => {
    const { images } = await pdfDrawing(await openPdfStrict(await makePdf({ image: true })));
    expect(images).toBe(1);
  });
});
