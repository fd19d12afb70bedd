/**
 * Chart rendering: template + theme + rows → Vega-Lite spec → Vega → SVG, headless.
 *
 *   1. read the data-free template and the theme (once per process, cached)
 *   2. bind the request: rows into the `table` dataset, params, title, size
 *   3. vl.compile → vega.parse → View({renderer: 'none', locale}).toSVG() → finalize
 *
 * The theme is the one place for fonts and colours: its `range` holds the category palette and
 * the named colour schemes the templates use (`level`: ok / warning / critical). Text is measured
 * with the embedded TTF (text-metrics.ts) so layouts match what the PDF draws, and axis labels
 * are formatted in the request's locale (vega-locale.ts).
 * Charts render one after another: it is no slower than in parallel and keeps memory flat.
 */
import { readFile } from 'node:fs/promises';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { RenderError } from '../core/errors.ts';
import type { RenderedChart } from '../core/types.ts';
import { folderPath } from '../locale/assets.ts';
import { inertName } from '../locale/inert-text.ts';
import type { ChartRequest } from './plan-charts.ts';
import { installTextMetrics } from './text-metrics.ts';
import { vegaLocale } from './vega-locale.ts';

/** Where the chart templates ship, relative to this module; deployments may pass another folder. */
export const DEFAULT_TEMPLATES_DIR = new URL('../../templates/charts/', import.meta.url);

/** The Vega-Lite `config` shared by every template. */
export const THEME_FILE = 'theme.json';

/** The dataset name every template reads its rows from. */
export const TABLE_DATASET = 'table';

export interface RenderOptions {
  /** Folder holding the `*.vl.json` templates and theme.json. */
  readonly templatesDir?: string | URL;
  /** Folder holding the DejaVu Sans TTFs used to measure text. */
  readonly fontsDir?: string | URL;
  /** Receives vega and vega-lite warnings (by default they are dropped). */
  readonly onWarning?: (chartId: string, message: string) => void;
}

/** Template names are plain file names: a request cannot read outside the templates folder. */
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*\.vl\.json$/;

type JsonObject = Record<string, unknown>;

const jsonCache = new Map<string, Promise<JsonObject>>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function parseJsonFile(path: string): Promise<JsonObject> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new RenderError(`Cannot read chart template ${path}: check the templates folder.`, {
      cause,
      context: { key: path },
    });
  }
  if (!isObject(parsed)) {
    throw new RenderError(`Chart template ${path} is not a JSON object.`, { context: { key: path } });
  }
  return parsed;
}

/** Templates are read once per process; a failed read is not cached so a fixed file is picked up. */
function readJson(path: string): Promise<JsonObject> {
  let pending = jsonCache.get(path);
  if (pending === undefined) {
    pending = parseJsonFile(path);
    jsonCache.set(path, pending);
    pending.catch(() => jsonCache.delete(path));
  }
  return pending;
}

/**
 * Texts a template lets the request set (axis titles...), as JSON pointers into the template
 * under `usermeta.texts`. Vega-Lite's schema allows no expression in an axis title, so the text
 * is written in place instead of read from a param.
 */
