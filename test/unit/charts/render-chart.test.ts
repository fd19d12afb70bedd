import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textMetrics } from 'vega';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChartRequest, planCharts } from '../../../lib/charts/plan-charts.ts';
import { DEFAULT_TEMPLATES_DIR, renderCharts } from '../../../lib/charts/render-chart.ts';
import { RenderError } from '../../../lib/core/errors.ts';
import type { RenderedChart } from '../../../lib/core/types.ts';
import { buildReportFixture } from '../../support/report-model.ts';

const fixture = buildReportFixture();
const requests = planCharts(fixture.model, fixture.seriesSet);
let charts: RenderedChart[] = [];

beforeAll(async () => {
  charts = await renderCharts(requests);
});

const bars = (): ChartRequest => {
  const request = requests.find((r) => r.kind === 'top-bars');
  if (!request) throw new Error('no top-bars request');
  return request;
};

describe('renderCharts', () => {
  it('renders every request, in order, with its title and text alternative', () => {
    expect(charts.map((c) => c.id)).toEqual(requests.map((r) => r.id));
    for (const [i, chart] of charts.entries()) {
      expect(chart.svg).toMatch(/^<svg /);
      expect(chart.svg).toContain(`>${requests[i]?.title}<`);
      expect(chart.description).toBe(requests[i]?.description);
      expect(chart.width).toBeGreaterThan(requests[i]?.width ?? 0);
      expect(chart.svg).toContain(`width="${chart.width}"`);
    }
  });

  it('writes component names as escaped SVG text, accents intact', () => {
    const topCpu = charts.find((c) => c.id.endsWith('vms/top-cpu-p95'));
    expect(topCpu?.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(topCpu?.svg).toContain('>compta-entrepôt<');
    for (const chart of charts) expect(chart.svg).not.toMatch(/<script/i);
  });

  it('scopes SVG ids by chart so several charts can share one page', () => {
    const ids = charts.flatMap((c) => [...c.svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const chart of charts) {
      for (const [, ref] of chart.svg.matchAll(/url\(#([^)]+)\)/g))
        expect(chart.svg).toContain(` id="${ref}"`);
    }
  });

  it('lays text out with measured widths, not the 0.8 × size estimate', () => {
    expect(textMetrics.width).not.toBe(textMetrics.estimateWidth);
    expect(textMetrics.width({ fontSize: 11 }, 'Utilização (%)')).toBeLessThan(80);
  });

  it('rejects a param the template does not declare', async () => {
    const request = { ...bars(), params: { ...bars().params, colour: 'red' } };
    await expect(renderCharts([request])).rejects.toThrow(RenderError);
    await expect(renderCharts([request])).rejects.toThrow(/declares no param 'colour'/);
  });

  it('refuses template names that are not plain file names', async () => {
    await expect(renderCharts([{ ...bars(), template: '../html/report.njk' }])).rejects.toThrow(
      /not a template file name/,
    );
  });
});

describe('renderCharts with a deployment templates folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vscope-charts-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads templates and theme from the folder it is given', async () => {
    cpSync(fileURLToPath(DEFAULT_TEMPLATES_DIR), dir, { recursive: true });
    const theme = JSON.parse(readFileSync(join(dir, 'theme.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'theme.json'), JSON.stringify({ ...theme, background: '#fafafa' }));
    const [chart] = await renderCharts([bars()], { templatesDir: dir });
    expect(chart?.svg).toContain('fill="#fafafa"');
    expect(charts.find((c) => c.id === bars().id)?.svg).toContain('fill="#ffffff"');
  });

  it('reports a template vega cannot parse as a RenderError naming the chart', async () => {
    const broken = {
      data: { name: 'table' },
      mark: 'bar',
      transform: [{ calculate: 'datum.value +* 2', as: 'x' }],
    };
    writeFileSync(join(dir, 'broken.vl.json'), JSON.stringify(broken));
    const request = { ...bars(), template: 'broken.vl.json', params: {} };
    const error = await renderCharts([request], { templatesDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toContain(request.id);
  });

  it('explains a missing template with its path', async () => {
    await expect(
      renderCharts([{ ...bars(), template: 'missing.vl.json' }], { templatesDir: dir }),
    ).rejects.toThrow(/missing\.vl\.json/);
  });
});
