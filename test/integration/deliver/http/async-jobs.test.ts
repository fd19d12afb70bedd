import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../../../bin/node-server.ts';
import { type Config, loadConfig } from '../../../../lib/config/config.ts';
import { customPeriod } from '../../../../lib/core/period.ts';
import type { QueuedJob, ReportBuilder } from '../../../../lib/core/ports.ts';
import { hashApiKey, newApiKey } from '../../../../lib/deliver/http/api-keys.ts';
import { claimJob, jobIdOf } from '../../../../lib/deliver/http/job-record.ts';
import { locateArtefact } from '../../../../lib/deliver/http/on-demand.ts';
import { INLINE_LEASE_MS } from '../../../../lib/deliver/http/on-demand-jobs.ts';
import { parseReportQuery } from '../../../../lib/deliver/http/parse-query.ts';
import { PROBLEM_TYPES } from '../../../../lib/deliver/http/problem.ts';
import { createSqsClient, createSqsQueue } from '../../../../lib/deliver/queue/sqs-queue.ts';
import { createHttpApi } from '../../../../lib/runtime/http-api.ts';
import { openRuntime, type Runtime } from '../../../../lib/runtime/open-runtime.ts';
import { openOvhApi, type SourcesOpener, sourcesOpener } from '../../../../lib/runtime/open-sources.ts';
import { workerHandler } from '../../../../lib/runtime/worker-handler.ts';
import { jobKey } from '../../../../lib/store/keys.ts';
import { recordingLogger } from '../../functions/recording-logger.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  startDemo,
  startLocalAws,
  TEST_CREDENTIALS,
} from '../local-servers.ts';
import { assertDocumented } from './openapi-check.ts';

/**
 * Asynchronous on-demand reports over the real node server, the local S3 and SQS server and the
 * demo emulators: 202 with a job to poll, the worker (the SQS handler, fed the messages received
 * from the local queue) builds it, the job answers its progress, then 303 to the artefact.
 * Builds are counted through the runtime's builder, wrapped; the clock is injected.
 */
const week = customPeriod('2026-11-09', '2026-11-16', 'Europe/Paris');
const KEY = newApiKey();
const NARROW_KEY = newApiKey();
const LEASE_SECONDS = 900;
let nowMs = Date.parse('2026-12-01T00:00:00Z');
const now = () => new Date(nowMs);
let demo: Demo;
let aws: LocalAws;
let openapi: Record<string, unknown>;
const servers: ApiServer[] = [];
const logger = recordingLogger();
const sqs = () =>
  createSqsClient({ region: 'eu-west-3', endpoint: aws.endpoint, credentials: { ...TEST_CREDENTIALS } });

function configOf(vars: Record<string, string> = {}): Config {
  return loadConfig({
    ...demo.vars,
    ...localAwsEnv(aws, true),
    VSCOPE_HTTP_API_KEYS: JSON.stringify([
      { id: 'ops', sha256: hashApiKey(KEY), services: [DEMO_SERVICE] },
      { id: 'other-team', sha256: hashApiKey(NARROW_KEY), services: ['pcc-203-0-113-7'] },
    ]),
    VSCOPE_SCHEDULE_LEASE_SECONDS: String(LEASE_SECONDS),
    ...vars,
  });
}

/** A runtime whose builds are counted, over the local S3 and SQS (or the queue given). */
function runtimeOf(
  options: { vars?: Record<string, string>; openSources?: SourcesOpener; queue?: Runtime['queue'] } = {},
) {
  const config = configOf(options.vars);
  const queue = options.queue === undefined ? createSqsQueue(sqs(), aws.queueUrl) : options.queue;
  const runtime = openRuntime(config, {
    mailer: null,
    queue,
    now,
    ...(options.openSources ? { openSources: options.openSources } : {}),
  });
  const counted = { builds: 0 };
  const build: ReportBuilder = (request, signal, onProgress) => {
    counted.builds++;
    return runtime.build(request, signal, onProgress);
  };
  return { runtime: { ...runtime, build } as Runtime, counted };
}

async function serve(runtime: Runtime): Promise<ApiServer> {
  const server = await startApiServer(createHttpApi(runtime, { logger, clockMs: () => 0 }));
  servers.push(server);
  return server;
}

