import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { DeliveryError, StoreError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod, monthPeriod } from '../../../lib/core/period.ts';
import { readStoredReport } from '../../../lib/deliver/published-report.ts';
import { openRuntime, type Runtime } from '../../../lib/runtime/open-runtime.ts';
import { runJob } from '../../../lib/runtime/report-jobs.ts';
import { archiveKey, deliveryMarkerKey, reportFolder } from '../../../lib/store/keys.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  startDemo,
  startLocalAws,
} from './local-servers.ts';

/**
 * The weekly delivery and the monthly archive end to end — emulators → pipeline → S3 (fauxqs
 * behind a fault-injecting proxy) → SMTP (smtp-server that refuses or hangs up as scripted) —
 * through failures and their retries: a run that fails leaves no report visible as complete, its
 * delivery marker `failed` and nobody mailed; the retry reuses what is complete and mails once.
 */
const week = isoWeekPeriod('2026-W46', 'Europe/Paris');
const month = monthPeriod('2026-10', 'Europe/Paris');
const folder = reportFolder(DEMO_SERVICE, week);
type RelayMode = 'accept' | 'rcpt-450' | 'rcpt-550' | 'data-451' | 'data-554' | 'hang-up';

let demo: Demo;
let aws: LocalAws;
let proxy: FaultProxy;
let runtime: Runtime;
let relay: SMTPServer;
let relayPort: number;
let mode: RelayMode = 'accept';
const received: string[] = [];

const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

async function startRelay(): Promise<void> {
  relay = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(_address, _session, callback) {
      if (mode === 'rcpt-450') return callback(refusal(450, 'Mailbox busy, try again later'));
      if (mode === 'rcpt-550') return callback(refusal(550, 'No such user'));
      callback();
    },
    onData(stream, _session, callback) {
      if (mode === 'hang-up') {
        // The connection drops while the message is being sent: no reply to DATA ever comes.
        stream.once('data', () => {
          for (const c of (relay as unknown as { connections: Set<{ _socket: { destroy(): void } }> })
            .connections) {
            c._socket.destroy();
          }
        });
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          if (mode === 'data-451') return callback(refusal(451, 'Local error in processing'));
          if (mode === 'data-554') return callback(refusal(554, 'Message rejected'));
          received.push(parsed.subject ?? '');
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.server.address() as AddressInfo).port;
}

const job = {
  kind: 'weekly',
  serviceName: DEMO_SERVICE,
  period: week.label,
  timeZone: week.timeZone,
} as const;
const monthJob = { ...job, kind: 'monthly', period: month.label } as const;

async function marker(): Promise<{ state: string; error?: string }> {
  const bytes = await runtime.store.get(deliveryMarkerKey(DEMO_SERVICE, week));
  return JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  [demo, aws] = await Promise.all([startDemo([week, month]), startLocalAws(), startRelay()]);
  proxy = await startFaultProxy(aws.endpoint);
  runtime = openRuntime(
    loadConfig({
      ...demo.vars,
      ...localAwsEnv(aws),
      VSCOPE_S3_ENDPOINT: proxy.url,
      VSCOPE_SMTP_HOST: '127.0.0.1',
      VSCOPE_SMTP_PORT: String(relayPort),
      VSCOPE_SMTP_TLS: 'none',
      VSCOPE_SMTP_TIMEOUT_MS: '30000',
      VSCOPE_MAIL_FROM: 'vScope reports <reports@example.test>',
      VSCOPE_MAIL_RECIPIENTS: JSON.stringify({ [DEMO_SERVICE]: { to: ['ops@example.test'] } }),
    }),
  );
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([
    demo?.close(),
    aws?.close(),
    relay ? new Promise<void>((resolve) => relay.close(() => resolve())) : undefined,
  ]);
});

