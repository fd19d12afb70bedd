import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planCharts } from '../../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../../lib/charts/render-chart.ts';
import { composePdf } from '../../../lib/compose/pdf.ts';
import type { RenderedChart } from '../../../lib/core/types.ts';
import { buildReportFixture, findSeries, LONG_VM_NAME, XSS_VM_NAME } from '../../support/report-model.ts';

const fixture = buildReportFixture();
const creationDate = new Date('2026-01-02T03:04:05Z');
let charts: RenderedChart[] = [];
let pdf: PDFDocumentProxy;
let pages: string[] = [];
const warnings: string[] = [];

async function open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of the buffer it is given.
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

async function pageTexts(doc: PDFDocumentProxy): Promise<string[]> {
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    texts.push(text.replace(/\s+/g, ' '));
  }
  return texts;
}

/** The document information dictionary (pdfjs types it as a bare Object). */
async function infoOf(doc: PDFDocumentProxy): Promise<Record<string, unknown>> {
  const { info } = await doc.getMetadata();
  return info as Record<string, unknown>;
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  charts = await renderCharts(planCharts(fixture.model, fixture.seriesSet));
  const bytes = await composePdf(fixture.model, charts, { creationDate, onWarning: (m) => warnings.push(m) });
  pdf = await open(bytes);
  pages = await pageTexts(pdf);
});

