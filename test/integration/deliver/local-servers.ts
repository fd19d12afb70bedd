/**
 * Local stand-ins for the services the delivery talks to, on 127.0.0.1 with free ports: fauxqs
 * (S3 and SQS), an SMTP server that parses what it receives, and the demo's APIv6 and OpenTSDB
 * emulators. Each returns a close function; tests close everything they start.
 */

import type { AddressInfo } from 'node:net';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import {
  DEMO_CREDENTIALS,
  type DemoEnvironment,
  startDemoEnvironment,
} from '../../../demo/emulators/demo-environment.ts';
import type { Inventory, Period } from '../../../lib/core/types.ts';

export const TEST_BUCKET = 'vscope-test-reports';
export const TEST_CREDENTIALS = {
  accessKeyId: 'local-test-key',
  secretAccessKey: 'local-test-secret',
} as const;

export interface LocalAws {
  readonly endpoint: string;
  readonly bucket: string;
  readonly queueUrl: string;
  readonly server: FauxqsServer;
  close(): Promise<void>;
}

/** fauxqs with one bucket and one queue. */
export async function startLocalAws(queueName = 'report-jobs'): Promise<LocalAws> {
  // `host` only names queues (http://sqs.<region>.localhost:<port>/...); the server listens on loopback.
  const server = await startFauxqs({ port: 0, host: 'localhost', logger: false });
  server.createBucket(TEST_BUCKET);
  const { queueUrl } = server.createQueue(queueName);
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    bucket: TEST_BUCKET,
    queueUrl,
    server,
    close: () => server.stop(),
  };
}

/** Configuration variables pointing the S3 store (and the queue, if given) at fauxqs. */
export function localAwsEnv(aws: LocalAws, withQueue = false): Record<string, string> {
  return {
    VSCOPE_STORAGE_KIND: 's3',
    VSCOPE_S3_BUCKET: aws.bucket,
    VSCOPE_S3_ENDPOINT: aws.endpoint,
    VSCOPE_S3_REGION: 'eu-west-3',
    VSCOPE_S3_FORCE_PATH_STYLE: 'true',
    VSCOPE_S3_CHECKSUMS: 'when-required',
    VSCOPE_S3_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    VSCOPE_S3_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    ...(withQueue
      ? {
          VSCOPE_QUEUE_URL: aws.queueUrl,
          VSCOPE_QUEUE_ENDPOINT: aws.endpoint,
          VSCOPE_QUEUE_REGION: 'eu-west-3',
        }
      : {}),
  };
}

export interface SmtpSink {
  readonly port: number;
  readonly messages: ParsedMail[];
  /** Envelope recipients of each message, in order. */
  readonly envelopes: string[][];
  close(): Promise<void>;
}

/** An SMTP server that parses every message it accepts. Plain SMTP unless options say otherwise. */
export async function startSmtpSink(options: Partial<SMTPServerOptions> = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push(parsed);
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    envelopes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Configuration variables for plain SMTP to the sink. */
export function smtpEnv(sink: SmtpSink): Record<string, string> {
  return {
    VSCOPE_SMTP_HOST: '127.0.0.1',
    VSCOPE_SMTP_PORT: String(sink.port),
    VSCOPE_SMTP_TLS: 'none',
    VSCOPE_MAIL_FROM: 'vScope reports <reports@example.test>',
  };
}

export interface Demo {
  readonly env: DemoEnvironment;
  /** Configuration variables for the production path against the emulators. */
  readonly vars: Record<string, string>;
  close(): Promise<void>;
}

const DAY = 86_400;

/**
 * The demo datacenter's emulators, with data covering `periods` (a day of margin each side);
 * `inventory` serves another service than the demo's one datacenter.
 */
export async function startDemo(periods: readonly Period[], inventory?: Inventory): Promise<Demo> {
  const from = Math.min(...periods.map((p) => p.startMs)) / 1000 - DAY;
  const to = Math.max(...periods.map((p) => p.endMs)) / 1000 + DAY;
  const env = await startDemoEnvironment({
    range: { fromSec: from, toSec: to, anchorSec: to - DAY },
    ...(inventory ? { inventory } : {}),
  });
  const untrust = trustCertificate(env.apiv6.ca);
  return {
    env,
    vars: {
      VSCOPE_OVH_HOST: env.apiv6.host,
      VSCOPE_OVH_PORT: String(env.apiv6.port),
      VSCOPE_OVH_APP_KEY: DEMO_CREDENTIALS.appKey,
      VSCOPE_OVH_APP_SECRET: DEMO_CREDENTIALS.appSecret,
      VSCOPE_OVH_CONSUMER_KEY: DEMO_CREDENTIALS.consumerKey,
      VSCOPE_OVH_METRICS_USER_ID: String(DEMO_CREDENTIALS.metricsUserId),
    },
    async close() {
      untrust();
      await env.close();
    },
  };
}

export const DEMO_SERVICE = 'pcc-192-0-2-10';
