import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { type SmtpSink, smtpEnv, startSmtpSink } from '../deliver/local-servers.ts';
import { runCli } from './run-cli.ts';

/** `npm run mail:preview` and `npm run mail:test`: the demo's weekly mail, written or sent to a local relay. */
const out = mkdtempSync(join(tmpdir(), 'vscope-mail-preview-'));
let sink: SmtpSink | undefined;
afterAll(async () => {
  await sink?.close();
  rmSync(out, { recursive: true, force: true });
});

const PDF_NAME = 'vscope-pcc-192-0-2-10-2026-W47.pdf';

describe('mail:preview', () => {
  it('writes the weekly mail as .eml, PDF attached, and its HTML body as .html', async () => {
    const run = await runCli('bin/mail-preview.ts', ['--week', '2026-W47', '--lang', 'fr', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['weekly-2026-W47-fr.eml', 'weekly-2026-W47-fr.html']);
    expect(run.stdout).toContain(join(out, 'weekly-2026-W47-fr.eml'));
    const mail = await simpleParser(readFileSync(join(out, 'weekly-2026-W47-fr.eml')));
    expect(mail.subject).toMatch(/^vScope pcc-192-0-2-10 — rapport hebdomadaire 2026-W47/);
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.text).toContain('2026-W47');
    expect(mail.html).toBe(readFileSync(join(out, 'weekly-2026-W47-fr.html'), 'utf8'));
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[PDF_NAME, 'application/pdf']]);
    expect(mail.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});

describe('mail:test', () => {
  it('sends the weekly mail through the configured relay and prints the id it was accepted under', async () => {
    sink = await startSmtpSink();
    const run = await runCli(
      'bin/mail-test.ts',
      ['--to', 'me@example.test', '--week', '2026-W47'],
      smtpEnv(sink),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(sink.messages).toHaveLength(1);
    expect(sink.envelopes).toEqual([['me@example.test']]);
    const [mail] = sink.messages;
    expect(run.stdout).toContain(`message id ${mail?.messageId}`);
    expect(mail?.from?.value).toEqual([{ name: 'vScope reports', address: 'reports@example.test' }]);
    expect(mail?.subject).toMatch(/^vScope pcc-192-0-2-10 — weekly report 2026-W47/);
    expect(mail?.attachments.map((a) => a.filename)).toEqual([PDF_NAME]);
  }, 120_000);

  it('says which variables to set when no relay is configured, before building anything', async () => {
    const run = await runCli('bin/mail-test.ts', ['--to', 'me@example.test']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'CONFIG_INVALID: No SMTP relay configured: set VSCOPE_SMTP_HOST and VSCOPE_MAIL_FROM.',
    );
    expect(run.stderr).not.toContain('discover');
  });

  it('refuses a recipient that is not an address', async () => {
    const run = await runCli('bin/mail-test.ts', ['--to', 'nobody']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to nobody: expected an e-mail address.');
  });
});