describe('weekly delivery and monthly archive under S3 and SMTP faults', () => {
  it('fails a run whose report.html is refused with 503, leaving no complete set, a failed marker and no mail', async () => {
    proxy.push({
      fault: { kind: 'status', status: 503 },
      match: (r) => r.method === 'PUT' && r.url.includes(`${folder}/report.html`),
      times: Number.POSITIVE_INFINITY,
    });
    try {
      const error = await failure(() => runJob(runtime, job));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toContain('report.html');
    } finally {
      proxy.clear();
    }
    const keys = await runtime.store.list(`${folder}/`);
    expect(keys).toContain(`${folder}/report.pdf`);
    expect(keys).not.toContain(`${folder}/report.html`);
    expect(keys).not.toContain(`${folder}/summaries.json`);
    expect(await readStoredReport(runtime.store, DEMO_SERVICE, week)).toBeNull();
    expect(await marker()).toMatchObject({ state: 'failed', error: 'STORE' });
    expect(received).toEqual([]);
  });

  it.each([
    ['refuses the recipient with 450', 'rcpt-450'],
    ['refuses the recipient with 550', 'rcpt-550'],
    ['refuses the message with 451', 'data-451'],
    ['refuses the message with 554', 'data-554'],
    ['hangs up during DATA', 'hang-up'],
  ] as const)(
    'fails with a DeliveryError and a failed marker when the relay %s, mailing nobody',
    async (_name, m) => {
      mode = m;
      try {
        const error = await failure(() => runJob(runtime, job));
        expect(error).toBeInstanceOf(DeliveryError);
        expect((error as Error).message).toContain(`SMTP 127.0.0.1:${relayPort} did not accept the mail`);
      } finally {
        mode = 'accept';
      }
      expect(await marker()).toMatchObject({ state: 'failed', error: 'DELIVERY' });
      expect(received).toEqual([]);
      // The report set is complete from the first retry on: later ones reuse it.
      expect(await readStoredReport(runtime.store, DEMO_SERVICE, week)).not.toBeNull();
    },
  );

  it('delivers once the relay accepts, reusing the stored report, and never mails twice', async () => {
    const summaries = await runtime.store.head(`${folder}/summaries.json`);
    const first = await runJob(runtime, job);
    expect(first).toMatchObject({ status: 'delivered', mailed: true, reused: true });
    const again = await runJob(runtime, job);
    expect(again.status).toBe('already-delivered');
    expect(received).toHaveLength(1);
    expect((await runtime.store.head(`${folder}/summaries.json`))?.etag).toBe(summaries?.etag);
    expect(await marker()).toMatchObject({ state: 'done' });
  });

  it('leaves no manifest when an archive write fails; the retry completes it and no archived file is rewritten', async () => {
    const pdfKey = archiveKey(DEMO_SERVICE, month.label, 'pdf');
    proxy.push({
      fault: { kind: 'cut-request', afterBytes: 1024 },
      match: (r) => r.method === 'PUT' && r.url.includes(pdfKey),
      times: Number.POSITIVE_INFINITY,
    });
    try {
      expect(await failure(() => runJob(runtime, monthJob))).toBeInstanceOf(StoreError);
    } finally {
      proxy.clear();
    }
    const summaryKey = archiveKey(DEMO_SERVICE, month.label, 'summary');
    const manifestKey = archiveKey(DEMO_SERVICE, month.label, 'manifest');
    const summaryBefore = await runtime.store.head(summaryKey);
    expect(summaryBefore).not.toBeNull();
    expect(await runtime.store.head(pdfKey)).toBeNull();
    expect(await runtime.store.head(manifestKey)).toBeNull();

    const retry = await runJob(runtime, monthJob);
    expect(retry).toMatchObject({ status: 'archived', manifest: { keptFromEarlierRun: ['summary'] } });
    expect((await runtime.store.head(summaryKey))?.etag).toBe(summaryBefore?.etag);
    const pdf = await runtime.store.head(pdfKey);
    expect(pdf?.contentType).toBe('application/pdf');

    const third = await runJob(runtime, monthJob);
    expect(third.status).toBe('kept');
    expect((await runtime.store.head(pdfKey))?.etag).toBe(pdf?.etag);
  });
});
