/**
 * The HTML report: one self-contained page (stylesheet and chart SVGs inlined, no script, nothing
 * fetched from elsewhere) rendered with nunjucks from the same report view as the PDF.
 *
 * Autoescaping is on, so component names such as `<script>` print as text; each name is a
 * `<bdi>` element with its control characters replaced (lib/locale/inert-text.ts), so it cannot
 * reorder the text around it; `throwOnUndefined` turns a template typo into an error instead of
 * a silently blank cell.
 */
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import { RenderError } from '../core/errors.ts';
import type { Language, RenderedChart, ReportModel } from '../core/types.ts';
import { folderPath } from '../locale/assets.ts';
import { createTranslator, DEFAULT_I18N_DIR } from '../locale/i18n.ts';
import { isolatedName, isolateNamesInPage } from '../locale/inert-text.ts';
import { buildReportView } from './report-view.ts';

/** Where the HTML template and stylesheet ship, relative to this module. */
export const DEFAULT_HTML_TEMPLATES_DIR = new URL('../../templates/html/', import.meta.url);

export const HTML_TEMPLATE = 'report.njk';
export const HTML_STYLESHEET = 'report.css';

export interface ComposeHtmlOptions {
  /** Folder holding report.njk and report.css. */
  readonly templatesDir?: string | URL;
  /** Language of the document (default 'en'). */
  readonly language?: Language;
  /** Folder holding the translations (default templates/i18n). */
  readonly i18nDir?: string | URL;
}

interface Templates {
  readonly env: nunjucks.Environment;
  readonly css: string;
}

const templatesCache = new Map<string, Templates>();

function templatesIn(dir: string): Templates {
  let templates = templatesCache.get(dir);
  if (templates === undefined) {
    let css: string;
    try {
      css = readFileSync(dir + HTML_STYLESHEET, 'utf8');
    } catch (cause) {
      throw new RenderError(`Cannot read the HTML stylesheet ${dir}${HTML_STYLESHEET}.`, {
        cause,
        context: { key: dir + HTML_STYLESHEET },
      });
    }
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), {
      autoescape: true,
      throwOnUndefined: true,
      trimBlocks: true,
      lstripBlocks: true,
    });
    templates = { env, css };
    templatesCache.set(dir, templates);
  }
  return templates;
}

/** Composes the self-contained HTML report of `model` with its rendered `charts` inlined. */
export function composeHtml(
  model: ReportModel,
  charts: readonly RenderedChart[],
  options: ComposeHtmlOptions = {},
): string {
  // Names come marked and inert; the marks become <bdi> elements once the page is escaped.
  const tr = createTranslator(options.language ?? 'en', options.i18nDir ?? DEFAULT_I18N_DIR, {
    name: isolatedName,
  });
  const view = buildReportView(model, charts, tr);
  const dir = folderPath(options.templatesDir ?? DEFAULT_HTML_TEMPLATES_DIR);
  const { env, css } = templatesIn(dir);
  try {
    return isolateNamesInPage(env.render(HTML_TEMPLATE, { view, css }));
  } catch (cause) {
    throw new RenderError(`Cannot render the HTML report with ${dir}${HTML_TEMPLATE}.`, {
      cause,
      context: { key: dir + HTML_TEMPLATE },
    });
  }
}
