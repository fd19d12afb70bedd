import { type CheerioAPI, load } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { planCharts } from '../../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../../lib/charts/render-chart.ts';
import { composeHtml } from '../../../lib/compose/html.ts';
import { composePdf } from '../../../lib/compose/pdf.ts';
import type { Language } from '../../../lib/core/types.ts';
import { loadCatalogue } from '../../../lib/locale/i18n.ts';
import { openPdf, pdfPageTexts, squeeze } from '../../support/pdf-text.ts';
import { buildReportFixture } from '../../support/report-model.ts';

/**
 * Documents in French and Portuguese: every label, heading and finding comes from the language's
 * catalogue. Evidence that nothing slipped through in English: no English-only text of the
 * English catalogue appears in them, and no raw key either. The one exception is by design: a
 * resolved finding read from a report written before findings carried messages keeps its English
 * evidence (its title is still translated, from its rule).
 */
const fixture = buildReportFixture();
const olderEnglish = fixture.model.resolvedFindings
  .filter((f) => f.messages === undefined)
  .map((f) => `${f.evidence.summary} ${f.recommendation}`)
  .join(' ');
const TRANSLATED = ['fr', 'pt'] as const;

/**
 * Stretches of English text the other catalogue does not share: every run of words between
 * placeholders, long enough to be a phrase, in no entry of `language`.
 */
function englishOnly(language: Language): string[] {
  const other = [...loadCatalogue(language).values()].flatMap((e) =>
    typeof e === 'string' ? [e] : Object.values(e),
  );
  const joined = other.join('\n');
  return [...loadCatalogue('en').values()]
    .flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))
    .flatMap((text) => (text ?? '').split(/\{\w+(?::\w+)?\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 12 && /[a-z]{3}/.test(part) && !joined.includes(part))
    .filter((part) => !olderEnglish.includes(part));
}

/** What a catalogue key looks like, were one printed instead of its text. */
const RAW_KEY = /\b(?:finding|chart|column|figures|cover|report|summary|gaps|csv)\.[a-zA-Z]+/;

describe.each(TRANSLATED)('the %s documents', (language) => {
  let html: CheerioAPI;
  let pdfText = '';

  beforeAll(async () => {
    const charts = await renderCharts(planCharts(fixture.model, fixture.seriesSet, { language }));
    html = load(composeHtml(fixture.model, charts, { language }));
    const pdf = await composePdf(fixture.model, charts, { language, creationDate: new Date(0) });
    pdfText = (await pdfPageTexts(await openPdf(pdf))).join(' ');
  });

  it('are marked with their language', () => {
    expect(html('html').attr('lang')).toBe(language === 'pt' ? 'pt-PT' : 'fr');
  });

  it('show no English-only text of the English catalogue, in the HTML or the PDF', () => {
    const phrases = englishOnly(language);
    expect(phrases.length).toBeGreaterThan(100);
    const page = html('body').text().replace(/\s+/g, ' ');
    const pdf = squeeze(pdfText);
    expect(phrases.filter((p) => page.includes(p))).toEqual([]);
    expect(phrases.filter((p) => pdf.includes(squeeze(p)))).toEqual([]);
  });

  it('translate the title of a resolved finding from an older report', () => {
    const resolved = html('table#findings-resolved tbody tr').first().children();
    expect(resolved.eq(1).text()).toBe(
      language === 'fr' ? 'Prolifération de snapshots' : 'Proliferação de snapshots',
    );
    expect(resolved.eq(3).text()).toBe('5 snapshots (more than 2).');
  });

  it('show no raw translation key', () => {
    // The page's text as read: the table script's source is not part of it.
    const body = html('body').clone();
    body.find('script').remove();
    expect(body.text()).not.toMatch(RAW_KEY);
    expect(pdfText).not.toMatch(RAW_KEY);
    expect(body.text()).not.toMatch(/\{\w+(:\w+)?\}/);
  });

  it('write figures with a decimal comma', () => {
    const { coverage } = fixture.model;
    const pct = ((coverage.received / coverage.expected) * 100).toFixed(1).replace('.', ',');
    expect(html('.figure-value').text()).toContain(pct);
    expect(pdfText).toContain(pct);
  });
});
