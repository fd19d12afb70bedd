/**
 * The HTML report: one self-contained page (stylesheet and chart SVGs inlined, nothing fetched
 * from elsewhere) rendered with nunjucks from the same report view as the PDF. One small inline
 * script (templates/html/tables.js) sorts and filters the tables; the page's
 * Content-Security-Policy allows that script alone, by the sha256 hash of its text, and no other.
 * Without the script the page reads the same, unsorted.
 *
 * Autoescaping is on, so component names such as `<script>` print as text; each name is a
 * `<bdi>` element with its control characters replaced (lib/locale/inert-text.ts), so it cannot
 * reorder the text around it; `throwOnUndefined` turns a template typo into an error instead of
 * a silently blank cell.
 */
import { createHash } from 'node:crypto';
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
export const HTML_SCRIPT = 'tables.js';

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
  readonly script: string;
  /** The page's Content-Security-Policy, allowing `script` by its hash. */
  readonly csp: string;
}

/**
 * The policy: nothing loads from anywhere; styles inline (the stylesheet and vega's SVG attributes,
 * which cannot run code); the one script by its hash. `frame-ancestors` has no effect in a meta
 * element: a server sending the page adds it as a header.
 */
export function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    'img-src data:',
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${hash}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function readAsset(dir: string, file: string, what: string): string {
  try {
    return readFileSync(dir + file, 'utf8');
  } catch (cause) {
    throw new RenderError(`Cannot read the HTML ${what} ${dir}${file}.`, {
      cause,
      context: { key: dir + file },
    });
  }
}

const templatesCache = new Map<string, Templates>();

function templatesIn(dir: string): Templates {
  let templates = templatesCache.get(dir);
  if (templates === undefined) {
    const css = readAsset(dir, HTML_STYLESHEET, 'stylesheet');
    const script = readAsset(dir, HTML_SCRIPT, 'script');
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), {
      autoescape: true,
      throwOnUndefined: true,
      trimBlocks: true,
      lstripBlocks: true,
    });
    templates = { env, css, script, csp: contentSecurityPolicy(script) };
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
  const { env, css, script, csp } = templatesIn(dir);
  const scriptLabels = { filter: tr.t('html.filterLabel'), rowsShown: tr.t('html.rowsShown') };
  try {
    return isolateNamesInPage(env.render(HTML_TEMPLATE, { view, css, script, csp, scriptLabels }));
  } catch (cause) {
    throw new RenderError(`Cannot render the HTML report with ${dir}${HTML_TEMPLATE}.`, {
      cause,
      context: { key: dir + HTML_TEMPLATE },
    });
  }
}
