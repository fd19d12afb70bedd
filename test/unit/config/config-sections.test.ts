import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { configErrorMessage } from '../../support/config-error.ts';

const message = configErrorMessage;

describe('storage, mail, http, queue and schedule configuration', () => {
  it('defaults to the local folder, no mail, no keys, no queue', () => {
    const c = loadConfig({});
    expect(c.storage).toMatchObject({
      kind: 'fs',
      forcePathStyle: false,
      checksums: 'when-supported',
      conditionalHeaders: true,
    });
    expect(c.mail).toMatchObject({
      recipients: {},
      attachMaxKb: 10_240,
      linkTtlHours: 168,
      smtp: { port: 587, tls: 'starttls' },
    });
    expect(c.http).toMatchObject({
      apiKeys: [],
      maxSpanDays: 31,
      inlineMaxKb: 4096,
      linkTtlSeconds: 900,
      settleMinutes: 120,
    });
    expect(c.queue.url).toBeUndefined();
    expect(c.schedule.leaseSeconds).toBe(900);
  });

  it('reads an OVH Object Storage setup from the environment', () => {
    const c = loadConfig({
      VSCOPE_STORAGE_KIND: 's3',
      VSCOPE_S3_BUCKET: 'vscope-reports',
      VSCOPE_S3_ENDPOINT: 'https://s3.gra.io.cloud.ovh.net',
      VSCOPE_S3_REGION: 'gra',
      VSCOPE_S3_FORCE_PATH_STYLE: 'true',
      VSCOPE_S3_CHECKSUMS: 'when-required',
      VSCOPE_S3_CONDITIONAL_HEADERS: 'false',
    });
    expect(c.storage).toMatchObject({
      kind: 's3',
      region: 'gra',
      forcePathStyle: true,
      checksums: 'when-required',
      conditionalHeaders: false,
    });
  });

  it('reads recipients and API keys as JSON', () => {
    const c = loadConfig({
      VSCOPE_MAIL_RECIPIENTS: '{"pcc-1":{"to":["ops@example.test"],"language":"pt"}}',
      VSCOPE_HTTP_API_KEYS: `[{"id":"ops","sha256":"${'a'.repeat(64)}","services":["*"]}]`,
    });
    expect(c.mail.recipients['pcc-1']).toEqual({ to: ['ops@example.test'], cc: [], language: 'pt' });
    expect(c.http.apiKeys[0]?.services).toEqual(['*']);
  });

  it('names the key and the expected form of a bad value, never the value', () => {
    expect(message({ VSCOPE_STORAGE_KIND: 's3' })).toContain(
      'storage.bucket: required when storage.kind is s3',
    );
    expect(message({ VSCOPE_S3_FORCE_PATH_STYLE: 'yes' })).toContain('expected true or false');
    expect(message({ VSCOPE_MAIL_RECIPIENTS: '{not json' })).toContain(
      'mail.recipients (from VSCOPE_MAIL_RECIPIENTS): expected JSON',
    );
    expect(message({ VSCOPE_MAIL_RECIPIENTS: '{"pcc-1":{"to":["nobody"]}}' })).toContain(
      'mail.recipients.pcc-1.to.0: expected an e-mail address',
    );
    const secret = 'SECRET-hash-value';
    const text = message({ VSCOPE_HTTP_API_KEYS: `[{"id":"x","sha256":"${secret}","services":["*"]}]` });
    expect(text).toContain('http.apiKeys.0.sha256');
    expect(text).not.toContain(secret);
    expect(message({ VSCOPE_HTTP_MAX_SPAN_DAYS: '400' })).toContain('http.maxSpanDays');
  });
});
