import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheerioAPI, load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCharts } from '../../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../../lib/charts/render-chart.ts';
import { composeHtml } from '../../../lib/compose/html.ts';
import { RenderError } from '../../../lib/core/errors.ts';
import type { RenderedChart } from '../../../lib/core/types.ts';
import { buildReportFixture, findSeries, XSS_VM_NAME } from '../../support/report-model.ts';

const fixture = buildReportFixture();
let charts: RenderedChart[] = [];
let html = '';
let $: CheerioAPI;

beforeAll(async () => {
  charts = await renderCharts(planCharts(fixture.model, fixture.seriesSet));
  html = composeHtml(fixture.model, charts);
  $ = load(html);
});

describe('composeHtml', () => {
  it('prints a name made of markup as text and contains no script but its own', () => {
    expect($('script')).toHaveLength(1);
    expect($('script').text()).toBe(
      readFileSync(new URL('../../../templates/html/tables.js', import.meta.url), 'utf8'),
    );
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const cells = $('tbody th[scope="row"]').filter((_, el) => $(el).text() === XSS_VM_NAME);
    expect(cells).toHaveLength(1);
  });

  it('names every host, VM and datastore', () => {
    const text = $('main').text();
    const dc = fixture.model.datacenters[0];
    for (const c of [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])]) {
      expect(text).toContain(c.displayName);
    }
  });

  it('loads nothing from outside the document', () => {
    expect($('link, iframe, object, embed, img, audio, video, source')).toHaveLength(0);
    expect($('[src]')).toHaveLength(0);
    const hrefs = $('[href], [xlink\\:href]')
      .map((_, el) => $(el).attr('href') ?? $(el).attr('xlink:href') ?? '')
      .get();
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href).toMatch(/^#/);
      expect($(`[id="${href.slice(1)}"]`)).toHaveLength(1);
    }
    const css = $('style').text();
    expect(css).not.toMatch(/@import|url\(/);
    expect(css).toContain('@media print');
  });

  it('gives every id once and every SVG reference a target', () => {
    const ids = $('[id]')
      .map((_, el) => $(el).attr('id'))
      .get();
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
  });

  it('has landmarks, a skip link and contents mirroring the PDF outline', () => {
    expect($('header')).toHaveLength(1);
    expect($('main#main')).toHaveLength(1);
    expect($('a.skip-link').attr('href')).toBe('#main');
    expect(
      $('nav > ol > li > a')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual([
      'Executive summary',
      'What changed since 2026-W46',
      'Findings',
      'Datacenter 1',
      'Gaps and missing data',
      'Glossary',
    ]);
    expect(
      $('nav li li a')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(['Capacity', 'Hosts', 'VMs', 'Datastores']);
    for (const section of $('main section').toArray()) {
      expect($(section).children('h2, h3').length).toBe(1);
    }
  });

  it('captions every table and scopes its header cells', () => {
    const tables = $('table');
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables.toArray()) {
      expect($(table).children('caption').text().trim()).not.toBe('');
      const heads = $(table).find('thead th');
      expect(heads.length).toBeGreaterThan(0);
      expect(heads.filter('[scope="col"]').length).toBe(heads.length);
      expect($(table).parent().hasClass('table-scroll')).toBe(true);
    }
  });

  it('puts every chart in a figure labelled with its text alternative', () => {
    const figures = $('figure');
    expect(figures).toHaveLength(charts.length);
    figures.each((i, figure) => {
      const image = $(figure).find('[role="img"]');
      const caption = $(`#${image.attr('aria-labelledby')}`);
      expect(caption.is($(figure).children('figcaption'))).toBe(true);
      expect(caption.text()).toBe(`${charts[i]?.title}. ${charts[i]?.description}`);
      expect(image.find('svg')).toHaveLength(1);
      expect($(figure).find('figcaption').text()).toContain(charts[i]?.title ?? '');
    });
  });

  it('shows the same host figures as the PDF, computed from the samples', () => {
    const series = findSeries(fixture.seriesSet, 'vscope.host.cpu.usage.perc', '10.0.0.11');
    const values = Array.from(series.values);
    const row = $('tr').filter((_, el) => $(el).children('th').first().text() === '10.0.0.11');
    const cells = row
      .children('td')
      .map((_, el) => $(el).text())
      .get();
    expect(cells[0]).toBe((values.reduce((a, b) => a + b, 0) / values.length).toFixed(1));
    expect(cells[2]).toBe(Math.max(...values).toFixed(1));
  });

  it('marks components with low coverage or no data', () => {
    const rowOf = (name: string) => $('tr').filter((_, el) => $(el).children('th').first().text() === name);
    expect(rowOf('legacy-app').hasClass('tone-flagged')).toBe(true);
    expect(rowOf('legacy-app').text()).toContain('no data');
    expect(rowOf('legacy-app').text()).toContain('—');
    expect(rowOf('bi-reporting').hasClass('tone-flagged')).toBe(true);
    expect(rowOf('bi-reporting').children('td').last().text()).toMatch(/^8\d\.\d low$/);
    expect(rowOf('erp-db-01').hasClass('tone-plain')).toBe(true);
  });
});

