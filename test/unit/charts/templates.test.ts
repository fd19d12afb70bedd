import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChartKind, ChartRequest, ChartRow } from '../../../lib/charts/plan-charts.ts';
import { DEFAULT_TEMPLATES_DIR, renderCharts, THEME_FILE } from '../../../lib/charts/render-chart.ts';
import { jsonSchemaValidator } from '../../support/json-schema.ts';

const dir = fileURLToPath(DEFAULT_TEMPLATES_DIR);
const templateFiles = readdirSync(dir).filter((f) => f.endsWith('.vl.json'));
const MON_16 = Date.UTC(2026, 10, 16);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The JSON Schema vega-lite ships (its package exports do not list it, so it is read by path). */
const VEGA_LITE_SCHEMA = JSON.parse(
  readFileSync(
    new URL('../../../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;
const validSpec = jsonSchemaValidator(VEGA_LITE_SCHEMA);
const validConfig = jsonSchemaValidator({ ...VEGA_LITE_SCHEMA, $ref: '#/definitions/Config' });

const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(dir + file, 'utf8'));

interface Sample {
  readonly kind: ChartKind;
  readonly title: string;
  readonly params: Record<string, string | number>;
  readonly values: ChartRow[];
  /** Text the rendered SVG must show. */
  readonly expected: string[];
}

const threshold = (value: number, level: string, label: string): ChartRow => ({
  row: 'threshold',
  value,
  level,
  label,
});

const SAMPLES: Record<string, Sample> = {
  'heatmap.vl.json': {
    kind: 'heatmap',
    title: 'VM CPU usage, daily mean (%)',
    params: {},
    values: [
      { label: 'compta-entrepôt', rank: 0, day: 'Mon 16', dayIndex: 0, value: 72.4 },
      { label: 'compta-entrepôt', rank: 0, day: 'Tue 17', dayIndex: 1, value: 64 },
      { label: 'erp-db-01', rank: 1, day: 'Mon 16', dayIndex: 0, value: 12.2 },
    ],
    expected: ['compta-entrepôt', 'erp-db-01', 'Mon 16', 'Tue 17', '>72<'],
  },
  'week-heatmap.vl.json': {
    kind: 'heatmap',
    title: 'Host CPU usage by hour of the week',
    params: {},
    values: [
      { day: 'Mon', dayIndex: 0, hour: 0, value: 12 },
      { day: 'Mon', dayIndex: 0, hour: 14, value: 71.5 },
      { day: 'Sun', dayIndex: 6, hour: 23, value: 8 },
    ],
    expected: ['Mon', 'Sun', '>14<', '>23<'],
  },
  'top-bars.vl.json': {
    kind: 'top-bars',
    title: 'Top 2 VMs by CPU p95',
    params: { valueTitle: 'CPU usage p95 (%)' },
    values: [
      { row: 'bar', label: 'erp-db-01', rank: 0, value: 91.2, valueLabel: '91.2 %', level: 'critical' },
      { row: 'bar', label: 'fichiers-société', rank: 1, value: 40, valueLabel: '40.0 %', level: 'ok' },
      threshold(80, 'warning', '80 %'),
      threshold(90, 'critical', '90 %'),
    ],
    expected: ['erp-db-01', 'fichiers-société', '91.2 %', '80 %', '90 %', 'CPU usage p95 (%)'],
  },
  'timeseries.vl.json': {
    kind: 'timeseries',
    title: 'Host CPU usage',
    params: { valueTitle: 'CPU usage (%)', periodStart: MON_16, periodEnd: MON_16 + 48 * HOUR },
    values: [
      { row: 'point', series: '10.0.0.11', t: MON_16, value: 20 },
      { row: 'point', series: '10.0.0.11', t: MON_16 + 12 * HOUR, value: 85 },
      { row: 'point', series: '10.0.0.11', t: MON_16 + 13 * HOUR, value: null },
      { row: 'point', series: '10.0.0.11', t: MON_16 + 30 * HOUR, value: 40 },
      { row: 'p95', series: '10.0.0.11', value: 80 },
      { row: 'gap', from: MON_16 + 13 * HOUR, to: MON_16 + 19 * HOUR },
      { row: 'band', from: 80, to: 100, level: 'warning' },
      threshold(80, 'warning', '80 %'),
    ],
    expected: ['Host CPU usage', '10.0.0.11', 'Mon 16', 'Tue 17', 'CPU usage (%)', '80 %'],
  },
  'datastore.vl.json': {
    kind: 'datastore',
    title: 'Datastore space used',
    params: { valueTitle: 'Space used (% of size)', periodStart: MON_16, periodEnd: MON_16 + 48 * HOUR },
    values: [
      { row: 'point', series: 'ds-sata-entrepôt', t: MON_16, value: 89 },
      { row: 'point', series: 'ds-sata-entrepôt', t: MON_16 + 40 * HOUR, value: 91 },
      { row: 'gap', from: MON_16 + 2 * HOUR, to: MON_16 + 8 * HOUR },
      { row: 'band', from: 80, to: 90, level: 'warning' },
      { row: 'band', from: 90, to: 100, level: 'critical' },
      threshold(80, 'warning', '80 %'),
      threshold(90, 'critical', '90 %'),
    ],
    expected: ['ds-sata-entrepôt', 'Space used (% of size)', '80 %', '90 %', 'Mon 16'],
  },
  'runway.vl.json': {
    kind: 'datastore',
    title: 'Datastore runway',
    params: { valueTitle: 'Space used (% of size)', periodStart: MON_16, periodEnd: MON_16 + 30 * DAY },
    values: [
      { row: 'point', series: 'ds-ssd-01', t: MON_16, value: 70 },
      { row: 'point', series: 'ds-ssd-01', t: MON_16 + 7 * DAY, value: 72 },
      { row: 'projection', series: 'ds-ssd-01', t: MON_16 + 7 * DAY, value: 72, low: 72, high: 72 },
      { row: 'projection', series: 'ds-ssd-01', t: MON_16 + 30 * DAY, value: 79, low: 77, high: 81 },
      { row: 'crossing', series: 'ds-ssd-01', t: MON_16 + 27 * DAY, value: 80 },
      { row: 'now', t: MON_16 + 7 * DAY, label: 'end of period' },
      { row: 'band', from: 80, to: 90, level: 'warning' },
      threshold(80, 'warning', '80 %'),
    ],
    expected: ['ds-ssd-01', 'end of period', '80 %', 'Space used (% of size)', '22 Nov', '13 Dec'],
  },
  'distribution.vl.json': {
    kind: 'distribution',
    title: 'How p95 figures spread over the fleet',
    params: { countTitle: 'Components' },
    values: [
      { distribution: 'VM CPU usage p95 (%)', order: 0, bin: '0–50', binIndex: 0, count: 3 },
      { distribution: 'VM CPU usage p95 (%)', order: 0, bin: '50+', binIndex: 1, count: 1 },
      { distribution: 'Host CPU usage p95 (%)', order: 1, bin: '0–50', binIndex: 0, count: 0 },
      { distribution: 'Host CPU usage p95 (%)', order: 1, bin: '50+', binIndex: 1, count: 2 },
    ],
    expected: ['VM CPU usage p95 (%)', 'Host CPU usage p95 (%)', '0–50', '50+', 'Components'],
  },
};

function requestFor(template: string, sample: Sample): ChartRequest {
  return {
    id: `test/${template}`,
    kind: sample.kind,
    template,
    title: sample.title,
    description: `Sample of ${template}`,
    section: 'test',
    params: sample.params,
    values: sample.values,
    width: 300,
    height: 120,
    locale: 'en',
  };
}

/** Every `data` in the spec, wherever it is nested. */
function dataNodes(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(dataNodes);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'data' ? [value, ...dataNodes(value)] : dataNodes(value),
  );
}

/** Every literal colour written in a template (`#abc`, `#aabbcc`). */
const colours = (file: string) => readFileSync(dir + file, 'utf8').match(/#[0-9a-fA-F]{3,8}\b/g) ?? [];

describe('chart templates', () => {
  it('has a rendering sample for every template in the folder', () => {
    expect(templateFiles.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(templateFiles)('%s is a valid Vega-Lite v6 spec by the schema vega-lite ships', (file) => {
    const template = read(file);
    expect(template.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(validSpec(template)).toEqual([]);
  });

  it('tells a broken spec apart (the schema check can fail)', () => {
    const broken = { ...read('top-bars.vl.json'), layer: [{ mark: 'pie-chart' }] };
    expect(validSpec(broken).length).toBeGreaterThan(0);
  });

  it.each(templateFiles)('%s carries no data and reads the table dataset', (file) => {
    const template = read(file);
    expect(template).not.toHaveProperty('datasets');
    expect(dataNodes(template)).toEqual([{ name: 'table' }]);
  });

  it.each(templateFiles)('%s takes its colours from the theme, except white cell borders', (file) => {
    expect(colours(file).filter((c) => c.toLowerCase() !== '#ffffff')).toEqual([]);
  });

  it.each(templateFiles)('%s compiles with vega-lite and renders its title and labels', async (file) => {
    const sample = SAMPLES[file];
    if (!sample) throw new Error(`no sample for ${file}`);
    const warnings: string[] = [];
    const [chart] = await renderCharts([requestFor(file, sample)], {
      onWarning: (_id, message) => warnings.push(message),
    });
    expect(warnings).toEqual([]);
    expect(chart?.svg.startsWith('<svg')).toBe(true);
    expect(chart?.svg).toContain(`>${sample.title}<`);
    for (const text of sample.expected) expect(chart?.svg).toContain(text);
    expect(chart?.svg).toContain('font-family="DejaVu Sans"');
  });

  it('is a valid Vega-Lite config theme with the embedded font for every text role', () => {
    const theme = read(THEME_FILE) as Record<string, Record<string, unknown>>;
    expect(validConfig(theme)).toEqual([]);
    expect(theme.font).toBe('DejaVu Sans');
    for (const role of ['title', 'axis', 'legend']) {
      const fonts = Object.entries(theme[role] ?? {}).filter(([key]) => /font$/i.test(key));
      expect(fonts.length).toBeGreaterThan(0);
      for (const [, font] of fonts) expect(font).toBe('DejaVu Sans');
    }
  });

  it('colours bars by level with the theme’s level scheme', async () => {
    const theme = read(THEME_FILE) as { range: { level: string[] } };
    const sample = SAMPLES['top-bars.vl.json'] as Sample;
    const [chart] = await renderCharts([requestFor('top-bars.vl.json', sample)]);
    const [ok, , critical] = theme.range.level;
    expect(chart?.svg).toContain(`fill="${critical}"`);
    expect(chart?.svg).toContain(`fill="${ok}"`);
  });

  it.each(['timeseries.vl.json', 'datastore.vl.json'])(
    '%s shades each gap row over the plot’s height in the theme’s gap style, and nothing without one',
    async (file) => {
      const theme = read(THEME_FILE) as { style: { gap: { color: string } } };
      const sample = SAMPLES[file] as Sample;
      const withoutGaps = { ...sample, values: sample.values.filter((v) => v.row !== 'gap') };
      const [shaded, plain] = await renderCharts([requestFor(file, sample), requestFor(file, withoutGaps)]);
      const gapMarks = (svg: string) => svg.match(/class="mark-rect role-mark[^"]*"[^>]*>.*?<\/g>/gs) ?? [];
      const fill = `fill="${theme.style.gap.color}"`;
      expect(shaded?.svg.split(fill).length).toBe(2);
      expect(plain?.svg).not.toContain(fill);
      expect(gapMarks(shaded?.svg ?? '').length).toBeGreaterThan(0);
    },
  );
});
