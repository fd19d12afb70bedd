import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    expect(await page.locator('script').count()).toBe(0);
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
    // Summary, findings, the datacenter and its three sections, gaps, glossary.
    expect(count).toBe(8);
    // The findings: far enough from the end of the page for the browser to scroll it to the top.
    const findings = links.nth(1);
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
