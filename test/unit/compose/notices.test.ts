import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { composeHtml } from '../../../lib/compose/html.ts';
import { composePdf } from '../../../lib/compose/pdf.ts';
import type { ReportModel } from '../../../lib/core/types.ts';
import { openPdf, pdfPageTexts } from '../../support/pdf-text.ts';
import { buildReportFixture } from '../../support/report-model.ts';

/** A report that is not the whole truth says so on its first page, in the PDF and the HTML. */
const fixture = buildReportFixture().model;
// The fixture states a failed query; without it, and with every sample in, the report is whole.
const model: ReportModel = { ...fixture, gaps: [], coverage: { ...fixture.coverage, pct: 100 } };

const withFailedQuery: ReportModel = {
  ...model,
  coverage: { ...model.coverage, pct: 93.4 },
  gaps: [
    {
      metric: 'vscope.vm.cpu.usage.perc',
      datacenterTag: model.datacenters[0]?.tag ?? 'dc',
      components: [],
      reason: 'Metrics endpoint answered 503: busy',
    },
  ],
};
// Made on the Thursday of its week.
const partial: ReportModel = {
  ...model,
  generatedAt: new Date(model.period.endMs - 3 * 86_400_000).toISOString(),
};

async function firstPdfPage(report: ReportModel, language: 'en' | 'fr' = 'en'): Promise<string> {
  const pdf = await composePdf(report, [], { creationDate: new Date(0), language });
  const [first] = await pdfPageTexts(await openPdf(pdf));
  return (first ?? '').replace(/\s+/g, ' ');
}

function htmlNotices(report: ReportModel): string[] {
  const $ = load(composeHtml(report, [], { language: 'en' }));
  return $('header.cover .notice')
    .map((_, el) => $(el).text().replace(/\s+/g, ' '))
    .get();
}

describe('first-page notices', () => {
  it('say nothing on a complete report', async () => {
    expect(htmlNotices(model)).toEqual([]);
    expect(await firstPdfPage(model)).not.toMatch(/Incomplete data|Partial report/);
  });

  it('name the failed queries, the coverage and the first cause', async () => {
    const [notice] = htmlNotices(withFailedQuery);
    expect(notice).toMatch(
      /^Incomplete data: coverage 93\.4 %; 1 metric query failed .*cause: Metrics endpoint answered 503: busy/,
    );
    expect(await firstPdfPage(withFailedQuery)).toContain('Incomplete data: coverage 93.4');
    expect(await firstPdfPage(withFailedQuery, 'fr')).toContain('Données incomplètes');
  });

  it('say a report made before its period ended is partial', async () => {
    expect(htmlNotices(partial)[0]).toMatch(/^Partial report: made on .* before its period ended/);
    expect(await firstPdfPage(partial)).toContain('Partial report');
  });

  it('flag low coverage even when every query answered', () => {
    const low = { ...model, coverage: { ...model.coverage, pct: 71.2 } };
    expect(htmlNotices(low)[0]).toMatch(/^Incomplete data: coverage 71\.2 % of the expected samples/);
  });
});
