import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInventoryOfDatacenters } from '../../../demo/datacenter/infrastructure.ts';
import { type Config, loadConfig } from '../../../lib/config/config.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { JobQueue, ReportJob, VersionedObjectStore } from '../../../lib/core/ports.ts';
import { composeClaimKey, partKey } from '../../../lib/deliver/fan-out/fan-out-run.ts';
import type { PartJob, PartQueue } from '../../../lib/deliver/queue/part-message.ts';
import { createSqsClient, createSqsQueue } from '../../../lib/deliver/queue/sqs-queue.ts';
import { decodePart } from '../../../lib/pipeline/part-codec.ts';
import { runPartJob } from '../../../lib/runtime/fan-out-jobs.ts';
import { openRuntime, openStore, type Runtime } from '../../../lib/runtime/open-runtime.ts';
import { workerHandler } from '../../../lib/runtime/worker-handler.ts';
import { reportFolder } from '../../../lib/store/keys.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  type SmtpSink,
  smtpEnv,
  startDemo,
  startLocalAws,
  startSmtpSink,
} from '../deliver/local-servers.ts';
import { recordingLogger } from '../functions/recording-logger.ts';

/**
 * A 3-datacenter demo service's weekly job split per datacenter on the local queue (fauxqs),
 * its parts and compose claim in the local S3 (fauxqs), against the APIv6 and OpenTSDB emulators.
 */
const ZONE = 'Europe/Paris';
const week = isoWeekPeriod('2026-W46', ZONE);
const raceWeek = isoWeekPeriod('2026-W45', ZONE);
const inventory = demoInventoryOfDatacenters(3);
const context = {
  getRemainingTimeInMillis: () => 600_000,
  awsRequestId: 'test',
  functionName: 'vscope-reports-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:vscope-reports-test',
  memoryLimitInMB: '2048',
};

let demo: Demo;
let aws: LocalAws;
let smtp: SmtpSink;
let config: Config;
let queue: JobQueue & PartQueue;
let runtime: Runtime;
const sqs = () =>
  createSqsClient({
    region: 'eu-west-3',
    endpoint: aws.endpoint,
    credentials: { accessKeyId: 'local-test-key', secretAccessKey: 'local-test-secret' },
  });

