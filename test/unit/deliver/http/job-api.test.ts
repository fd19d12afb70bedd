import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../demo/memory-store.ts';
import { customPeriod } from '../../../../lib/core/period.ts';
import { prefersAsync, reportUrl } from '../../../../lib/deliver/http/job-api.ts';
import { claimJob } from '../../../../lib/deliver/http/job-record.ts';
import { parseReportQuery, type ReportQuery } from '../../../../lib/deliver/http/parse-query.ts';

const query: ReportQuery = {
  service: 'pcc-192-0-2-10',
  datacenter: null,
  period: customPeriod('2026-11-09', '2026-11-16T08:30', 'Europe/Paris'),
  format: 'csv',
  language: 'fr',
  table: 'hosts',
};
const at = new Date('2026-12-01T00:00:00Z');

describe('on-demand job answers', () => {
  it('reads Prefer: respond-async among other preferences, in any case', () => {
    expect(prefersAsync('respond-async')).toBe(true);
    expect(prefersAsync('return=minimal, Respond-Async; wait=10')).toBe(true);
    expect(prefersAsync('wait=10')).toBe(false);
    expect(prefersAsync('respond-asynchronously')).toBe(false);
    expect(prefersAsync(undefined)).toBe(false);
  });

  it('points a finished job at a report request that parses back to the same query', async () => {
    const job = await claimJob(createMemoryStore(), {
      query,
      artefactKey: 'k/hosts.csv',
      state: 'queued',
      now: at,
      leaseMs: 900_000,
    });
    if (!job) throw new Error('the first claim must win');
    const url = new URL(reportUrl(job.record), 'http://x');
    const parsed = parseReportQuery(url.search.slice(1), {
      timeZone: 'UTC',
      language: 'en',
      maxSpanDays: 31,
      now: at,
    });
    expect(parsed).toEqual({ query });
  });
});
