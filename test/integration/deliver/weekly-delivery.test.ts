import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { openRuntime, type Runtime } from '../../../lib/runtime/open-runtime.ts';
import { runJob } from '../../../lib/runtime/report-jobs.ts';
import { deliveryMarkerKey, reportKey } from '../../../lib/store/keys.ts';
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
} from './local-servers.ts';

/**
 * The weekly delivery end to end: APIv6 and OpenTSDB emulators → pipeline → S3 (fauxqs) →
 * SMTP (smtp-server) → parsed with mailparser. Invoked twice: one mail.
 */
const week = isoWeekPeriod('2026-W46', 'Europe/Paris');
let demo: Demo;
let aws: LocalAws;
let smtp: SmtpSink;

function runtimeWith(vars: Record<string, string>): Runtime {
  return openRuntime(
    loadConfig({
      ...demo.vars,
      ...localAwsEnv(aws),
      ...smtpEnv(smtp),
      VSCOPE_MAIL_RECIPIENTS: JSON.stringify({
        [DEMO_SERVICE]: { to: ['ops@example.test'], cc: ['cto@example.test'], language: 'fr' },
      }),
      ...vars,
    }),
  );
}

const job = {
  kind: 'weekly',
  serviceName: DEMO_SERVICE,
  period: week.label,
  timeZone: week.timeZone,
} as const;

beforeAll(async () => {
  [demo, aws, smtp] = await Promise.all([startDemo([week]), startLocalAws(), startSmtpSink()]);
});

afterAll(async () => {
  await Promise.all([demo?.close(), aws?.close(), smtp?.close()]);
});

describe('weekly delivery over S3 and SMTP', () => {
  it('mails the stored PDF once, in the recipients’ language, however often it is invoked', async () => {
    const runtime = runtimeWith({});
    const first = await runJob(runtime, job);
    const second = await runJob(runtime, job);
    expect(first).toMatchObject({ status: 'delivered', mailed: true, attached: true, reused: false });
    expect(second.status).toBe('already-delivered');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.envelopes[0]?.sort()).toEqual(['cto@example.test', 'ops@example.test']);

    const mail = smtp.messages[0];
    const stored = await runtime.store.get(reportKey(DEMO_SERVICE, week, 'pdf'));
    const attachment = mail?.attachments[0];
    expect(attachment?.contentType).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(attachment?.content ?? '')
        .digest('hex'),
    ).toBe(
      createHash('sha256')
        .update(stored ?? new Uint8Array())
        .digest('hex'),
    );
    expect(mail?.subject).toContain(`rapport hebdomadaire ${week.label}`);
    expect(mail?.html).toContain('Chiffres clés');
    expect(mail?.text).toContain('Chiffres clés');
    expect(mail?.headers.get('x-vscope-report')).toBe(`${DEMO_SERVICE}/${week.label}`);

    const marker = JSON.parse(
      new TextDecoder().decode(
        (await runtime.store.get(deliveryMarkerKey(DEMO_SERVICE, week))) ?? new Uint8Array(),
      ),
    );
    expect(marker).toMatchObject({ state: 'done', messageId: mail?.messageId });
  });

  it('links a presigned URL instead of attaching a PDF above the size limit', async () => {
    // Another week's folder: the first test's delivery is done and stays done.
    const other = isoWeekPeriod('2026-W45', 'Europe/Paris');
    const extra = await startDemo([other]);
    try {
      const runtime = openRuntime(
        loadConfig({
          ...extra.vars,
          ...localAwsEnv(aws),
          ...smtpEnv(smtp),
          VSCOPE_MAIL_RECIPIENTS: JSON.stringify({ [DEMO_SERVICE]: { to: ['ops@example.test'] } }),
          VSCOPE_MAIL_ATTACH_MAX_KB: '1',
        }),
      );
      const before = smtp.messages.length;
      const outcome = await runJob(runtime, { ...job, period: other.label });
      expect(outcome).toMatchObject({ status: 'delivered', attached: false });
      const mail = smtp.messages[before];
      expect(mail?.attachments).toHaveLength(0);
      const url = /https?:\/\/\S+X-Amz-Signature=\S+/.exec(mail?.text ?? '')?.[0];
      expect(url).toBeDefined();
      const response = await fetch(url ?? '');
      const body = new Uint8Array(await response.arrayBuffer());
      const stored = await runtime.store.get(reportKey(DEMO_SERVICE, other, 'pdf'));
      expect(Buffer.from(body).equals(Buffer.from(stored ?? new Uint8Array()))).toBe(true);
      expect(mail?.subject).toContain('weekly report');
    } finally {
      await extra.close();
    }
  });
});
