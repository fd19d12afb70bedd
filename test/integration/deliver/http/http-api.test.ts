import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../../../bin/node-server.ts';
import { loadConfig } from '../../../../lib/config/config.ts';
import { customPeriod } from '../../../../lib/core/period.ts';
import { hashApiKey, newApiKey } from '../../../../lib/deliver/http/api-keys.ts';
import { PROBLEM_TYPES } from '../../../../lib/deliver/http/problem.ts';
import { createHttpApi } from '../../../../lib/runtime/http-api.ts';
import { openRuntime } from '../../../../lib/runtime/open-runtime.ts';
import { recordingLogger } from '../../functions/recording-logger.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  startDemo,
  startLocalAws,
} from '../local-servers.ts';
import { assertDocumented } from './openapi-check.ts';

/**
 * The HTTP API on 127.0.0.1 over the demo emulators and a local S3 server. Every response is
 * checked against the OpenAPI document the API itself serves.
 */
const week = customPeriod('2026-11-09', '2026-11-16', 'Europe/Paris');
const NOW = new Date('2026-12-01T00:00:00Z');
const KEY = newApiKey();
const NARROW_KEY = newApiKey();
let demo: Demo;
let aws: LocalAws;
let api: ApiServer;
let smallBodies: ApiServer;
let brokenUpstream: ApiServer;
let openapi: Record<string, unknown>;
const logger = recordingLogger();
const logged = logger.entries;
/** Latency as the API measures it: each server's clock moves 7 ms every time it is read. */
const STEP_MS = 7;

async function serve(vars: Record<string, string>): Promise<ApiServer> {
  const config = loadConfig({
    ...demo.vars,
    ...localAwsEnv(aws),
    VSCOPE_HTTP_API_KEYS: JSON.stringify([
      { id: 'ops', sha256: hashApiKey(KEY), services: [DEMO_SERVICE] },
      { id: 'other-team', sha256: hashApiKey(NARROW_KEY), services: ['pcc-203-0-113-7'] },
    ]),
    ...vars,
  });
  const runtime = openRuntime(config, { mailer: null, queue: null, now: () => NOW });
  let clock = 0;
  return startApiServer(createHttpApi(runtime, { logger, clockMs: () => (clock += STEP_MS) }));
}

