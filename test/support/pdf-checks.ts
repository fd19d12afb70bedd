import { createRequire } from 'node:module';
import createQpdf from '@neslinesli93/qpdf-wasm';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Checks of a PDF by code that did not write it, all from npm: qpdf compiled to WebAssembly for
 * the file's structure, pdf.js for its fonts, images, metadata and pages. They stand in for the
 * qpdf and poppler-utils commands, so that the tests need only Node.js.
 */

const QPDF_WASM = createRequire(import.meta.url).resolve('@neslinesli93/qpdf-wasm/dist/qpdf.wasm');

/** The part of the Emscripten module the check uses (the package declares only `callMain`). */
interface QpdfRuntime {
  callMain(args: string[]): number;
  FS: { writeFile(path: string, data: Uint8Array): void };
}

/** What `qpdf --check` said: exit status 0 (clean), 2 (errors) or 3 (warnings), and its lines. */
export interface QpdfCheck {
  readonly status: number;
  readonly output: string;
}

/**
 * Runs `qpdf --check` (qpdf compiled to WebAssembly) on PDF bytes. A fresh runtime per call: an
 * Emscripten program that exits cannot run again. The runtime binds `console.log`/`console.error`
 * once, when it is created, and sets `process.exitCode` when qpdf exits non-zero; both are
 * captured or restored here so that a failing check does not fail the process running it.
 */
export async function qpdfCheck(bytes: Uint8Array): Promise<QpdfCheck> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
  console.error = (...parts: unknown[]) => lines.push(parts.join(' '));
  let created: Promise<unknown>;
  try {
    created = createQpdf({ locateFile: () => QPDF_WASM });
  } finally {
    console.log = log;
    console.error = error;
  }
  const qpdf = (await created) as QpdfRuntime;
  qpdf.FS.writeFile('/input.pdf', bytes);
  const exitCode = process.exitCode;
  try {
    const status = qpdf.callMain(['--check', '/input.pdf']);
    return { status, output: lines.join('\n') };
  } finally {
    process.exitCode = exitCode;
  }
}

/**
 * Opens PDF bytes with pdf.js strictly: `stopAtErrors` makes a page whose content cannot be
 * parsed reject instead of being drawn as far as it goes, and `fontExtraProperties` keeps each
 * font's dictionary facts (type, encoding, embedded file) for {@link pdfFonts}.
 */
export async function openPdfStrict(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: bytes.slice(), verbosity: 0, stopAtErrors: true, fontExtraProperties: true })
    .promise;
}

/** A font a page draws text with, as pdffonts lists it. */
export interface PdfFont {
  /** The font's PostScript name, subset tag included (`BZZZZZ+DejaVuSans`). */
  readonly name: string;
  /** `CIDFontType2` is pdffonts' "CID TrueType". */
  readonly type: string;
  /** The encoding of a composite (Type0) font, e.g. `Identity-H`; empty for a simple font. */
  readonly encoding: string;
  readonly embedded: boolean;
  readonly subset: boolean;
  readonly toUnicode: boolean;
}

/**
 * What the pages draw: their fonts, how many raster images (what pdfimages would list), and the
 * pages that draw nothing at all — what a page whose content stream does not decode becomes, as
 * pdf.js drops such a stream even with `stopAtErrors`.
 */
export interface PdfDrawing {
  readonly fonts: PdfFont[];
  readonly images: number;
  readonly blankPages: number[];
}

/** The operators that paint a raster image or image mask. */
const IMAGE_OPS: ReadonlySet<number> = new Set([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintSolidColorImageMask,
]);

/** The operators that put marks on a page: text, paths, images, shadings. */
const MARKING_OPS: ReadonlySet<number> = new Set([
  ...IMAGE_OPS,
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.constructPath,
  OPS.shadingFill,
]);

/** pdf.js's font object with `fontExtraProperties` on: the fields read here. */
interface LoadedFont {
  name?: string;
  type?: string;
  composite?: boolean;
  missingFile?: boolean;
  cMap?: { name?: string; vertical?: boolean; codespaceRanges?: number[][]; _map?: unknown[] };
  toUnicode?: unknown;
}

/**
 * Builds the operator list of every page (what drawing the page takes, short of rasterising it):
 * with {@link openPdfStrict} a page that cannot be drawn rejects. Returns the fonts and images
 * the pages use.
 */
export async function pdfDrawing(doc: PDFDocumentProxy): Promise<PdfDrawing> {
  const fonts = new Map<string, PdfFont>();
  let images = 0;
  const blankPages: number[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { fnArray, argsArray } = await page.getOperatorList();
    if (!fnArray.some((fn) => MARKING_OPS.has(fn))) blankPages.push(n);
    fnArray.forEach((fn, i) => {
      if (IMAGE_OPS.has(fn)) images++;
      if (fn !== OPS.setFont) return;
      const id = String((argsArray[i] as unknown[])[0]);
      if (fonts.has(id)) return;
      const font = page.commonObjs.get(id) as LoadedFont;
      const name = font.name ?? '';
      fonts.set(id, {
        name,
        type: font.type ?? '',
        encoding: font.composite ? cMapName(font.cMap) : '',
        embedded: font.missingFile === false,
        subset: /^[A-Z]{6}\+/.test(name),
        toUnicode: Boolean(font.toUnicode),
      });
    });
  }
  return { fonts: [...fonts.values()], images, blankPages };
}

/**
 * The name of a composite font's CMap. pdf.js does not pass the name of the identity CMap on to
 * the font object, so it is recognised by its shape: two-byte codes 0000–FFFF, no mapping, horizontal.
 */
function cMapName(cMap: LoadedFont['cMap']): string {
  if (cMap?.name) return cMap.name;
  const twoBytes = cMap?.codespaceRanges?.[1];
  const identity = twoBytes?.length === 2 && twoBytes[0] === 0 && twoBytes[1] === 0xffff;
  if (identity && cMap?._map?.length === 0) return cMap.vertical ? 'Identity-V' : 'Identity-H';
  return 'unknown';
}

/** The document's Title entry and page count, as pdfinfo prints them. */
export async function pdfInfo(doc: PDFDocumentProxy): Promise<{ title: string; pages: number }> {
  const { info } = await doc.getMetadata();
  const title = (info as { Title?: unknown }).Title;
  return { title: typeof title === 'string' ? title : '', pages: doc.numPages };
}
