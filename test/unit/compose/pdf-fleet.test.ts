import { beforeAll, describe, expect, it } from 'vitest';
import { maxChartCount, planCharts } from '../../../lib/charts/plan-charts.ts';
import { renderCharts } from '../../../lib/charts/render-chart.ts';
import { composePdf } from '../../../lib/compose/pdf.ts';
import { openPdf, pdfPageTexts, squeeze } from '../../support/pdf-text.ts';
import { buildReportFixture } from '../../support/report-model.ts';

/** The weekly report of a 1,000-VM fleet, the size the design promises to stay small at. */
const VMS = 1000;
const TEN_MB = 10 * 1024 * 1024;
const fixture = buildReportFixture({ vmCount: VMS });
let bytes: Uint8Array;
let charts = 0;
let pages: string[] = [];

beforeAll(async () => {
  const rendered = await renderCharts(planCharts(fixture.model, fixture.seriesSet));
  charts = rendered.length;
  bytes = await composePdf(fixture.model, rendered, { creationDate: new Date('2026-11-23T06:00:00Z') });
  pages = await pdfPageTexts(await openPdf(bytes));
}, 120_000);

describe('composePdf for a 1,000-VM fleet', () => {
  it('stays under 10 MB with a bounded number of charts', () => {
    expect(fixture.model.datacenters[0]?.vms).toHaveLength(VMS);
    expect(charts).toBeLessThanOrEqual(maxChartCount(1));
    expect(bytes.byteLength).toBeLessThan(TEN_MB);
  });

  it('lists every VM in its table, continued over pages under a repeated header', () => {
    const all = squeeze(pages.join(' '));
    for (const vm of fixture.model.datacenters[0]?.vms ?? []) expect(all).toContain(squeeze(vm.displayName));
    const continued = pages.filter((p) => p.includes('VMs of Datacenter 1 (1,000) (continued)'));
    expect(continued.length).toBeGreaterThanOrEqual(Math.floor(VMS / 60));
    for (const page of continued)
      expect(page).toMatch(/\(continued\) VM Host · datastore vCPU \/ memory GB Power Snapshots CPU p95 %/);
  });
});
