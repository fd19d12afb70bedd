/**
 * `npm run mail:preview -- [--week W] [--lang L] --out DIR`: the demo's weekly e-mail written as
 * `.eml` (the bytes a relay would receive, PDF attached) and `.html` (its HTML body) into DIR,
 * sending nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderEml } from '../lib/deliver/mail/eml.ts';
import { runCommand } from './cli.ts';
import { configFromArgs, LANG_OPTION, TZ_OPTION } from './config-args.ts';
import { demoWeeklyMail } from './demo-mail.ts';
import { periodFromArgs, WEEK_OPTION } from './period-args.ts';
import { createProgress } from './progress.ts';

/** Recipient shown in the preview: a documentation address, as the demo's own. */
const PREVIEW_RECIPIENT = 'ops@example.com';

const spec = {
  name: 'npm run mail:preview --',
  synopsis: '[--week W] [--lang LANG] [--tz ZONE] --out DIR',
  summary:
    "Builds the demo datacenter's weekly report (local emulators, as `npm run demo`) and writes the weekly\n" +
    'e-mail a delivery would send as DIR/weekly-<week>-<lang>.eml (PDF attached) and .html (its body).\n' +
    'Nothing is sent.',
  options: {
    week: WEEK_OPTION,
    lang: LANG_OPTION,
    tz: TZ_OPTION,
    out: { type: 'string', value: 'DIR', required: true, description: 'folder the two files are written to' },
  },
  examples: [
    'npm run mail:preview -- --out /tmp/mail',
    'npm run mail:preview -- --week 2026-W47 --lang fr --out /tmp/mail',
  ],
} as const;

await runCommand(spec, async (values) => {
  const config = configFromArgs({ tz: values.tz, lang: values.lang });
  const period = periodFromArgs({ week: values.week }, config.timeZone, new Date());
  const progress = createProgress(process.stderr);
  progress.line(`mail:preview: the demo's weekly mail of ${period.label} in ${config.language}`);
  const message = await demoWeeklyMail({
    config,
    period,
    to: [PREVIEW_RECIPIENT],
    onProgress: progress.update,
  });
  progress.done();
  const folder = resolve(values.out);
  mkdirSync(folder, { recursive: true });
  const base = join(folder, `weekly-${period.label}-${config.language}`);
  writeFileSync(`${base}.eml`, await renderEml(message));
  writeFileSync(`${base}.html`, message.html);
  console.log(`Subject: ${message.subject}`);
  console.log(`${base}.eml`);
  console.log(`${base}.html`);
});
