/**
 * Real text widths for vega layouts. Without a canvas, vega estimates a string's width as
 * 0.8 × characters × font size, which over-sizes axes and legends by up to 60 % and makes labels
 * truncate early. The charts use the embedded DejaVu Sans everywhere, so measuring with that very
 * TTF (through fontkit, which pdfkit already uses) gives the widths the PDF and browsers draw.
 */
import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { type TextMetricsItem, textMetrics } from 'vega';
import { RenderError } from '../core/errors.ts';
import { DEFAULT_FONTS_DIR, FONT_FILES, folderPath } from '../locale/assets.ts';

/** vega's default size for text marks without one. */
const DEFAULT_FONT_SIZE = 11;

/** Bounds the memo so a long-lived process measuring many names does not grow without limit. */
const MAX_CACHED_WIDTHS = 20_000;

export interface TextMeasurer {
  /** Width in pixels of `text` set in the embedded font at `fontSize` pixels. */
  width(text: string, fontSize: number, bold: boolean): number;
}

function loadFont(path: string): Font {
  let loaded: ReturnType<typeof create>;
  try {
    loaded = create(readFileSync(path));
  } catch (cause) {
    throw new RenderError(`Cannot load the chart font ${path}: check that the TTF ships with the code.`, {
      cause,
      context: { key: path },
    });
  }
  if ('fonts' in loaded) {
    throw new RenderError(`Font ${path} is a collection; the charts need a single TTF face.`, {
      context: { key: path },
    });
  }
  return loaded;
}

/** Measures text with the embedded DejaVu Sans faces found in `fontsDir`. */
export function createTextMeasurer(fontsDir: string | URL = DEFAULT_FONTS_DIR): TextMeasurer {
  const dir = folderPath(fontsDir);
  const faces = { regular: loadFont(dir + FONT_FILES.regular), bold: loadFont(dir + FONT_FILES.bold) };
  // Advance widths in font units do not depend on the size, so one entry serves every size.
  const unitsCache = new Map<string, number>();
  return {
    width(text, fontSize, bold) {
      if (text === '' || fontSize <= 0) return 0;
      const face = bold ? faces.bold : faces.regular;
      const key = (bold ? 'b' : 'r') + text;
      let units = unitsCache.get(key);
      if (units === undefined) {
        units = face.layout(text).advanceWidth / face.unitsPerEm;
        if (unitsCache.size >= MAX_CACHED_WIDTHS) unitsCache.clear();
        unitsCache.set(key, units);
      }
      return units * fontSize;
    },
  };
}

function isBold(weight: TextMetricsItem['fontWeight']): boolean {
  if (weight === undefined) return false;
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

function sizeOf(item: TextMetricsItem): number {
  if (item.fontSize === undefined || item.fontSize === null) return DEFAULT_FONT_SIZE;
  const size = Number(item.fontSize);
  return Number.isFinite(size) ? size : 0;
}

/** Vega's text-mark width for `text`, measured with `measurer`. */
export function vegaTextWidth(measurer: TextMeasurer, item: TextMetricsItem, text: unknown): number {
  // Vega trims before measuring, and passes arrays for multi-line text (the widest line counts).
  if (Array.isArray(text)) {
    return text.reduce<number>((widest, line) => Math.max(widest, vegaTextWidth(measurer, item, line)), 0);
  }
  const value = text === null || text === undefined ? '' : String(text).trim();
  return measurer.width(value, sizeOf(item), isBold(item.fontWeight));
}

let installedFrom: string | null = null;

/**
 * Makes vega measure text with the embedded TTF instead of estimating it. Vega holds one global
 * measuring function, so this installs once per process; a later call with another folder
 * replaces it.
 */
export function installTextMetrics(fontsDir: string | URL = DEFAULT_FONTS_DIR): void {
  const dir = folderPath(fontsDir);
  if (installedFrom === dir) return;
  const measurer = createTextMeasurer(dir);
  textMetrics.width = (item, text) => vegaTextWidth(measurer, item, text);
  installedFrom = dir;
}