describe('composePdf', () => {
  it('produces an A4 PDF whose charts raise no drawing warning', async () => {
    const page = await pdf.getPage(1);
    const [, , width, height] = page.view;
    expect(Math.round(width ?? 0)).toBe(595);
    expect(Math.round(height ?? 0)).toBe(842);
    expect(warnings).toEqual([]);
  });

  it('names every host, VM and datastore, accents and markup included', () => {
    const all = squeeze(pages.join(' '));
    const dc = fixture.model.datacenters[0];
    const names = [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])].map((c) => c.displayName);
    expect(names).toContain('compta-entrepôt');
    expect(names).toContain(XSS_VM_NAME);
    expect(names).toContain(LONG_VM_NAME);
    for (const name of names) expect(all).toContain(squeeze(name));
  });

  it('prints the host CPU mean and max computed from the samples', () => {
    const series = findSeries(fixture.seriesSet, 'vscope.host.cpu.usage.perc', '10.0.0.11');
    const values = Array.from(series.values);
    const max = Math.max(...values).toFixed(1);
    const mean = (values.reduce((a, b) => a + b, 0) / values.length).toFixed(1);
    const hostsPage = pages.find((text) => text.includes('Hosts of Datacenter 1')) ?? '';
    expect(hostsPage).toMatch(new RegExp(`10\\.0\\.0\\.11 ${mean} [\\d.]+ ${max} `));
  });

  it("numbers every page 'Page x of N'", () => {
    expect(pages.length).toBe(pdf.numPages);
    expect(pages[0]).toMatch(/page 1 of \d+/i);
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });

  it('carries the title, author and the creation date it was given', async () => {
    const info = await infoOf(pdf);
    expect(info.Title).toBe('Weekly vScope report 2026-W47 — pcc-192-0-2-10');
    expect(info.Author).toBe('vscope-reports 0.1.0');
    expect(info.Subject).toContain('Europe/Paris');
    expect(info.CreationDate).toBe('D:20260102030405Z');
  });

  it('dates the document at the report generation when no creation date is given', async () => {
    const doc = await open(await composePdf(fixture.model, charts));
    const info = await infoOf(doc);
    expect(info.CreationDate).toBe('D:20261123060000Z');
  });

  it('bookmarks every section in the outline', async () => {
    const outline = await pdf.getOutline();
    expect(outline.map((item) => item.title)).toEqual([
      'Contents',
      'Executive summary',
      'What changed since 2026-W46',
      'Findings',
      'Datacenter 1',
      'Gaps and missing data',
      'Glossary',
    ]);
    expect(outline[4]?.items.map((item) => item.title)).toEqual(['Capacity', 'Hosts', 'VMs', 'Datastores']);
  });

  it('lists in the contents the page each bookmarked section starts on', async () => {
    const outline = await pdf.getOutline();
    // The contents follow the headline on the cover.
    const cover = pages[0] ?? '';
    expect(cover.indexOf('Contents')).toBeGreaterThan(0);
    const contents = cover.slice(cover.indexOf('Contents'));
    for (const item of outline.slice(1)) {
      const dest = item.dest as unknown[];
      const page = (await pdf.getPageIndex(dest[0] as Parameters<PDFDocumentProxy['getPageIndex']>[0])) + 1;
      expect(contents).toContain(`${item.title} ${page}`);
      expect(pages[page - 1]).toContain(item.title);
    }
  });

  it('sums up the fleet, its coverage and its most severe findings', () => {
    const summary = pages.find((text) => text.startsWith('Executive summary')) ?? '';
    const { coverage } = fixture.model;
    expect(summary).toContain('Hosts 3');
    expect(summary).toContain('VMs 13');
    expect(summary).toContain(`Coverage ${((coverage.received / coverage.expected) * 100).toFixed(1)} %`);
    expect(summary).toContain('actions, one per component');
    expect(squeeze(summary)).toContain(
      squeeze('Critical ds-sata-entrepôt (datastore) Datastore almost full'),
    );
  });

  it('lists every finding with status, confidence, evidence and recommendation', () => {
    const findings = squeeze(pages.filter((text) => text.startsWith('Findings')).join(' '));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of fixture.model.findings) {
      expect(findings).toContain(squeeze(f.subject.displayName));
      expect(findings).toContain(squeeze(f.evidence.summary));
      expect(findings).toContain(squeeze(f.recommendation));
    }
    for (const word of ['Critical', 'Persisting', 'New', 'High', 'Confidence'])
      expect(findings).toContain(word);
  });

  it('lists the findings resolved since the previous report', () => {
    const all = squeeze(pages.join(' '));
    expect(all).toContain(squeeze('Resolved since 2026-W46 (1)'));
    expect(all).toContain(squeeze('5 snapshots (more than 2).'));
  });

  it('prints missing figures as dashes and marks low coverage in words', () => {
    const all = pages.join(' ');
    expect(all).toMatch(/legacy-app 10\.0\.0\.13 2 \/ 8\.0 off 3 — — — — \/ — no data/);
    expect(all).toMatch(/bi-reporting .*? 8\d\.\d low/);
  });

  it('draws the charts as vector graphics with their labels as text', async () => {
    const all = pages.join(' ');
    expect(all).toContain('CPU usage p95 (%)');
    expect(all).toContain('Space used (% of size)');
    expect(all).toContain('Mon 16');
    const imageOps = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);
    for (let n = 1; n <= pdf.numPages; n++) {
      const ops = await (await pdf.getPage(n)).getOperatorList();
      expect(ops.fnArray.some((op) => imageOps.has(op))).toBe(false);
    }
  });

  it('closes with a glossary of the report’s words', () => {
    const glossary = pages.at(-1) ?? '';
    expect(glossary).toContain('Glossary');
    for (const term of ['p95 (95th percentile)', 'CPU ready', 'Over-commit', 'Runway', 'vScope unit'])
      expect(glossary).toContain(term);
  });

  it('lists failed queries and unknown series, not a powered-off VM as missing data', () => {
    const gaps = pages.at(-2) ?? '';
    expect(gaps).toContain('Gaps and missing data');
    expect(gaps).toContain('vscope.vm.disk.latency.read');
    expect(gaps).toContain('HTTP 504 from the metrics endpoint after 3 attempts');
    // legacy-app is powered off: expected to be silent, so not missing data.
    expect(gaps).not.toContain('legacy-app');
    expect(gaps).toContain('vm-09999');
  });
});