describe('composeHtml findings', () => {
  const rowsOf = (id: string) =>
    $(`table#${id} tbody tr`)
      .map((_, tr) => [
        $(tr)
          .children('th, td')
          .map((__, cell) => $(cell).text())
          .get(),
      ])
      .get() as string[][];

  it('lists each finding with severity, status, confidence, component, evidence and recommendation', () => {
    const rows = rowsOf('findings');
    expect(rows).toHaveLength(fixture.model.findings.length);
    expect(rows[0]?.slice(0, 5)).toEqual([
      'Critical',
      'Persisting',
      'High',
      'ds-sata-entrepôt (datastore)',
      'Datastore almost full',
    ]);
    const erp = rows.find((r) => r[3] === 'erp-db-01 (VM)');
    expect(erp?.[1]).toBe('New');
    expect(erp?.[6]).toContain('do not take vCPUs');
    expect($('table#findings tbody tr').first().hasClass('tone-critical')).toBe(true);
    expect($('#findings-caption').text()).toBe(`Findings (${fixture.model.findings.length})`);
  });

  it('renders each finding’s messages to the English text written out in the fixture', () => {
    const rows = rowsOf('findings');
    for (const f of fixture.model.findings) {
      const row = rows.find((r) => r[3]?.startsWith(`${f.subject.displayName} (`) && r[4] === f.title);
      expect(row, f.id).toBeDefined();
      expect(row?.[5]).toBe(`${f.evidence.summary} Coverage of the data behind it: 100.0\u00a0%.`);
      expect(row?.[6]).toBe(f.recommendation);
    }
  });

  it('opens the executive summary with one action per component, most severe first', () => {
    const rows = rowsOf('actions');
    const components = new Set(fixture.model.findings.map((f) => f.id.split(':').slice(1).join(':')));
    expect(rows).toHaveLength(components.size);
    const rank = { Critical: 0, Warning: 1, Info: 2 } as Record<string, number>;
    const severities = rows.map((r) => rank[r[0] as string] as number);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    expect($('#actions-caption').text()).toBe(`This week: ${components.size} actions, one per component`);
    expect($('#summary table').first().attr('id')).toBe('actions');
  });

  it('lists what changed since the previous report', () => {
    expect($('#section-changes h2').text()).toBe('What changed since 2026-W46');
    expect(rowsOf('changes-events').map((r) => [r[0], r[2], r[3]])).toEqual([
      ['Removed', '', ''],
      ['vCPU resized', '4', String(fixture.model.datacenters[0]?.vms[0]?.details.cpuNum)],
    ]);
    // The fixture's previous report had one VM more; hosts have no previous count, so no change
    // shown; its findings were the 2 still persisting and the 1 resolved since.
    const vms = fixture.model.datacenters[0]?.vms.length ?? 0;
    const findings = fixture.model.findings.length;
    expect(
      $('li.figure .figure-change')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual([`▼ 1 (was ${vms + 1})`, `▲ ${findings - 3} (was 3)`]);
  });

  it('says what it compared with and lists the resolved findings', () => {
    const news = fixture.model.findings.filter((f) => f.status === 'new').length;
    expect($('table#findings').parent().next('p.note').text()).toContain(
      `Compared with the report for 2026-W46. ${news} new, 2 persisting, 1 resolved.`,
    );
    expect(rowsOf('findings-resolved')).toEqual([
      [
        `${fixture.model.resolvedFindings[0]?.subject.displayName} (VM)`,
        'Snapshot sprawl',
        'Warning',
        '5 snapshots (more than 2).',
      ],
    ]);
  });

  it('marks a low-confidence finding and a severity change in words', () => {
    const [first, ...rest] = fixture.model.findings;
    if (!first) throw new Error('fixture without findings');
    const model = {
      ...fixture.model,
      findings: [{ ...first, confidence: 'low' as const, previousSeverity: 'warning' as const }, ...rest],
      resolvedFindings: [],
    };
    const page = load(composeHtml(model, charts));
    const cells = page('table#findings tbody tr').first().children();
    expect(cells.eq(0).text()).toBe('Critical');
    expect(cells.eq(1).text()).toBe('Persisting (was Warning)');
    expect(cells.eq(2).text()).toBe('Low');
    expect(page('table#findings-resolved')).toHaveLength(0);
  });

  it('leaves the spread of p95 figures to the fleet histograms instead of repeating it as a table', () => {
    expect($('table#fleet-distribution')).toHaveLength(0);
  });
});

describe('composeHtml with a deployment templates folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vscope-html-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the template of the folder it is given', () => {
    writeFileSync(join(dir, 'report.css'), 'body { color: black; }');
    writeFileSync(join(dir, 'tables.js'), '');
    writeFileSync(join(dir, 'report.njk'), '<p>{{ view.serviceName }}</p><style>{{ css | safe }}</style>');
    const out = composeHtml(fixture.model, charts, { templatesDir: dir });
    // The service name is a name: isolated as every name of the page is.
    expect(out).toBe('<p><bdi>pcc-192-0-2-10</bdi></p><style>body { color: black; }</style>');
  });

  it('fails on a template variable that does not exist instead of printing nothing', () => {
    const strict = mkdtempSync(join(tmpdir(), 'vscope-html-strict-'));
    try {
      writeFileSync(join(strict, 'report.css'), '');
      writeFileSync(join(strict, 'tables.js'), '');
      writeFileSync(join(strict, 'report.njk'), '<p>{{ view.noSuchField }}</p>');
      expect(() => composeHtml(fixture.model, charts, { templatesDir: strict })).toThrow(RenderError);
    } finally {
      rmSync(strict, { recursive: true, force: true });
    }
  });
});
