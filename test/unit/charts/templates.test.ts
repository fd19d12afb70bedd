import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChartKind, ChartRequest, ChartRow } from '../../../lib/charts/plan-charts.ts';
import { DEFAULT_TEMPLATES_DIR, renderCharts, THEME_FILE } from '../../../lib/charts/render-chart.ts';

const dir = fileURLToPath(DEFAULT_TEMPLATES_DIR);
const templateFiles = readdirSync(dir).filter((f) => f.endsWith('.vl.json'));
const MON_16 = Date.UTC(2026, 10, 16);
const HOUR = 3_600_000;

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
  'top-bars.vl.json': {
    kind: 'top-bars',
    title: 'Top 2 VMs by CPU p95',
    params: { valueTitle: 'CPU usage p95 (%)', unitSuffix: ' %' },
    values: [
      { row: 'bar', label: 'erp-db-01', rank: 0, value: 91.2, level: 'critical' },
      { row: 'bar', label: 'fichiers-société', rank: 1, value: 40, level: 'ok' },
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
      threshold(80, 'warning', '80 %'),
      threshold(90, 'critical', '90 %'),
    ],
    expected: ['ds-sata-entrepôt', 'Space used (% of size)', '80 %', '90 %', 'Mon 16'],
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

describe('chart templates', () => {
  it('has a rendering sample for every template in the folder', () => {
    expect(templateFiles.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(templateFiles)('%s carries no data and reads the table dataset', (file) => {
    const template: unknown = JSON.parse(readFileSync(dir + file, 'utf8'));
    expect(template).not.toHaveProperty('datasets');
    expect(dataNodes(template)).toEqual([{ name: 'table' }]);
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

  it('sets the embedded font as the theme font of every text role', () => {
    const theme = JSON.parse(readFileSync(dir + THEME_FILE, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(theme.font).toBe('DejaVu Sans');
    for (const role of ['title', 'axis', 'legend']) {
      const fonts = Object.entries(theme[role] ?? {}).filter(([key]) => /font$/i.test(key));
      expect(fonts.length).toBeGreaterThan(0);
      for (const [, font] of fonts) expect(font).toBe('DejaVu Sans');
    }
  });
});