async function get(server: ApiServer, path: string, key: string | null = KEY, check = true) {
  const response = await fetch(`${server.url}${path}`, {
    redirect: 'manual',
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const body = Buffer.from(await response.arrayBuffer());
  const result = { status: response.status, headers: response.headers, body, text: body.toString('utf8') };
  if (check && response.status !== 303) {
    assertDocumented(openapi, path.split('?')[0] ?? '', {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: result.text,
    });
  }
  return result;
}

const reports = (query: string) => `/v1/reports?${query}`;

/** The one line logged for the request answered with `requestId`. */
function requestLine(requestId: string) {
  const lines = logged.filter((e) => e.message === 'request' && e.requestId === requestId);
  expect(lines).toHaveLength(1);
  return lines[0] as (typeof lines)[number];
}
const base = `service=${DEMO_SERVICE}&from=2026-11-09&to=2026-11-16&tz=Europe/Paris`;

beforeAll(async () => {
  [demo, aws] = await Promise.all([startDemo([week]), startLocalAws()]);
  api = await serve({});
  smallBodies = await serve({ VSCOPE_HTTP_INLINE_MAX_KB: '1' });
  brokenUpstream = await serve({ VSCOPE_OVH_PORT: '1' });
  openapi = JSON.parse((await get(api, '/v1/openapi.json', null, false)).text);
});

afterAll(async () => {
  await Promise.all([api?.close(), smallBodies?.close(), brokenUpstream?.close()]);
  await Promise.all([demo?.close(), aws?.close()]);
});

describe('GET /v1/reports', () => {
  it('serves its OpenAPI document without a key', async () => {
    const r = await get(api, '/v1/openapi.json', null, false);
    expect(r.status).toBe(200);
    expect(openapi).toMatchObject({
      openapi: '3.1.0',
      paths: { '/v1/reports': { get: { operationId: 'getReport' } } },
    });
  });

  it('answers 401 without a key or with an unknown one, the same way', async () => {
    const none = await get(api, reports(base), null);
    const bad = await get(api, reports(base), newApiKey());
    const malformed = await get(api, reports(base), 'not a key');
    for (const r of [none, bad, malformed]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="vscope-reports"');
    }
    expect({ ...JSON.parse(bad.text), requestId: '' }).toEqual({ ...JSON.parse(none.text), requestId: '' });
  });

  it('answers 403 for a service the key may not read, whether or not it exists', async () => {
    const existing = await get(api, reports(base), NARROW_KEY);
    const missing = await get(api, reports(base.replace(DEMO_SERVICE, 'pcc-does-not-exist')), NARROW_KEY);
    expect([existing.status, missing.status]).toEqual([403, 403]);
    expect({ ...JSON.parse(existing.text), requestId: '' }).toEqual({
      ...JSON.parse(missing.text),
      requestId: '',
    });
  });

  it.each([
    ['an unknown parameter', `${base}&colour=blue`, 'colour', 'unknown-parameter'],
    ['a repeated parameter', `${base}&format=json&format=pdf`, 'format', 'duplicate-parameter'],
    ['a missing service', 'from=2026-11-09&to=2026-11-16', 'service', 'required'],
    ['a malformed date', base.replace('2026-11-09', '09/11/2026'), 'from', 'date-time'],
    ['an impossible date', base.replace('2026-11-09', '2026-02-30'), 'from', 'date-time'],
    ['an end before the start', base.replace('to=2026-11-16', 'to=2026-11-01'), 'to', 'range-order'],
    ['a span over the maximum', base.replace('from=2026-11-09', 'from=2026-09-01'), 'to', 'max-span'],
    ['a range not yet ended', base.replace('to=2026-11-16', 'to=2026-12-02'), 'to', 'not-in-future'],
    ['an unknown time zone', base.replace('Europe/Paris', 'Mars/Olympus'), 'tz', 'time-zone'],
    ['an unknown format', `${base}&format=docx`, 'format', 'enum'],
    ['an unknown language', `${base}&lang=de`, 'lang', 'enum'],
    ['a table without csv', `${base}&table=vms`, 'table', 'csv-only'],
  ])('answers 400 naming the field and the rule for %s', async (_, query, field, rule) => {
    const r = await get(api, reports(query));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).errors).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('builds the JSON report once and reuses the stored artefact for the same request', async () => {
    const before = demo.env.opentsdbStats.requests;
    const first = await get(api, reports(`${base}&format=json`));
    const afterFirst = demo.env.opentsdbStats.requests;
    const second = await get(
      api,
      reports(`tz=Europe/Paris&format=json&to=2026-11-16&from=2026-11-09&service=${DEMO_SERVICE}`),
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(afterFirst).toBeGreaterThan(before);
    expect(demo.env.opentsdbStats.requests).toBe(afterFirst);
    expect(second.text).toBe(first.text);
    const model = JSON.parse(first.text);
    expect(model.serviceName).toBe(DEMO_SERVICE);
    expect(model.period.label).toBe(week.label);
    expect((await aws.server.inspectQueue('report-jobs'))?.messages.ready ?? []).toHaveLength(0);
  });

  it('answers a body above the inline limit with 303 to a presigned URL', async () => {
    const r = await get(smallBodies, reports(`${base}&format=pdf`));
    expect(r.status).toBe(303);
    const location = r.headers.get('location') ?? '';
    expect(location).toContain('X-Amz-Signature=');
    const pdf = Buffer.from(await (await fetch(location)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves the PDF, the HTML and a CSV table of one datacenter', async () => {
    const dc = demo.env.inventory.datacenters[0];
    const one = `${base}&datacenter=${dc?.datacenterId}`;
    const pdf = await get(api, reports(`${one}&format=pdf`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline; filename="vscope-.*\.pdf"$/);
    const html = await get(api, reports(`${one}&format=html&lang=fr`));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('lang="fr"');
    const csv = await get(api, reports(`${one}&format=csv&table=vms`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('answers 404 for a datacenter the service does not have', async () => {
    const r = await get(api, reports(`${base}&datacenter=999999`));
    expect(r.status).toBe(404);
    expect(JSON.parse(r.text).detail).toContain('999999');
  });

  it('answers 502 with a request id and no internals when an upstream service fails', async () => {
    // A request not served before: a stored artefact would be answered without the upstream.
    const r = await get(brokenUpstream, reports(`${base.replace('2026-11-09', '2026-11-10')}&format=json`));
    expect(r.status).toBe(502);
    const problem = JSON.parse(r.text);
    expect(problem.requestId).toBe(r.headers.get('x-request-id'));
    expect(r.text).not.toMatch(/127\.0\.0\.1|APIv6|ECONNREFUSED|dedicatedCloud/);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'error', requestId: problem.requestId, code: 'INVENTORY' }),
    );
    expect(requestLine(problem.requestId)).toMatchObject({
      level: 'error',
      status: 502,
      apiKey: 'ops',
      problemType: PROBLEM_TYPES.upstream,
    });
  });

  it('logs every request: method, path, status, latency, key id and problem type, never the key', async () => {
    const answered = [
      await get(api, '/v1/openapi.json', null, false),
      await get(api, reports(`${base}&format=json`)),
      await get(api, reports(base), newApiKey()),
      await get(api, reports(`${base}&colour=blue`)),
      await get(api, reports(base), NARROW_KEY),
      await get(api, '/v2/reports', null, false),
    ];
    const lines = answered.map((r) => requestLine(r.headers.get('x-request-id') ?? ''));
    expect(
      lines.map(({ level, status, apiKey, problemType }) => ({ level, status, apiKey, problemType })),
    ).toEqual([
      { level: 'info', status: 200, apiKey: null, problemType: undefined },
      { level: 'info', status: 200, apiKey: 'ops', problemType: undefined },
      { level: 'warn', status: 401, apiKey: null, problemType: PROBLEM_TYPES.unauthorized },
      { level: 'warn', status: 400, apiKey: 'ops', problemType: PROBLEM_TYPES.invalid },
      { level: 'warn', status: 403, apiKey: 'other-team', problemType: PROBLEM_TYPES.forbidden },
      { level: 'warn', status: 404, apiKey: null, problemType: PROBLEM_TYPES.notFound },
    ]);
    for (const line of lines) expect(line).toMatchObject({ method: 'GET', latencyMs: STEP_MS });
    expect(lines.map((l) => l.path)).toEqual([
      '/v1/openapi.json',
      '/v1/reports',
      '/v1/reports',
      '/v1/reports',
      '/v1/reports',
      '/v2/reports',
    ]);
    const everything = JSON.stringify(logged);
    for (const secret of [KEY, NARROW_KEY, hashApiKey(KEY)]) expect(everything).not.toContain(secret);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await fetch(`${api.url}/v2/reports`)).status).toBe(404);
    const post = await fetch(`${api.url}/v1/reports`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});
