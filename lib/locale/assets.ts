/**
 * Where the files the documents need ship (fonts, templates), with no heavy imports, so the
 * composers can use them without loading vega.
 */
import { fileURLToPath } from 'node:url';

/** The embedded font files, by weight; the family is 'DejaVu Sans'. */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** Where the fonts ship, relative to this module; deployments may pass another folder. */
export const DEFAULT_FONTS_DIR = new URL('../../templates/fonts/', import.meta.url);

/** Resolves a folder given as a file URL or a path to a path ending in a separator. */
export function folderPath(dir: string | URL): string {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return path.endsWith('/') ? path : `${path}/`;
}