function declaredTexts(template: JsonObject): Record<string, string> {
  const texts = isObject(template.usermeta) ? template.usermeta.texts : undefined;
  if (!isObject(texts)) return {};
  return Object.fromEntries(
    Object.entries(texts).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Sets `value` at JSON pointer `pointer` (RFC 6901) inside `target`, which must lead to an existing key. */
function setAtPointer(target: JsonObject, pointer: string, value: unknown, request: ChartRequest): void {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  let node: unknown = target;
  for (const key of keys) node = isObject(node) ? node[key] : undefined;
  if (!isObject(node) || last === undefined || !(last in node)) {
    throw new RenderError(`Chart template ${request.template}: text pointer ${pointer} leads nowhere.`, {
      context: { key: request.template, chart: request.id },
    });
  }
  node[last] = value;
}

/** Writes the request's texts into `spec` and returns the template's params with the request's values. */
function bindParams(template: JsonObject, spec: JsonObject, request: ChartRequest): unknown[] {
  const declared = Array.isArray(template.params) ? template.params : [];
  const names = new Set(declared.map((p) => (isObject(p) ? p.name : undefined)));
  const texts = declaredTexts(template);
  for (const [name, value] of Object.entries(request.params)) {
    const pointer = texts[name];
    if (pointer !== undefined) setAtPointer(spec, pointer, value, request);
    else if (!names.has(name)) {
      throw new RenderError(
        `Chart ${request.id}: template ${request.template} declares no param '${name}'.`,
        {
          context: { key: request.template, chart: request.id },
        },
      );
    }
  }
  return declared.map((p) =>
    isObject(p) && typeof p.name === 'string' && p.name in request.params
      ? { ...p, value: request.params[p.name] }
      : p,
  );
}

/**
 * Every mark carries a tooltip made of its encoded fields (axis titles and formatted values);
 * {@link titleMarks} writes it into the SVG as a `<title>`, which browsers show on hover.
 */
function withTooltips(config: JsonObject): JsonObject {
  const mark = isObject(config.mark) ? config.mark : {};
  return 'tooltip' in mark ? config : { ...config, mark: { ...mark, tooltip: { content: 'encoding' } } };
}

/** The Vega-Lite spec for one request: the template with rows, params, texts, title and size bound. */
export function bindTemplate(
  template: JsonObject,
  theme: JsonObject,
  request: ChartRequest,
): vl.TopLevelSpec {
  const data = template.data;
  if (!isObject(data) || data.name !== TABLE_DATASET) {
    throw new RenderError(
      `Chart template ${request.template} must read its rows from data {"name": "${TABLE_DATASET}"}.`,
      { context: { key: request.template, chart: request.id } },
    );
  }
  // Templates are cached: the compiler must never see (and possibly annotate) the shared copy.
  const copy = structuredClone(template);
  const params = bindParams(template, copy, request);
  const size = { width: request.width, height: request.height };
  // A faceted template (small multiples) sizes each cell, not the whole figure.
  const facet = isObject(copy.spec) ? { spec: { ...copy.spec, ...size } } : size;
  const spec: JsonObject = {
    ...copy,
    ...facet,
    title: request.title,
    description: request.description,
    ...(params.length > 0 ? { params } : {}),
    datasets: { [TABLE_DATASET]: request.values },
    config: withTooltips({ ...theme, ...(isObject(template.config) ? template.config : {}) }),
  };
  return spec as unknown as vl.TopLevelSpec;
}

/**
 * A logger that keeps errors for the caller. Vega calls logger methods detached from the object
 * (as plain functions), so everything here closes over its state instead of using `this`.
 */
function collectingLogger(onWarning: (message: string) => void): {
  logger: vega.LoggerInterface;
  errors: string[];
} {
  const errors: string[] = [];
  let level = vega.Warn;
  const text = (args: unknown[]): string => args.map(String).join(' ');
  const logger: vega.LoggerInterface = {
    level: (value?: number) => {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: unknown[]) => {
      errors.push(text(args));
      return logger;
    },
    warn: (...args: unknown[]) => {
      onWarning(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return { logger, errors };
}

/** The part of vega's scenegraph {@link describeMarks} walks. */
interface SceneNode {
  readonly marktype?: string;
  readonly role?: string;
  readonly items?: SceneNode[];
  tooltip?: unknown;
  description?: string;
  aria?: boolean;
}

/** A tooltip as one line of text: `Title: value; Title: value`. */
function tooltipText(tooltip: unknown): string {
  if (isObject(tooltip)) {
    return Object.entries(tooltip)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join('; ');
  }
  return String(tooltip);
}

/**
 * Vega's SVG string renderer has no tooltips; it does write an item's `description` as its
 * `aria-label`. Each data mark item's tooltip becomes its description, for {@link titleMarks}.
 */
function describeMarks(node: SceneNode): void {
  const isMark = node.marktype !== undefined;
  for (const item of node.items ?? []) {
    if (isMark && node.marktype !== 'group' && node.role === 'mark' && item.tooltip != null) {
      item.description = tooltipText(item.tooltip);
      item.aria = true;
    }
    describeMarks(item);
  }
}

const DESCRIBED_ITEM =
  /<([a-z]+)([^<>]*?) aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="[^"]*"([^<>]*?)(\/?)>/g;

/** Each described item's aria label becomes its `<title>` child (already escaped by vega). */
function titleMarks(svg: string): string {
  return svg.replace(
    DESCRIBED_ITEM,
    (_all, tag: string, before: string, label: string, after: string, empty: string) =>
      empty === '/'
        ? `<${tag}${before}${after}><title>${label}</title></${tag}>`
        : `<${tag}${before}${after}><title>${label}</title>`,
  );
}

const SVG_SIZE = /^<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/;

/**
 * Vega numbers clip paths and gradients with process-wide counters; prefixing them with the chart
 * id keeps them unique when several SVGs are inlined in one HTML page, whatever rendered them.
 */
function scopeSvgIds(svg: string, scope: string): string {
  const prefix = `${scope.replace(/[^A-Za-z0-9_-]/g, '-')}-`;
  return svg.replace(/\sid="([^"]+)"/g, ` id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}

async function renderOne(
  request: ChartRequest,
  template: JsonObject,
  theme: JsonObject,
  options: RenderOptions,
): Promise<RenderedChart> {
  const { logger, errors } = collectingLogger((message) => options.onWarning?.(request.id, message));
  let svg: string;
  try {
    const compiled = vl.compile(bindTemplate(template, theme, request), { logger }).spec;
    const view = new vega.View(vega.parse(compiled), {
      renderer: 'none',
      logger,
      logLevel: vega.Warn,
      locale: vegaLocale(request.locale),
    });
    try {
      await view.runAsync();
      describeMarks((view.scenegraph() as unknown as { root: SceneNode }).root);
      svg = titleMarks(await view.toSVG());
    } finally {
      view.finalize();
    }
  } catch (cause) {
    if (cause instanceof RenderError) throw cause;
    throw new RenderError(`Chart ${request.id} (${request.template}) failed to render.`, {
      cause,
      context: { key: request.template, chart: request.id },
    });
  }
  // Vega reports dataflow failures through the logger and still returns a (broken) SVG.
  if (errors.length > 0) {
    throw new RenderError(`Chart ${request.id} (${request.template}) failed to render: ${errors[0]}`, {
      context: { key: request.template, chart: request.id },
    });
  }
  const size = SVG_SIZE.exec(svg);
  return {
    id: request.id,
    kind: request.kind,
    title: request.title,
    description: request.description,
    section: request.section,
    svg: scopeSvgIds(svg, request.id),
    width: size ? Number(size[1]) : request.width,
    height: size ? Number(size[2]) : request.height,
  };
}

/** Range names vega-lite itself gives a meaning to; any other theme range is a colour scheme. */
const BUILT_IN_RANGES = new Set(['category', 'diverging', 'heatmap', 'ordinal', 'ramp', 'symbol']);

/**
 * Registers the theme's own colour ranges as vega schemes, so templates name them
 * (`"scheme": "level"`) instead of repeating colours. Vega holds schemes globally: the last theme
 * rendered with defines them.
 */
function registerSchemes(theme: JsonObject): void {
  const ranges = isObject(theme.range) ? theme.range : {};
  for (const [name, colours] of Object.entries(ranges)) {
    if (BUILT_IN_RANGES.has(name)) continue;
    if (!Array.isArray(colours) || !colours.every((c) => typeof c === 'string')) {
      throw new RenderError(`Chart theme: range '${name}' must be a list of colours.`, {
        context: { key: name },
      });
    }
    vega.scheme(name, colours as string[]);
  }
}

/** The request with every text made inert: names reach the SVG, its title and its description. */
function inertRequest(request: ChartRequest): ChartRequest {
  const inert = <T>(value: T): T => (typeof value === 'string' ? (inertName(value) as T) : value);
  const each = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, inert(v)])) as T;
  return {
    ...request,
    title: inertName(request.title),
    description: inertName(request.description),
    params: each(request.params),
    values: request.values.map(each),
  };
}

/** Renders chart requests to SVG, in order, with the templates and theme of `options.templatesDir`. */
export async function renderCharts(
  requests: readonly ChartRequest[],
  options: RenderOptions = {},
): Promise<RenderedChart[]> {
  installTextMetrics(options.fontsDir);
  const dir = folderPath(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const theme = await readJson(dir + THEME_FILE);
  registerSchemes(theme);
  const rendered: RenderedChart[] = [];
  for (const request of requests) {
    if (!TEMPLATE_NAME.test(request.template)) {
      throw new RenderError(`Chart ${request.id}: '${request.template}' is not a template file name.`, {
        context: { key: request.template, chart: request.id },
      });
    }
    const template = await readJson(dir + request.template);
    rendered.push(await renderOne(inertRequest(request), template, theme, options));
  }
  return rendered;
}