/** Every message on the queue, as the records Lambda's SQS event source makes of them. */
async function receiveAll(): Promise<{ messageId: string; body: string }[]> {
  const client = sqs();
  const records: { messageId: string; body: string }[] = [];
  try {
    for (;;) {
      const out = await client.send(
        new ReceiveMessageCommand({ QueueUrl: aws.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) return records;
      for (const m of messages) {
        records.push({
          messageId: m.MessageId ?? '',
          body: m.Body ?? '',
          receiptHandle: m.ReceiptHandle ?? '',
          attributes: {},
          messageAttributes: {},
          md5OfBody: m.MD5OfBody ?? '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:report-jobs',
          awsRegion: 'eu-west-3',
        } as { messageId: string; body: string });
      }
    }
  } finally {
    client.destroy();
  }
}

const text = async (store: VersionedObjectStore, key: string): Promise<string> => {
  const bytes = await store.get(key);
  if (!bytes) throw new Error(`${key} is missing`);
  return new TextDecoder().decode(bytes);
};

/** report.json's figures: without when and by which version it was made. */
function figures(json: string): unknown {
  const { generatedAt: _at, generator: _by, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

beforeAll(async () => {
  [demo, aws, smtp] = await Promise.all([
    startDemo([raceWeek, week], inventory),
    startLocalAws(),
    startSmtpSink(),
  ]);
  config = loadConfig({
    ...demo.vars,
    ...localAwsEnv(aws, true),
    ...smtpEnv(smtp),
    VSCOPE_OVH_SERVICES: DEMO_SERVICE,
    VSCOPE_MAIL_RECIPIENTS: JSON.stringify({ [DEMO_SERVICE]: { to: ['ops@example.test'], language: 'fr' } }),
  });
  queue = createSqsQueue(sqs(), aws.queueUrl);
  runtime = openRuntime(config, { queue });
}, 120_000);

afterAll(async () => {
  await Promise.all([demo?.close(), aws?.close(), smtp?.close()]);
});

describe('fan-out of a service job per datacenter', () => {
  it('composes the report from the datacenters’ parts with the figures of a one-process build, and mails it once', async () => {
    const logger = recordingLogger();
    // Split whatever the size: the demo is far below the default threshold.
    const worker = workerHandler(runtime, logger, { fanOut: { minPoints: 0 } });
    const job: ReportJob = { kind: 'weekly', serviceName: DEMO_SERVICE, period: week.label, timeZone: ZONE };
    await queue.enqueue([job]);

    const [serviceJob, ...none] = await receiveAll();
    expect(none).toHaveLength(0);
    expect(await worker({ Records: [serviceJob] }, context)).toEqual({ batchItemFailures: [] });
    expect(logger.entries).toEqual([
      expect.objectContaining({ message: 'job fanned out', datacenters: 3, job }),
    ]);
    const partRecords = await receiveAll();
    const parts = partRecords.map((r) => JSON.parse(r.body) as PartJob & { v: number });
    expect(parts.map((p) => [p.kind, p.datacenterTag, p.index, p.count]).sort()).toEqual(
      inventory.datacenters.map((dc, i) => ['part', dc.tag, i, 3]),
    );
    const runId = parts[0]?.runId ?? '';
    expect(new Set(parts.map((p) => p.runId))).toEqual(new Set([runId]));
    expect(smtp.messages).toHaveLength(0);

    // One datacenter job per invocation, as three concurrent Lambdas would run them.
    for (const record of partRecords) {
      expect(await worker({ Records: [record] }, context)).toEqual({ batchItemFailures: [] });
    }
    expect(logger.entries.slice(1).map((e) => e.message)).toEqual([
      'datacenter job part-stored',
      'datacenter job part-stored',
      'datacenter job composed',
    ]);
    expect(logger.entries[3]).toMatchObject({ status: 'delivered' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);

    // Each part is stored under the run, and reads back through its schema.
    const { store } = runtime;
    const stored = await store.list(`runs/${DEMO_SERVICE}/weekly/${week.label}/${runId}/`);
    expect(stored).toHaveLength(4);
    const part1 = parts.find((p) => p.index === 1) as PartJob;
    const decoded = decodePart(await text(store, partKey(part1)), partKey(part1));
    expect(decoded.datacenter.tag).toBe(inventory.datacenters[1]?.tag);
    expect(decoded.datacenter.vms).toHaveLength(inventory.datacenters[1]?.vms.length ?? -1);
    expect(JSON.parse(await text(store, composeClaimKey(part1)))).toMatchObject({ state: 'done' });

    // The same service's report built in one process, stored elsewhere.
    const folder = `one-process/${DEMO_SERVICE}/${week.label}`;
    await runtime.build({ serviceName: DEMO_SERVICE, period: week, language: 'fr', folder });
    const composedFolder = reportFolder(DEMO_SERVICE, week);
    const composed = await text(store, `${composedFolder}/report.json`);
    const whole = await text(store, `${folder}/report.json`);
    const report = JSON.parse(composed) as { datacenters: { name: string }[] };
    expect(report.datacenters.map((dc) => dc.name)).toEqual(inventory.datacenters.map((dc) => dc.name));
    expect(figures(composed)).toEqual(figures(whole));
    // Down to the order of the keys: the same file but for when and by which version it was made.
    expect(JSON.stringify(figures(composed))).toBe(JSON.stringify(figures(whole)));
    expect(await text(store, `${composedFolder}/summaries.json`)).toBe(
      await text(store, `${folder}/summaries.json`),
    );
    const csvs = (await store.list(`${composedFolder}/`)).filter((key) => key.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThan(0);
    for (const key of csvs) {
      expect(await text(store, key)).toBe(await text(store, key.replace(composedFolder, folder)));
    }

    // SQS delivers at least once: a datacenter job again rewrites its part and composes nothing.
    const again = recordingLogger();
    const worker2 = workerHandler(runtime, again, { fanOut: { minPoints: 0 } });
    expect(await worker2({ Records: [partRecords[0]] }, context)).toEqual({ batchItemFailures: [] });
    expect(again.entries).toEqual([
      expect.objectContaining({ message: 'datacenter job composed-elsewhere' }),
    ]);
    // And the service job again finds its report stored: it is not split a second time.
    await queue.enqueue([job]);
    expect(await worker2({ Records: await receiveAll() }, context)).toEqual({ batchItemFailures: [] });
    expect(again.entries[1]).toMatchObject({ message: 'job already-delivered' });
    expect(await receiveAll()).toHaveLength(0);
    expect(smtp.messages).toHaveLength(1);
  }, 180_000);

  it('lets exactly one of two jobs finishing the last parts at once compose', async () => {
    const job: ReportJob = {
      kind: 'weekly',
      serviceName: DEMO_SERVICE,
      period: raceWeek.label,
      timeZone: ZONE,
    };
    const runId = '00000000-0000-4000-8000-000000000045';
    const partOf = (index: number): PartJob => ({
      kind: 'part',
      job,
      runId,
      datacenterTag: inventory.datacenters[index]?.tag ?? '',
      index,
      count: 3,
    });
    const base = openStore(config);
    // The parts' listing waits until both racing jobs have stored their part, so both see all three.
    let stored = 0;
    let release: () => void = () => undefined;
    const bothStored = new Promise<void>((resolve) => {
      release = resolve;
    });
    // fauxqs ignores If-None-Match, and the store's read-before-write check alone is not atomic;
    // S3 makes a conditional PUT atomic, which this lock stands in for.
    let lock: Promise<unknown> = Promise.resolve();
    const racing: VersionedObjectStore = {
      ...base,
      async put(key, body, options) {
        const out = await base.put(key, body, options);
        if (key.includes(`/${runId}/parts/`) && !key.endsWith('0000.json') && ++stored === 2) release();
        return out;
      },
      async list(prefix) {
        if (prefix.includes(`/${runId}/`)) await bothStored;
        return base.list(prefix);
      },
      putIf(key, body, options, condition) {
        const next = lock.then(() => base.putIf(key, body, options, condition));
        lock = next.catch(() => undefined);
        return next;
      },
    };
    const raceRuntime: Runtime = { ...runtime, store: racing };
    // The first datacenter's part is in already: its job found the others missing.
    const first = await runPartJob({ ...runtime }, partOf(0));
    expect(first).toMatchObject({ status: 'part-stored', present: 1, count: 3 });
    const mailsBefore = smtp.messages.length;

    const outcomes = await Promise.all([
      runPartJob(raceRuntime, partOf(1)),
      runPartJob(raceRuntime, partOf(2)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['composed', 'composed-elsewhere']);
    expect(smtp.messages.length - mailsBefore).toBe(1);
    expect(JSON.parse(await text(base, composeClaimKey(partOf(0))))).toMatchObject({ state: 'done' });
    const report = JSON.parse(await text(base, `${reportFolder(DEMO_SERVICE, raceWeek)}/report.json`)) as {
      datacenters: unknown[];
    };
    expect(report.datacenters).toHaveLength(3);
  }, 180_000);
});
