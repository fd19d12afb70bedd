import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReportQuery, REPORT_PARAMETERS } from '../../../../lib/deliver/http/parse-query.ts';

const defaults = {
  timeZone: 'Europe/Paris',
  language: 'en',
  maxSpanDays: 31,
  now: new Date('2026-12-01T00:00:00Z'),
} as const;
const ok = 'service=pcc-192-0-2-10&from=2026-11-16&to=2026-11-23';

function problems(query: string) {
  const parsed = parseReportQuery(query, defaults);
  return 'problems' in parsed ? parsed.problems.map((p) => `${p.field}:${p.rule}`) : [];
}

describe('report query', () => {
  it('reads a valid query with its defaults: JSON, the configured zone and language, every datacenter', () => {
    const parsed = parseReportQuery(ok, defaults);
    expect('query' in parsed && parsed.query).toMatchObject({
      service: 'pcc-192-0-2-10',
      datacenter: null,
      format: 'json',
      language: 'en',
      period: { kind: 'custom', label: '2026-11-16_2026-11-23', timeZone: 'Europe/Paris' },
    });
  });

  it('cuts the range in the requested zone, to exclusive', () => {
    const parsed = parseReportQuery(`${ok}&tz=America/Montreal`, defaults);
    if (!('query' in parsed)) throw new Error('expected a query');
    expect(new Date(parsed.query.period.startMs).toISOString()).toBe('2026-11-16T05:00:00.000Z');
    expect(new Date(parsed.query.period.endMs).toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it.each(['..', 'pcc-1..2', 'pcc-1/x', 'x', '%2e%2e'])(
    'refuses the service %j, naming it and the form expected',
    (service) => {
      const parsed = parseReportQuery(
        `service=${encodeURIComponent(service)}&from=2026-11-16&to=2026-11-23`,
        defaults,
      );
      if (!('problems' in parsed)) throw new Error('expected problems');
      expect(parsed.problems).toEqual([
        expect.objectContaining({
          field: 'service',
          rule: 'pattern',
          message: expect.stringContaining('expected pcc-'),
        }),
      ]);
    },
  );

  it('lists every problem at once, each with its field and rule', () => {
    expect(
      problems('from=2026-13-01&to=x&format=docx&lang=de&tz=Nowhere/City&colour=blue&service=a/b'),
    ).toEqual([
      'colour:unknown-parameter',
      'service:pattern',
      'format:enum',
      'lang:enum',
      'tz:time-zone',
      'from:date-time',
      'to:date-time',
    ]);
  });

  it('accepts a range of exactly the maximum span and refuses one a minute longer', () => {
    expect(problems('service=pcc-1&from=2026-10-01&to=2026-11-01')).toEqual([]);
    expect(problems('service=pcc-1&from=2026-10-01&to=2026-11-01T00:01')).toEqual(['to:max-span']);
  });

  it('refuses an empty range and one that has not ended', () => {
    expect(problems('service=pcc-1&from=2026-11-16&to=2026-11-16')).toEqual(['to:range-order']);
    expect(problems('service=pcc-1&from=2026-11-30&to=2026-12-01T02:00')).toEqual(['to:not-in-future']);
  });

  it('answers any query string with a query or problems, never an exception', () => {
    const names = fc.constantFrom(...REPORT_PARAMETERS, 'x', '', 'to[]');
    const values = fc.oneof(
      fc.string(),
      fc.constantFrom('2026-11-16', '2026-11-16T08:00+01:00', 'Europe/Paris', 'pdf', 'vms'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(names, values), { maxLength: 10 }), (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const parsed = parseReportQuery(query, defaults);
        expect('query' in parsed || parsed.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
