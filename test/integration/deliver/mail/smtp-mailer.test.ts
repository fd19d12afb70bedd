import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../lib/core/errors.ts';
import { createSmtpMailer } from '../../../../lib/deliver/mail/smtp-mailer.ts';
import { type SmtpSink, startSmtpSink } from '../local-servers.ts';

/**
 * The SMTP mailer against smtp-server on 127.0.0.1 as a production relay is set up: STARTTLS
 * required, then AUTH, with a certificate the client must trust.
 */
let sink: SmtpSink;
let ca: string;
const message = {
  from: 'reports@example.test',
  to: ['ops@example.test'],
  subject: 'Rapport — entrepôt',
  text: 'Bonjour',
  html: '<p>Bonjour</p>',
  attachments: [
    { filename: 'r.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) },
  ],
};

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  sink = await startSmtpSink({
    disabledCommands: [],
    authOptional: false,
    key: pems.private,
    cert: pems.cert,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay-user' && auth.password === 'relay-password')
        callback(null, { user: 'relay-user' });
      else callback(new Error('Invalid credentials'));
    },
  });
});

afterAll(async () => {
  await sink?.close();
});

const settings = () => ({
  host: '127.0.0.1',
  port: sink.port,
  tls: 'starttls' as const,
  // A minute: the local relay must simply answer; no outcome here depends on a timeout.
  timeoutMs: 60_000,
  ca,
});

describe('SMTP mailer', () => {
  it('upgrades with STARTTLS, authenticates and delivers the attachment intact', async () => {
    const mailer = createSmtpMailer({ ...settings(), user: 'relay-user', password: 'relay-password' });
    const sent = await mailer.send(message);
    expect(sent.accepted).toEqual(['ops@example.test']);
    const received = sink.messages.at(-1);
    expect(received?.subject).toBe('Rapport — entrepôt');
    expect([...(received?.attachments[0]?.content ?? [])]).toEqual([37, 80, 68, 70]);
  });

  it('fails with a DeliveryError that names the relay, not the password, when AUTH is refused', async () => {
    const mailer = createSmtpMailer({ ...settings(), user: 'relay-user', password: 'wrong-password' });
    const error = await mailer.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`127.0.0.1:${sink.port}`);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('refuses a relay whose certificate it does not trust', async () => {
    const { ca: _ca, ...untrusting } = settings();
    const mailer = createSmtpMailer({ ...untrusting, user: 'relay-user', password: 'relay-password' });
    await expect(mailer.send(message)).rejects.toBeInstanceOf(DeliveryError);
  });
});
