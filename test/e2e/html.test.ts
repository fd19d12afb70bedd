import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCharts } from '../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../lib/charts/render-chart.ts';
import { createTextMeasurer } from '../../lib/charts/text-metrics.ts';
import { composeHtml } from '../../lib/compose/html.ts';
import { LANGUAGES, type Language } from '../../lib/core/types.ts';
import { launchChromium } from '../support/chromium.ts';
import { buildReportFixture, XSS_VM_NAME } from '../support/report-model.ts';

/**
 * The HTML report in a real browser (headless Chromium): it must open from a file with no
 * console error, no script error and no request beyond the file itself, lay out on a phone
 * without sideways scrolling, and navigate by its contents and skip link, in every language.
 */
const fixture = buildReportFixture();
const dir = mkdtempSync(join(tmpdir(), 'vscope-html-e2e-'));
const files = new Map<Language, string>();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  for (const language of LANGUAGES) {
    const charts = await renderCharts(planCharts(fixture.model, fixture.seriesSet, { language }));
    const file = join(dir, `report.${language}.html`);
    writeFileSync(file, composeHtml(fixture.model, charts, { language }));
    files.set(language, pathToFileURL(file).href);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Visit {
  readonly page: Page;
  readonly problems: string[];
  readonly requests: string[];
}

/** Collects the page's Content-Security-Policy violations in `window.__violations`. */
const VIOLATIONS =
  "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

/** Opens a report, recording console errors, script errors and every request the page makes. */
async function visit(language: Language, viewport = { width: 1280, height: 900 }): Promise<Visit> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(VIOLATIONS);
  await page.goto(files.get(language) ?? '', { waitUntil: 'load' });
  return { page, problems, requests };
}

describe('the HTML report’s text in Chromium', () => {
  it('is drawn in DejaVu Sans, the font the report names first, with visible glyphs', async () => {
    const { page } = await visit('fr');
    const sample = 'Rapport hebdomadaire : ça dépasse 95 % — ãé';
    // Width of the sample in the body's font list, and the number of pixels its glyphs paint.
    const drawn = await page.evaluate<{ family: string; width: number; inked: number }>(`(() => {
      const family = getComputedStyle(document.body).fontFamily;
      const canvas = document.createElement('canvas');
      canvas.width = 1200;
      canvas.height = 60;
      const ctx = canvas.getContext('2d');
      ctx.font = '40px ' + family;
      ctx.fillText(${JSON.stringify(sample)}, 0, 45);
      const alpha = ctx.getImageData(0, 0, canvas.width, canvas.height).data.filter((_, i) => i % 4 === 3);
      return { family, width: ctx.measureText(${JSON.stringify(sample)}).width, inked: alpha.filter((a) => a > 0).length };
    })()`);
    expect(drawn.family).toMatch(/^"DejaVu Sans"/);
    // Within 0.5 %: Chromium rounds advances a little; another face (a fallback when DejaVu Sans
    // is missing, e.g. the browser's Open Sans) is 5 % or more off.
    const expected = createTextMeasurer().width(sample, 40, false);
    expect(Math.abs(drawn.width - expected) / expected).toBeLessThan(0.005);
    expect(drawn.inked).toBeGreaterThan(2000);
    await page.close();
  });
});

