/**
 * `tsx bin/check-pdf.ts <report.pdf>…`: the end-to-end tests' PDF checks on files, for CI to
 * check the demo's report with no system tool: qpdf's structure check (WebAssembly), fonts all
 * embedded, every page drawn (pdf.js). Prints one line per file; exits 1 if any check fails.
 */
import { readFileSync } from 'node:fs';
import { openPdfStrict, pdfDrawing, qpdfCheck } from '../test/support/pdf-checks.ts';

/** What is wrong with the PDF at `path`; empty when every check passes. */
async function problems(path: string): Promise<string[]> {
  const bytes = new Uint8Array(readFileSync(path));
  const found: string[] = [];
  const qpdf = await qpdfCheck(bytes);
  if (qpdf.status !== 0) found.push(`qpdf --check exited ${qpdf.status}: ${qpdf.output}`);
  try {
    const { fonts, blankPages } = await pdfDrawing(await openPdfStrict(bytes));
    if (fonts.length === 0) found.push('no page draws text');
    for (const font of fonts.filter((f) => !f.embedded)) found.push(`font ${font.name} is not embedded`);
    if (blankPages.length > 0) found.push(`blank pages: ${blankPages.join(', ')}`);
  } catch (error) {
    found.push(`pdf.js cannot draw it: ${error instanceof Error ? error.message : String(error)}`);
  }
  return found;
}

async function main(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) throw new Error('Usage: tsx bin/check-pdf.ts <file.pdf>…');
  for (const path of paths) {
    const found = await problems(path);
    if (found.length > 0) {
      process.exitCode = 1;
      console.error(`${path}: ${found.join('; ')}`);
    } else {
      console.log(`${path}: qpdf --check clean, fonts embedded, every page drawn`);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
