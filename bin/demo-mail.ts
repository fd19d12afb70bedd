/**
 * The demo's weekly e-mail, as a delivery would send it: the demo week's report built through
 * the production path against the demo emulators (as `npm run demo` does, kept in memory), then
 * composed by lib/deliver/mail/weekly-mail.ts with the PDF attached. Shared by `mail:preview`
 * and `mail:test`.
 */
import { trustCertificate } from '../demo/emulators/apiv6/trust.ts';
import { demoConfig, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';
import { createMemoryStore } from '../demo/memory-store.ts';
import type { Config } from '../lib/config/config.ts';
import type { MailMessage, ProgressListener } from '../lib/core/ports.ts';
import type { Period } from '../lib/core/types.ts';
import { composeWeeklyMail } from '../lib/deliver/mail/weekly-mail.ts';
import { pdfFileName } from '../lib/deliver/weekly-delivery.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';

const DAY_SEC = 86_400;

/** Sender of the demo's mail when the configuration names none. */
export const DEMO_SENDER = 'vScope reports <reports@example.com>';

export interface DemoMailOptions {
  /** The configuration: its language and time zone; `mail.from` if set. */
  readonly config: Config;
  readonly period: Period;
  readonly to: readonly string[];
  readonly onProgress?: ProgressListener;
}

/** Builds the demo report of `period` and composes its weekly mail. */
export async function demoWeeklyMail(options: DemoMailOptions): Promise<MailMessage> {
  const { period } = options;
  const env = await startDemoEnvironment({
    // A day of data on each side, as bin/demo.ts asks.
    range: {
      fromSec: period.startMs / 1000 - DAY_SEC,
      toSec: period.endMs / 1000 + DAY_SEC,
      anchorSec: period.endMs / 1000,
    },
  });
  const untrust = trustCertificate(env.apiv6.ca);
  try {
    const config = demoConfig(options.config, env);
    const [result] = await runReports({
      config,
      api: openOvhApi(config),
      store: createMemoryStore(),
      period,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const pdf = result?.documents.pdf;
    if (!result || !pdf) throw new Error('The demo run produced no PDF report.');
    return composeWeeklyMail({
      report: result.model,
      language: config.language,
      from: config.mail.from ?? DEMO_SENDER,
      to: options.to,
      pdf: { fileName: pdfFileName(result.model.serviceName, period), bytes: pdf },
    });
  } finally {
    untrust();
    await env.close();
  }
}