async function get(server: ApiServer, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    redirect: 'manual',
    headers: { authorization: `Bearer ${KEY}`, ...headers },
  });
  const text = await response.text();
  const documentedPath = path.startsWith('/v1/jobs/') ? '/v1/jobs/{id}' : (path.split('?')[0] ?? '');
  assertDocumented(openapi, documentedPath, {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text,
  });
  return { status: response.status, headers: response.headers, text };
}

const ASYNC = { prefer: 'respond-async' };
const query = (extra: string) =>
  `/v1/reports?service=${DEMO_SERVICE}&from=2026-11-09&to=2026-11-16&tz=Europe/Paris&${extra}`;

/**
 * Receives every message waiting on the local queue, as Lambda's SQS event records, and deletes
 * them (as Lambda does once handled), so none comes back in a later test.
 */
async function receive() {
  const client = sqs();
  const out = await client.send(
    new ReceiveMessageCommand({ QueueUrl: aws.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  const handles = (out.Messages ?? []).map((m, i) => ({
    Id: String(i),
    ReceiptHandle: m.ReceiptHandle ?? '',
  }));
  if (handles.length > 0) {
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: aws.queueUrl, Entries: handles }));
  }
  client.destroy();
  return (out.Messages ?? []).map((m) => ({
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    eventSource: 'aws:sqs',
  }));
}

/** Runs the worker over the records as Lambda would, and answers its partial-batch response. */
function work(runtime: Runtime, records: readonly { messageId: string; body: string }[]) {
  return workerHandler(runtime, logger)({ Records: records });
}

