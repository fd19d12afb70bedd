/**
 * `npm run mail:test -- --to ADDRESS [--week W] [--lang L]`: sends the demo's weekly e-mail to one
 * address through the configured SMTP relay (mail.smtp.*, mail.from), to check the relay, its
 * credentials and how the message looks in a real mailbox. Prints the message id.
 */
import { ConfigError } from '../lib/core/errors.ts';
import { openMailer } from '../lib/runtime/open-runtime.ts';
import { runCommand, UsageError } from './cli.ts';
import { configFromArgs, LANG_OPTION, TZ_OPTION } from './config-args.ts';
import { demoWeeklyMail } from './demo-mail.ts';
import { periodFromArgs, WEEK_OPTION } from './period-args.ts';
import { createProgress } from './progress.ts';

/** Enough to catch a slip (a missing @); the relay has the last word. */
const ADDRESS = /^[^@\s<>]+@[^@\s<>]+$/;

const spec = {
  name: 'npm run mail:test --',
  synopsis: '--to ADDRESS [--week W] [--lang LANG] [--tz ZONE]',
  summary:
    "Sends the demo datacenter's weekly e-mail (built as `npm run mail:preview` does) to one address through\n" +
    'the configured SMTP relay: VSCOPE_SMTP_HOST, VSCOPE_SMTP_PORT, VSCOPE_SMTP_TLS, VSCOPE_SMTP_USER,\n' +
    'VSCOPE_SMTP_PASSWORD and VSCOPE_MAIL_FROM. Prints the message id the relay accepted.',
  options: {
    to: { type: 'string', value: 'ADDRESS', required: true, description: 'the one recipient' },
    week: WEEK_OPTION,
    lang: LANG_OPTION,
    tz: TZ_OPTION,
  },
  examples: [
    'npm run mail:test -- --to me@example.com',
    'npm run mail:test -- --to me@example.com --week 2026-W47 --lang pt',
  ],
  notes: [
    'For example: VSCOPE_SMTP_HOST=smtp.example.com VSCOPE_SMTP_USER=… VSCOPE_SMTP_PASSWORD=… VSCOPE_MAIL_FROM=reports@example.com',
  ],
} as const;

await runCommand(spec, async (values) => {
  if (!ADDRESS.test(values.to)) throw new UsageError(`--to ${values.to}: expected an e-mail address.`);
  const config = configFromArgs({ tz: values.tz, lang: values.lang });
  const period = periodFromArgs({ week: values.week }, config.timeZone, new Date());
  // Checked before the report is built: a missing relay should not cost a minute.
  const mailer = openMailer(config);
  if (!mailer) {
    throw new ConfigError('No SMTP relay configured: set VSCOPE_SMTP_HOST and VSCOPE_MAIL_FROM.', {
      key: 'mail.smtp.host',
    });
  }
  const progress = createProgress(process.stderr);
  progress.line(`mail:test: the demo's weekly mail of ${period.label} to ${values.to}`);
  const message = await demoWeeklyMail({ config, period, to: [values.to], onProgress: progress.update });
  progress.done();
  const sent = await mailer.send(message);
  console.log(`Subject: ${message.subject}`);
  console.log(
    `sent to ${sent.accepted.join(', ') || values.to} via ${config.mail.smtp.host}:${config.mail.smtp.port}`,
  );
  console.log(`message id ${sent.messageId}`);
});
