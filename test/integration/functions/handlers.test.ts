import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { isoWeekPeriod, monthPeriod } from '../../../lib/core/period.ts';
import { hashApiKey, newApiKey } from '../../../lib/deliver/http/api-keys.ts';
import { fromHttpApiEvent } from '../../../lib/deliver/http/lambda-http.ts';
import { createSqsClient } from '../../../lib/deliver/queue/sqs-queue.ts';
import { openRuntime } from '../../../lib/runtime/open-runtime.ts';
import { workerHandler } from '../../../lib/runtime/worker-handler.ts';
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
import { recordingLogger } from './recording-logger.ts';

/**
 * The deployed handlers, imported as Lambda imports them — configuration from the environment,
 * parsed at module load — and invoked with the event shapes AWS sends: a schedule, SQS records
 * received from a real (local) queue, and API Gateway HTTP API v2 events.
 */
const week = isoWeekPeriod('2026-W46', 'Europe/Paris');
const KEY = newApiKey();
let demo: Demo;
let aws: LocalAws;
let smtp: SmtpSink;
type Handler = (event: unknown, context?: unknown) => Promise<unknown>;
let weekly: Handler;
let monthly: Handler;
let worker: Handler;
let http: Handler;

const context = {
  getRemainingTimeInMillis: () => 600_000,
  awsRequestId: 'test',
  functionName: 'vscope-reports-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:vscope-reports-test',
  memoryLimitInMB: '1024',
};

async function receiveAll(): Promise<unknown[]> {
  const sqs = createSqsClient({
    region: 'eu-west-3',
    endpoint: aws.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: aws.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      AttributeNames: ['All'],
    }),
  );
  sqs.destroy();
  // The record shape Lambda's SQS event source builds from a received message.
  return (out.Messages ?? []).map((m) => ({
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: m.Attributes ?? {},
    messageAttributes: {},
    md5OfBody: m.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:report-jobs',
    awsRegion: 'eu-west-3',
  }));
}

function httpEvent(path: string, query: string, headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'api.example.test', ...headers },
    requestContext: {
      requestId: 'req-123',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1' },
    },
    isBase64Encoded: false,
  };
}

beforeAll(async () => {
  [demo, aws, smtp] = await Promise.all([startDemo([week]), startLocalAws(), startSmtpSink()]);
  const vars: Record<string, string> = {
    ...demo.vars,
    ...localAwsEnv(aws, true),
    ...smtpEnv(smtp),
    VSCOPE_OVH_SERVICES: DEMO_SERVICE,
    VSCOPE_MAIL_RECIPIENTS: JSON.stringify({ [DEMO_SERVICE]: { to: ['ops@example.test'], language: 'pt' } }),
    VSCOPE_HTTP_API_KEYS: JSON.stringify([{ id: 'ops', sha256: hashApiKey(KEY), services: ['*'] }]),
    // SQS takes the SDK's default credential chain, as on Lambda (the role); here, its variables.
    AWS_ACCESS_KEY_ID: 'local-test-key',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
  };
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  const load = async (name: string) => (await import(`../../../functions/${name}.ts`)).handler as Handler;
  weekly = await load('weekly');
  monthly = await load('monthly');
  worker = await load('worker');
  http = await load('http');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([demo?.close(), aws?.close(), smtp?.close()]);
});

describe('deployed handlers', () => {
  it('fans the weekly run out on the queue, and the worker delivers each job once', async () => {
    const scheduled = await weekly({ period: week.label }, context);
    expect(scheduled).toMatchObject({ week: week.label, mode: 'queued', jobs: 1 });
    const records = await receiveAll();
    expect(records).toHaveLength(1);
    const body = JSON.parse((records[0] as { body: string }).body);
    expect(body).toEqual({
      v: 1,
      kind: 'weekly',
      serviceName: DEMO_SERVICE,
      period: week.label,
      timeZone: 'Europe/Paris',
    });

    const malformed = { ...(records[0] as object), messageId: 'poison', body: '{"v":1,"kind":"weekly"}' };
    expect(await worker({ Records: [...records, malformed] }, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'poison' }],
    });
    // SQS delivers at least once: the same message again sends no second mail.
    expect(await worker({ Records: records }, context)).toEqual({ batchItemFailures: [] });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.subject).toContain('relatório semanal');

    // Each message's outcome is logged, under the invocation's context.
    const logger = recordingLogger();
    const logged = workerHandler(openRuntime(loadConfig(process.env)), logger);
    expect(await logged({ Records: [malformed, ...records] }, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'poison' }],
    });
    expect(logger.contexts).toEqual([context]);
    const messageId = (records[0] as { messageId: string }).messageId;
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'job failed',
        messageId: 'poison',
        code: 'DELIVERY',
      }),
      expect.objectContaining({ level: 'info', messageId, status: 'already-delivered' }),
    ]);
    expect(smtp.messages).toHaveLength(1);
  });

  it('refuses an event that is not an SQS batch', async () => {
    await expect(worker({ Records: [{ body: 'x' }] }, context)).rejects.toThrow();
  });

  it('queues the monthly archive of the last complete month, or of the month it is given', async () => {
    const month = monthPeriod('2026-10', 'Europe/Paris');
    expect(await monthly({ period: month.label }, context)).toMatchObject({
      month: '2026-10',
      mode: 'queued',
      jobs: 1,
    });
    const [record] = await receiveAll();
    expect(JSON.parse((record as { body: string }).body)).toMatchObject({
      kind: 'monthly',
      period: '2026-10',
    });
    await expect(monthly({ period: '2026-W46' }, context)).rejects.toThrow();
  });

  it('answers API Gateway HTTP API events, with binary bodies base64-encoded', async () => {
    const unauthorized = (await http(
      httpEvent('/v1/reports', 'service=x&from=2026-11-09&to=2026-11-16'),
      context,
    )) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['x-request-id']).toBe('req-123');
    const query = `service=${DEMO_SERVICE}&from=2026-11-09&to=2026-11-16&format=json`;
    const json = (await http(
      httpEvent('/v1/reports', query, { Authorization: `Bearer ${KEY}` }),
      context,
    )) as {
      statusCode: number;
      body: string;
      isBase64Encoded: boolean;
    };
    expect(json.statusCode).toBe(200);
    expect(json.isBase64Encoded).toBe(false);
    expect(JSON.parse(json.body).serviceName).toBe(DEMO_SERVICE);
    const pdf = (await http(
      httpEvent('/v1/reports', query.replace('json', 'pdf'), { authorization: `Bearer ${KEY}` }),
      context,
    )) as {
      statusCode: number;
      body: string;
      isBase64Encoded: boolean;
    };
    expect(pdf.isBase64Encoded).toBe(true);
    expect(Buffer.from(pdf.body, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(() => fromHttpApiEvent({ rawPath: '/v1/reports' })).toThrow();
  });
});