/** Polls `path` until `done` holds of the answer (the build runs concurrently). */
async function until(
  server: ApiServer,
  path: string,
  done: (answer: Awaited<ReturnType<typeof get>>) => boolean,
) {
  for (let attempt = 0; attempt < 500; attempt++) {
    const answer = await get(server, path);
    if (done(answer)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} never reached the expected state`);
}

beforeAll(async () => {
  [demo, aws] = await Promise.all([startDemo([week]), startLocalAws()]);
  const probe = await serve(runtimeOf().runtime);
  openapi = (await (await fetch(`${probe.url}/v1/openapi.json`)).json()) as Record<string, unknown>;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([demo?.close(), aws?.close()]);
});

describe('asynchronous on-demand reports', () => {
  it('answers Prefer: respond-async with 202 and a job, 200 with its progress, then 303 to the artefact', async () => {
    // The worker's inventory waits for a gate, so the job is seen running mid-build.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const config = configOf();
    const real = sourcesOpener(config, () => openOvhApi(config));
    const gated: SourcesOpener = async (service, signal) => {
      const sources = await real(service, signal);
      const inventory = {
        load: async (s?: AbortSignal) => {
          await gate;
          return sources.inventory.load(s);
        },
      };
      return { ...sources, inventory };
    };
    const api = runtimeOf();
    const worker = runtimeOf({ openSources: gated });
    const server = await serve(api.runtime);

    const accepted = await get(server, query('format=json&lang=fr'), ASYNC);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('preference-applied')).toBe('respond-async');
    const location = accepted.headers.get('location') ?? '';
    expect(location).toMatch(/^\/v1\/jobs\/[0-9a-f]{24}$/);
    const job = JSON.parse(accepted.text);
    expect(job).toMatchObject({ status: 'queued', progress: { stage: 'queued' } });
    expect(job.request).toMatchObject({ service: DEMO_SERVICE, format: 'json', lang: 'fr' });
    expect(accepted.text).not.toContain(KEY);

    const queued = await get(server, location);
    expect([queued.status, JSON.parse(queued.text).status]).toEqual([200, 'queued']);
    // Without a key 401; to a key of another service, and for an unknown id, the same 404.
    expect((await get(server, location, { authorization: '' })).status).toBe(401);
    const foreign = await get(server, location, { authorization: `Bearer ${NARROW_KEY}` });
    const unknown = await get(server, `/v1/jobs/${'0'.repeat(24)}`);
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.text).not.toContain(DEMO_SERVICE);

    const records = await receive();
    expect(records.map((r) => JSON.parse(r.body))).toEqual([{ v: 1, kind: 'adhoc', jobId: job.id }]);
    const working = work(worker.runtime, records);
    const running = await until(server, location, (a) => JSON.parse(a.text).progress?.stage === 'discover');
    expect(JSON.parse(running.text)).toMatchObject({ status: 'running', progress: { stage: 'discover' } });
    open();
    expect(await working).toEqual({ batchItemFailures: [] });
    expect([api.counted.builds, worker.counted.builds]).toEqual([0, 1]);

    const done = await get(server, location);
    expect(done.status).toBe(303);
    const artefact = done.headers.get('location') ?? '';
    expect(artefact).toContain('X-Amz-Signature=');
    const model = (await (await fetch(artefact)).json()) as {
      serviceName: string;
      period: { label: string };
    };
    expect([model.serviceName, model.period.label]).toEqual([DEMO_SERVICE, week.label]);
    // The same request now answers from the stored artefact, synchronously.
    const again = await get(server, query('format=json&lang=fr'), ASYNC);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).serviceName).toBe(DEMO_SERVICE);
  });

  it('answers 202 without being asked when the planned points exceed the synchronous budget', async () => {
    const { runtime, counted } = runtimeOf({ vars: { VSCOPE_HTTP_SYNC_MAX_POINTS: '1000' } });
    const server = await serve(runtime);
    const r = await get(server, query('format=json&lang=pt'));
    expect(r.status).toBe(202);
    expect(r.headers.get('preference-applied')).toBeNull();
    expect(counted.builds).toBe(0);
    const records = await receive();
    expect(records).toHaveLength(1);
    expect(await work(runtime, records)).toEqual({ batchItemFailures: [] });
    expect((await get(server, r.headers.get('location') ?? '')).status).toBe(303);
  });

  it('shares one build among ten identical concurrent requests, and a second instance joins the job', async () => {
    const first = runtimeOf();
    const second = runtimeOf();
    const [a, b] = [await serve(first.runtime), await serve(second.runtime)];
    const path = query('format=csv&table=hosts');
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(a, path, ASYNC)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(202));
    const locations = new Set(answers.map((r) => r.headers.get('location')));
    expect(locations.size).toBe(1);
    const joined = await get(b, path, ASYNC);
    expect(joined.status).toBe(202);
    expect(joined.headers.get('location')).toBe(answers[0]?.headers.get('location'));

    const records = await receive();
    expect(records).toHaveLength(1);
    expect(await work(second.runtime, records)).toEqual({ batchItemFailures: [] });
    expect(first.counted.builds + second.counted.builds).toBe(1);
    const done = await get(a, answers[0]?.headers.get('location') ?? '');
    expect(done.status).toBe(303);
    const csv = await (await fetch(done.headers.get('location') ?? '')).text();
    expect(csv.split('\n')[0]).toContain(',');
  });

  it('builds once for ten identical concurrent synchronous requests', async () => {
    const { runtime, counted } = runtimeOf();
    const server = await serve(runtime);
    const path = query(`format=json&lang=en&datacenter=${demo.env.inventory.datacenters[0]?.datacenterId}`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(server, path)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((r) => r.text)).size).toBe(1);
    expect(counted.builds).toBe(1);
    expect(await receive()).toHaveLength(0);
  });

  it('answers a failed build with problem+json, without internals', async () => {
    const { runtime } = runtimeOf();
    // The worker's APIv6 refuses connections: the build fails upstream.
    const broken = runtimeOf({ vars: { VSCOPE_OVH_PORT: '1' } });
    const server = await serve(runtime);
    const accepted = await get(server, query('format=html&lang=pt'), ASYNC);
    expect(accepted.status).toBe(202);
    expect(await work(broken.runtime, await receive())).toEqual({ batchItemFailures: [] });
    const failed = await get(server, accepted.headers.get('location') ?? '');
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    const problem = JSON.parse(failed.text);
    expect(problem.type).toBe(PROBLEM_TYPES.upstream);
    expect(problem.requestId).toBe(failed.headers.get('x-request-id'));
    expect(failed.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
    // The record holds no secret either.
    const record = await runtime.store.get(jobKey(JSON.parse(accepted.text).id));
    const text = new TextDecoder().decode(record ?? new Uint8Array());
    for (const secret of Object.values(demo.vars)) if (secret.length > 8) expect(text).not.toContain(secret);
    expect(text).not.toContain(KEY);
    // The next identical request, even unasked, retries it on the worker rather than in the request.
    const retried = await get(server, query('format=html&lang=pt'));
    expect(retried.status).toBe(202);
    expect(retried.headers.get('location')).toBe(accepted.headers.get('location'));
    expect(JSON.parse(retried.text).status).toBe('queued');
    expect(await receive()).toHaveLength(1);
  });

  it('takes over a job whose claim is older than the lease', async () => {
    const { runtime, counted } = runtimeOf();
    const server = await serve(runtime);
    const path = query(
      `format=json&lang=pt&datacenter=${encodeURIComponent(demo.env.inventory.datacenters[0]?.name ?? '')}`,
    );
    const accepted = await get(server, path, ASYNC);
    const location = accepted.headers.get('location') ?? '';
    const lost = await receive(); // the message is lost: no worker ever runs it
    expect(lost).toHaveLength(1);
    expect((await get(server, path, ASYNC)).status).toBe(202);
    expect(await receive()).toHaveLength(0);

    nowMs += (LEASE_SECONDS + 1) * 1000;
    const stopped = await get(server, location);
    expect(stopped.status).toBe(500);
    const retaken = await get(server, path, ASYNC);
    expect(retaken.status).toBe(202);
    expect(retaken.headers.get('location')).toBe(location);
    const createdAgain = JSON.parse(retaken.text).createdAt;
    expect(createdAgain).toBe(new Date(nowMs).toISOString());
    const records = await receive();
    expect(records).toHaveLength(1);
    // The lost message comes back too (SQS redelivers): the job is then done and not built again.
    expect(await work(runtime, [...records, ...lost])).toEqual({ batchItemFailures: [] });
    expect(counted.builds).toBe(1);
    expect((await get(server, location)).status).toBe(303);
  });

  it('takes over, after a minute, a build whose HTTP invocation died', async () => {
    const { runtime, counted } = runtimeOf();
    const server = await serve(runtime);
    const path = query('format=json&lang=fr&tz=UTC').replace('tz=Europe/Paris&', '');
    const parsed = parseReportQuery(path.split('?')[1] ?? '', {
      timeZone: 'UTC',
      language: 'en',
      maxSpanDays: 31,
      now: now(),
    });
    if (!('query' in parsed)) throw new Error('the query parses');
    // What an invocation leaves when it dies mid-build: a running claim with the inline lease.
    const dead = await claimJob(runtime.store, {
      query: parsed.query,
      artefactKey: locateArtefact(parsed.query).key,
      state: 'running',
      now: now(),
      leaseMs: INLINE_LEASE_MS,
    });
    expect(dead).not.toBeNull();
    const joined = await get(server, path);
    expect([joined.status, JSON.parse(joined.text).status]).toEqual([202, 'running']);
    nowMs += INLINE_LEASE_MS;
    const built = await get(server, path);
    expect(built.status).toBe(200);
    expect(JSON.parse(built.text).serviceName).toBe(DEMO_SERVICE);
    expect(counted.builds).toBe(1);
    expect(await receive()).toHaveLength(0);
  });

  it('lets exactly one of two instances over the same folder claim a job', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vscope-async-'));
    const enqueued: QueuedJob[] = [];
    const queue = {
      async enqueue(jobs: readonly QueuedJob[]) {
        enqueued.push(...jobs);
        return { enqueued: jobs.length };
      },
    };
    const vars = { VSCOPE_STORAGE_KIND: 'fs', VSCOPE_OUTPUT_DIR: out };
    const [a, b] = [
      await serve(runtimeOf({ vars, queue }).runtime),
      await serve(runtimeOf({ vars, queue }).runtime),
    ];
    const path = query('format=json&lang=en&tz=UTC').replace('tz=Europe/Paris&', '');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get(i % 2 === 0 ? a : b, path, ASYNC)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((r) => r.headers.get('location'))).size).toBe(1);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toEqual({ kind: 'adhoc', jobId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(answers[0]?.headers.get('location')).toBe(`/v1/jobs/${(enqueued[0] as { jobId: string }).jobId}`);
    expect(jobIdOf('x')).not.toBe(jobIdOf('y'));
  });
});
