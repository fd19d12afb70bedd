import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../demo/memory-store.ts';
import { hashApiKey, newApiKey } from '../../../../lib/deliver/http/api-keys.ts';
import { PROBLEM_LIMITS } from '../../../../lib/deliver/http/parse-query.ts';
import { API_PATHS, createReportApi } from '../../../../lib/deliver/http/report-api.ts';
import { assertDocumented } from '../../../integration/deliver/http/openapi-check.ts';

/** The transport-free API with an in-memory store; no report is ever produced here. */
const KEY = newApiKey();
const api = createReportApi({
  keys: [{ id: 'ops', sha256: hashApiKey(KEY), services: ['pcc-192-0-2-10'] }],
  store: createMemoryStore(),
  produce: () => Promise.reject(new Error('no report is produced for an invalid request')),
  defaults: { timeZone: 'Europe/Paris', language: 'en' },
  limits: { maxSpanDays: 31, inlineMaxBytes: 1024 * 1024, linkTtlSeconds: 3600 },
  now: () => new Date('2026-12-01T00:00:00Z'),
  clockMs: () => 0,
  logger: { info: () => {}, warn: () => {}, error: () => {} },
});

async function get(rawQuery: string) {
  const request = {
    method: 'GET',
    path: API_PATHS.reports,
    rawQuery,
    headers: { authorization: `Bearer ${KEY}` },
    requestId: 'req-1',
  };
  const response = await api(request);
  const text = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
  return { ...response, text, request };
}

describe('report API problems', () => {
  it('lists 20 problems of 7,000 unknown parameters and counts the rest, in a small body', async () => {
    const rawQuery = Array.from({ length: 7_000 }, (_, i) => `p${i}=x`).join('&');
    const r = await get(rawQuery);
    expect(r.status).toBe(400);
    expect(Buffer.byteLength(r.text)).toBeLessThan(8 * 1024);
    const problem = JSON.parse(r.text);
    expect(problem.errors).toHaveLength(PROBLEM_LIMITS.maxListed);
    expect(problem.errors[0]).toMatchObject({ field: 'p0', rule: 'unknown-parameter' });
    expect(problem.errors[19]).toMatchObject({ field: 'p19', rule: 'unknown-parameter' });
    // 6,980 more unknown parameters, then service, from and to, all required.
    expect(problem.moreErrors).toBe(6_983);
    expect(problem.detail).toMatch(/^p0: Unknown parameter.*And 6983 more problems, not listed\.$/);
    const document = await api({ ...r.request, path: API_PATHS.openapi });
    const openapi = JSON.parse(String(document.body));
    assertDocumented(openapi, API_PATHS.reports, {
      status: r.status,
      contentType: r.headers['content-type'] ?? null,
      body: r.text,
    });
  });

  it('lists every problem and no count when there are 20 or fewer', async () => {
    const r = await get('service=pcc-192-0-2-10&from=2026-11-16&to=x&colour=blue');
    const problem = JSON.parse(r.text);
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['colour', 'to']);
    expect(problem).not.toHaveProperty('moreErrors');
  });

  it('quotes at most 100 characters of an unknown parameter’s name', async () => {
    const name = 'n'.repeat(10_000);
    const r = await get(`service=pcc-192-0-2-10&from=2026-11-16&to=2026-11-23&${name}=1`);
    const problem = JSON.parse(r.text);
    expect(problem.errors).toEqual([expect.objectContaining({ field: `${'n'.repeat(100)}…` })]);
    expect(Buffer.byteLength(r.text)).toBeLessThan(1024);
  });
});
