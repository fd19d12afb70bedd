import { describe, expect, it } from 'vitest';
import { composeCsv, neutraliseFormula } from '../../../lib/compose/csv.ts';
import { CSV_FILES, DERIVED, type ReportModel } from '../../../lib/core/types.ts';
import { parseCsv } from '../../support/csv.ts';
import { buildReportFixture, findSeries, LONG_VM_NAME, XSS_VM_NAME } from '../../support/report-model.ts';

const fixture = buildReportFixture();
const csv = composeCsv(fixture.model, 'en');
const BOM = '\ufeff';

/** Rows of a file as objects keyed by header. */
function table(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text.slice(BOM.length));
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('composeCsv', () => {
  it('writes UTF-8 with a byte-order mark and CRLF line ends, one file per component kind', () => {
    expect(Object.keys(csv).sort()).toEqual([...CSV_FILES].sort());
    for (const text of Object.values(csv)) {
      expect(text.startsWith(BOM)).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    }
  });

  it('gives every component one row, with the same number of cells as the header', () => {
    const dc = fixture.model.datacenters[0];
    const expected = { hosts: dc?.hosts, vms: dc?.vms, datastores: dc?.filers };
    for (const file of CSV_FILES) {
      const [header = [], ...rows] = parseCsv((csv[file] as string).slice(1));
      expect(rows, file).toHaveLength(expected[file]?.length ?? -1);
      for (const row of rows) expect(row).toHaveLength(header.length);
    }
    const names = table(csv.vms).map((r) => r.VM);
    expect(names).toContain(XSS_VM_NAME);
    expect(names).toContain(LONG_VM_NAME);
    expect(names).toContain('compta-entrepôt');
  });

  it('writes the figures computed from the samples, as plain numbers', () => {
    const values = Array.from(
      findSeries(fixture.seriesSet, 'vscope.host.cpu.usage.perc', '10.0.0.11').values,
    );
    const host = table(csv.hosts).find((r) => r.Host === '10.0.0.11');
    expect(Number(host?.['CPU usage mean (%)'])).toBe(
      round4(values.reduce((a, b) => a + b, 0) / values.length),
    );
    expect(Number(host?.['CPU usage max (%)'])).toBe(round4(Math.max(...values)));
    expect(host?.['CPU usage coverage (%)']).toBe('100');
    expect(host?.['In maintenance']).toBe('false');
  });

  it('leaves a missing figure empty, never 0', () => {
    const legacy = table(csv.vms).find((r) => r.VM === 'legacy-app');
    expect(legacy?.['CPU usage mean (%)']).toBe('');
    expect(legacy?.['No data']).toBe('true');
    expect(legacy?.['Power state']).toBe('poweredOff');
  });

  it('writes each datastore’s forecast days to the lines it will reach', () => {
    const runway = fixture.model.findings.find(
      (f) => f.rule === 'datastore-runway' && f.subject.displayName === 'ds-ssd-01',
    );
    const ssd = table(csv.datastores).find((r) => r.Datastore === 'ds-ssd-01');
    const to80 = runway?.evidence.runway?.lines.find((l) => l.linePct === 80);
    expect(to80).toBeDefined();
    expect(Number(ssd?.['Days to 80 % (forecast)'])).toBe(round4(to80?.days as number));
    const sata = table(csv.datastores).find((r) => r.Datastore === 'ds-sata-entrepôt');
    expect(sata?.['Days to 80 % (forecast)']).toBe('');
  });

  it('writes over-commit as a percentage, as the PDF and HTML do', () => {
    const dc = fixture.model.datacenters[0];
    const withRatio = dc?.filers.find((f) => typeof f.capacity?.overcommitRatio === 'number');
    expect(withRatio).toBeDefined();
    const row = table(csv.datastores).find((r) => r.Datastore === withRatio?.displayName);
    expect(Number(row?.['Provisioned (% of size)'])).toBe(
      round4((withRatio?.capacity?.overcommitRatio as number) * 100),
    );
  });
});