describe.each(LANGUAGES)('the %s HTML report in Chromium', (language) => {
  it('opens with no console error, no script error and no request but its own file', async () => {
    const { page, problems, requests } = await visit(language);
    expect(problems).toEqual([]);
    expect(requests).toEqual([files.get(language)]);
    expect(await page.locator('script').count()).toBe(1);
    await page.close();
  });

  it('allows its one inline script by the sha256 of its text, with no policy violation', async () => {
    const { page, problems } = await visit(language);
    const policy =
      (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const script = await page.locator('script').evaluate((s) => s.textContent ?? '');
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(policy).toContain(`script-src 'sha256-${hash}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const violations = await page.evaluate<string[]>('window.__violations');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    // The script ran: every column header became a sort button.
    expect(await page.locator('table.data thead th').count()).toBe(await page.locator('button.sort').count());
    await page.close();
  });

  it('blocks a script whose text differs from the hashed one, and still reads without it', async () => {
    const original = readFileSync(fileURLToPath(files.get(language) ?? ''), 'utf8');
    const tampered = join(dir, `tampered.${language}.html`);
    writeFileSync(tampered, original.replace('<script>', '<script>/* changed */'));
    const page = await browser.newPage();
    await page.addInitScript(VIOLATIONS);
    await page.goto(pathToFileURL(tampered).href, { waitUntil: 'load' });
    const violations = await page.evaluate<string[]>('window.__violations');
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(await page.locator('button.sort').count()).toBe(0);
    expect(await page.locator('#findings tbody tr').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('draws every chart and shows a markup-looking name as text', async () => {
    const { page } = await visit(language);
    const sizes = await page
      .locator('figure.chart svg')
      .evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => r.width * r.height));
    expect(sizes.length).toBe(planCharts(fixture.model, fixture.seriesSet).length);
    for (const area of sizes) expect(area).toBeGreaterThan(1000);
    // Each chart is an image whose accessible name is its caption: title and text alternative.
    for (const chart of planCharts(fixture.model, fixture.seriesSet, { language })) {
      const image = page.getByRole('img', { name: `${chart.title}. ${chart.description}`, exact: true });
      expect(await image.count(), chart.id).toBe(1);
    }
    expect(await page.getByRole('rowheader', { name: XSS_VM_NAME, exact: true }).count()).toBe(1);
    await page.close();
  });

  it('reads on a phone: no sideways scrolling of the page, wide tables scroll in their box', async () => {
    const { page } = await visit(language, { width: 390, height: 844 });
    // A string runs in the page: the tests are compiled without the DOM's types.
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const vms = page.locator('table[id$="-vms-table"]').first().locator('xpath=..');
    expect(await vms.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
    await page.close();
  });

  it('skips to the report from the keyboard and navigates by its contents', async () => {
    const { page } = await visit(language);
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    expect(await skip.evaluate((a) => a === a.ownerDocument.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    // The key press returns before the page has handled it: wait for the jump itself.
    await page.waitForFunction("location.hash === '#main'", undefined, { timeout: 60_000 });
    expect(new URL(page.url()).hash).toBe('#main');
    const links = page.locator('nav.contents a');
    const count = await links.count();
    // Summary, what changed, findings, the datacenter and its four sections (capacity, hosts, VMs,
    // datastores), gaps, glossary.
    expect(count).toBe(10);
    // The findings: far enough from the end of the page for the browser to scroll it to the top.
    const findings = links.nth(2);
    const target = (await findings.getAttribute('href')) ?? '';
    expect(target).toBe('#section-findings');
    await findings.click();
    await page.waitForFunction(`location.hash === ${JSON.stringify(target)}`, undefined, { timeout: 60_000 });
    expect(new URL(page.url()).hash).toBe(target);
    expect(await page.locator(target).isVisible()).toBe(true);
    const top = await page.locator(target).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    await page.close();
  });

  it('prints without the skip link, each part on its own page, table headers repeated', async () => {
    const { page } = await visit(language);
    await page.emulateMedia({ media: 'print' });
    expect(
      await page
        .locator('a.skip-link')
        .evaluate((a) => a.ownerDocument.defaultView?.getComputedStyle(a)?.display),
    ).toBe('none');
    expect(
      await page
        .locator('section.findings')
        .evaluate((s) => s.ownerDocument.defaultView?.getComputedStyle(s).breakBefore),
    ).toBe('page');
    expect(
      await page
        .locator('thead')
        .first()
        .evaluate((t) => t.ownerDocument.defaultView?.getComputedStyle(t).display),
    ).toBe('table-header-group');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});

const DISPLAY_OF_FIRST_FINDING = "getComputedStyle(document.querySelector('#findings tbody tr')).display";

/** The rows' first cells of a table, in the page's order, as the reader sees them. */
async function firstCells(page: Page, table: string): Promise<string[]> {
  return page.locator(`${table} tbody tr:not([hidden]) > th`).allTextContents();
}

describe('the HTML report’s tables, phone layout and charts in Chromium', () => {
  it('sorts a table by a column, numbers by value in either direction', async () => {
    const { page } = await visit('fr');
    const table = 'table[id$="-vms-table"]';
    const headers = page.locator(`${table} thead th`);
    const numericIndex = await headers.evaluateAll((ths) =>
      ths.findIndex((th) => th.classList.contains('num')),
    );
    expect(numericIndex).toBeGreaterThan(0);
    const cells = () =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll('${table} tbody tr')].map((r) => r.cells[${numericIndex}].textContent)`,
      );
    // Read as numbers independently of the script: French digits, narrow spaces, decimal comma.
    const value = (text: string) =>
      Number(
        text
          .replace(/[^0-9,−-]/g, '')
          .replace(',', '.')
          .replace('−', '-'),
      );
    const button = headers.nth(numericIndex).locator('button.sort');
    await button.click();
    expect(await headers.nth(numericIndex).getAttribute('aria-sort')).toBe('ascending');
    const ascending = (await cells()).filter((c) => /\d/.test(c)).map(value);
    expect(ascending.length).toBeGreaterThan(3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await button.click();
    expect(await headers.nth(numericIndex).getAttribute('aria-sort')).toBe('descending');
    const descending = (await cells()).filter((c) => /\d/.test(c)).map(value);
    expect(descending).toEqual([...ascending].sort((a, b) => b - a));
    // By name: the first column sorts alphabetically.
    await headers.nth(0).locator('button.sort').click();
    const names = await firstCells(page, table);
    expect(names).toEqual(
      [...names].sort(new Intl.Collator('fr', { numeric: true, sensitivity: 'base' }).compare),
    );
    await page.close();
  });

  it('filters a long table’s rows by the text typed, and counts them', async () => {
    const { page } = await visit('en');
    const table = 'table[id$="-vms-table"]';
    const all = await firstCells(page, table);
    const wanted = all.find((name) => name.startsWith('compta')) ?? '';
    expect(wanted).not.toBe('');
    const id = (await page.locator(table).getAttribute('id')) ?? '';
    const input = page.locator(`input#${id}-filter`);
    expect(await input.getAttribute('type')).toBe('search');
    // The filter is labelled for assistive technology, in the report's language.
    expect(await page.locator(`label[for="${id}-filter"]`).textContent()).toBe('Filter the rows');
    await input.fill('COMPTA');
    const shown = await firstCells(page, table);
    expect(shown).toEqual(all.filter((name) => name.toLowerCase().includes('compta')));
    expect(await page.locator(`#${id}-filter + output`).textContent()).toBe(
      `${shown.length} / ${all.length} rows shown`,
    );
    await input.fill('');
    expect(await firstCells(page, table)).toEqual(all);
    await page.close();
  });

  it('draws findings as cards at 390 px: no sideways scrolling, evidence and recommendation on screen', async () => {
    const { page } = await visit('pt', { width: 390, height: 844 });
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const box = page.locator('#findings').locator('xpath=..');
    expect(await box.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    // Every cell of every finding lies within the viewport's width.
    const outside = await page
      .locator('#findings tbody tr > *')
      .evaluateAll(
        (cells) =>
          cells.map((c) => c.getBoundingClientRect()).filter((r) => r.left < 0 || r.right > 390 + 0.5).length,
      );
    expect(outside).toBe(0);
    expect(await page.evaluate(DISPLAY_OF_FIRST_FINDING)).toBe('block');
    await page.close();
  });

  it('keeps findings as a table on a desktop', async () => {
    const { page } = await visit('en');
    expect(await page.evaluate(DISPLAY_OF_FIRST_FINDING)).toBe('table-row');
    await page.close();
  });

  it('scales each chart to its column at 1,280 px with text of 11 px or more, and a title on each mark', async () => {
    const { page } = await visit('en');
    // Rendered text size: the font size in the SVG's units times the SVG's scale on the page.
    const charts = await page.evaluate<
      { smallest: number; column: number; marks: number; untitled: number }[]
    >(`[...document.querySelectorAll('figure.chart svg')].map((s) => {
      const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
      const sizes = [...s.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      const column = s.closest('figure').getBoundingClientRect().width - s.getBoundingClientRect().width;
      const marks = [...s.querySelectorAll('g.role-mark:not(.mark-group) > path, g.role-mark:not(.mark-group) > text')];
      const untitled = marks.filter((m) => !(m.querySelector(':scope > title') || {}).textContent);
      return { smallest: Math.min(...sizes), column, marks: marks.length, untitled: untitled.length };
    })`);
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) {
      expect(chart.smallest).toBeGreaterThanOrEqual(11);
      expect(Math.abs(chart.column)).toBeLessThan(1);
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.untitled).toBe(0);
    }
    await page.close();
  });
});
