import { describe, expect, it } from 'vitest';
import { buildReportView } from '../../../lib/compose/report-view.ts';
import { createTranslator } from '../../../lib/locale/i18n.ts';
import { buildReportFixture } from '../../support/report-model.ts';

describe('the VM table', () => {
  it('shows where each VM runs: its host, then the datastores of its disks', () => {
    const { model } = buildReportFixture();
    const dc = model.datacenters[0];
    if (!dc) throw new Error('fixture without datacenter');
    const vm = dc.vms.find((v) => v.displayName === 'erp-db-01');
    if (!vm) throw new Error('fixture without erp-db-01');
    const placed = { ...vm, details: { ...vm.details, datastores: 'ds-ssd-01, ds-sata-entrepôt' } };
    const view = buildReportView(
      { ...model, datacenters: [{ ...dc, vms: dc.vms.map((v) => (v === vm ? placed : v)) }] },
      [],
      createTranslator('en'),
    );
    const table = view.datacenters[0]?.sections.find((s) => s.id.endsWith('-vms'))?.tables[0];
    const column = table?.columns.findIndex((c) => c.label === 'Host · datastore') ?? -1;
    expect(column).toBeGreaterThanOrEqual(0);
    const row = table?.rows.find((r) => r.cells[0] === 'erp-db-01');
    expect(row?.cells[column]).toBe(`${String(vm.details.hostName)} · ds-ssd-01, ds-sata-entrepôt`);
    // A VM whose datastores APIv6 did not list shows its host alone.
    const other = table?.rows.find((r) => r.cells[0] === 'mail-relay');
    expect(other?.cells[column]).toBe('10.0.0.11');
  });
});