describe('composeCsv in French and Portuguese', () => {
  const enRecords = CSV_FILES.map((file) => parseCsv((csv[file] as string).slice(1)));
  const NUMBER = /^-?\d+(\.\d+)?$/;
  /** What the English cell becomes in a spreadsheet of `words`' locale, written out by hand. */
  const localise = (cell: string, words: Record<string, string>) =>
    words[cell] ?? (NUMBER.test(cell) ? cell.replace('.', ',') : cell);
  const cases = {
    fr: {
      header: 'Hôte',
      words: { true: 'oui', false: 'non', poweredOn: 'allumée', poweredOff: 'éteinte' } as Record<
        string,
        string
      >,
    },
    pt: {
      header: 'Host',
      words: { true: 'sim', false: 'não', poweredOn: 'ligada', poweredOff: 'desligada' } as Record<
        string,
        string
      >,
    },
  } as const;

  for (const [language, expected] of Object.entries(cases) as [keyof typeof cases, (typeof cases)['fr']][]) {
    it(`${language}: semicolons, decimal commas and values in words, the same rows as in English`, () => {
      const out = composeCsv(fixture.model, language);
      CSV_FILES.forEach((file, i) => {
        const text = (out[file] as string).slice(1);
        const [header = [], ...rows] = parseCsv(text, ';');
        const [enHeader = [], ...enRows] = enRecords[i] ?? [];
        expect(header, file).toHaveLength(enHeader.length);
        expect(header, file).not.toEqual(enHeader);
        expect(rows, file).toEqual(enRows.map((row) => row.map((cell) => localise(cell, expected.words))));
      });
      const [hostHeader = []] = parseCsv((out.hosts as string).slice(1), ';');
      expect(hostHeader).toContain(expected.header);
      // A decimal figure really is written with a comma (the fixture's CPU means are not whole).
      expect(out.hosts).toMatch(/;\d+,\d+;/);
      expect(out.hosts).not.toMatch(/;\d+\.\d+;/);
    });
  }

  it('quotes a name holding a semicolon, and leaves a comma alone', () => {
    const dc = fixture.model.datacenters[0];
    if (!dc) throw new Error('fixture without datacenter');
    const names = ['a;b', 'c,d'];
    const out = composeCsv(
      {
        ...fixture.model,
        datacenters: [
          { ...dc, vms: dc.vms.slice(0, 2).map((vm, i) => ({ ...vm, displayName: names[i] as string })) },
        ],
      },
      'fr',
    );
    expect(out.vms).toContain('"a;b"');
    expect(out.vms).not.toContain('"c,d"');
    const [, ...rows] = parseCsv((out.vms as string).slice(1), ';');
    expect(rows.map((r) => r[2]).sort()).toEqual(names.sort());
  });
});

describe('composeCsv against spreadsheet formula injection', () => {
  const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];
  const dc = fixture.model.datacenters[0];
  if (!dc) throw new Error('fixture without datacenter');
  const filer = dc.filers[0];
  if (!filer) throw new Error('fixture without datastore');
  const used = filer.derived[DERIVED.datastoreUsedPct];
  const model: ReportModel = {
    ...fixture.model,
    datacenters: [
      {
        ...dc,
        vms: dc.vms.slice(0, hostile.length).map((vm, i) => ({ ...vm, displayName: hostile[i] as string })),
        filers: [
          {
            ...filer,
            displayName: 'ds, "quoted"\nname',
            derived: used
              ? {
                  [DERIVED.datastoreUsedPct]: {
                    ...used,
                    trend: { slopePerDay: -0.12, slopeStdErrPerDay: 0.01, fittedAtEnd: 50 },
                  },
                }
              : {},
          },
        ],
      },
    ],
  };
  const out = composeCsv(model, 'en');

  it('prefixes text cells that a spreadsheet would run with a single quote', () => {
    const names = table(out.vms).map((r) => r.VM);
    expect(names.sort()).toEqual(hostile.map((h) => `'${h}`).sort());
    expect(neutraliseFormula('erp-db-01')).toBe('erp-db-01');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });

  it('keeps a negative number a number', () => {
    expect(table(out.datastores)[0]?.['Used % growth (percentage points per day)']).toBe('-0.12');
  });

  it('quotes a cell starting or ending with a space, holding a lone CR, or with a formula on a later line', () => {
    const names = ['\n=1+1', ' padded ', 'cr\ralone', 'tab\t'];
    const spaced = composeCsv(
      {
        ...model,
        datacenters: [
          {
            ...dc,
            vms: dc.vms.slice(0, names.length).map((vm, i) => ({ ...vm, displayName: names[i] as string })),
          },
        ],
      },
      'en',
    );
    expect(spaced.vms).toContain(`"\n'=1+1"`);
    expect(spaced.vms).toContain('" padded "');
    expect(spaced.vms).toContain('"cr\ralone"');
    expect(spaced.vms).toContain('"tab\t"');
    expect(
      table(spaced.vms)
        .map((r) => r.VM)
        .sort(),
    ).toEqual(["\n'=1+1", ' padded ', 'cr\ralone', 'tab\t'].sort());
  });

  it('quotes a cell holding a comma, a quote or a line break (RFC 4180)', () => {
    expect(out.datastores).toContain('"ds, ""quoted""\nname"');
    expect(table(out.datastores)[0]?.Datastore).toBe('ds, "quoted"\nname');
  });
});
