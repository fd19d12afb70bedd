/**
 * `npm run demo`: the whole pipeline on the embedded demo infrastructure, no cloud account.
 * Starts local APIv6 and OpenTSDB emulators serving a synthetic datacenter, then runs the
 * production path — APIv6 inventory → metrics token → OpenTSDB → report — for the last complete
 * ISO week in the configured time zone, writes the files under the output folder and stops the
 * emulators. When the output folder has no report of the period before, it builds that one first,
 * so the report already shows what changed (the demo datacenter changes from 2026-W48 on).
 *
 * Options: `npm run demo -- --help`.
 */

import { DEMO_SERVICE } from '../demo/datacenter/infrastructure.ts';
import { trustCertificate } from '../demo/emulators/apiv6/trust.ts';
import { demoConfig, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';
import type { Config } from '../lib/config/config.ts';
import { previousPeriod } from '../lib/core/period.ts';
import type { Period } from '../lib/core/types.ts';
import type { ReportResult } from '../lib/pipeline.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { reportKey } from '../lib/store/keys.ts';
import { runCommand } from './cli.ts';
import { configFromArgs, LANG_OPTION, OUT_OPTION, TZ_OPTION } from './config-args.ts';
import { PARTIAL_OPTION, PERIOD_OPTIONS, periodFromArgs } from './period-args.ts';
import { createProgress } from './progress.ts';

const DAY_SEC = 86_400;

const spec = {
  name: 'npm run demo --',
  synopsis:
    '[--week W | --month M | --from ISO --to ISO] [--tz ZONE] [--lang LANG] [--out DIR] [--flavor stock|ovh]',
  summary:
    'Builds the report of the embedded demo datacenter through the production path, against local APIv6\n' +
    'and OpenTSDB emulators started for the run (no cloud account), and prints the files written.',
  options: {
    ...PERIOD_OPTIONS,
    partial: PARTIAL_OPTION,
    tz: TZ_OPTION,
    lang: LANG_OPTION,
    out: OUT_OPTION,
    flavor: {
      type: 'string',
      value: 'F',
      choices: ['stock', 'ovh'],
      default: 'stock',
      description: "the OpenTSDB emulator's behaviour: stock OpenTSDB 2.4, or OVH's Warp 10 proxy",
    },
  },
  examples: [
    'npm run demo',
    'npm run demo -- --week 2026-W47 --tz America/Montreal --out /tmp/r',
    'npm run demo -- --month 2026-10 --lang fr --flavor ovh',
  ],
} as const;

await runCommand(spec, async (values) => {
  const base = configFromArgs({ tz: values.tz, lang: values.lang, out: values.out });
  const period = periodFromArgs(values, base.timeZone, new Date());
  const progress = createProgress(process.stderr);
  const store = createFsStore(base.outputDir);
  const flavour = values.flavor;
  // The first report should already compare with something: build the previous period first when
  // the output folder has no report for it (the demo datacenter changes from 2026-W48 on).
  const previous = previousPeriod(period);
  if (
    period.kind !== 'custom' &&
    (await store.get(reportKey(DEMO_SERVICE.serviceName, previous, 'json'))) === null
  ) {
    progress.line(
      `demo: no ${previous.kind} report ${previous.label} in ${base.outputDir} to compare with: building it first`,
    );
    for (const { model } of await buildDemoPeriod(base, previous, flavour, progress)) {
      console.log(`Previous report ${model.serviceName} ${model.period.label} built, to compare with.`);
    }
  }
  for (const { model, stored, requests, charts } of await buildDemoPeriod(base, period, flavour, progress)) {
    const vms = model.datacenters.reduce((n, dc) => n + dc.vms.length, 0);
    const changes = model.changes.events.length;
    console.log(
      `Report ${model.serviceName} ${model.period.label}: ${vms} VMs, coverage ${model.coverage.pct.toFixed(1)} %, ` +
        `${counted(requests, 'metric request')}, ${counted(charts, 'chart')}, ` +
        `${counted(changes, 'inventory change')} since ${model.comparison.previousLabel}` +
        `${model.comparison.found ? '' : ' (no previous report)'}.`,
    );
    for (const s of stored) console.log(s.location);
  }
});

/** `1 chart`, `2 charts`: the command's own English, counted. */
function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** One period's reports against emulators serving the demo datacenter as it was then. */
async function buildDemoPeriod(
  base: Config,
  period: Period,
  flavour: 'stock' | 'ovh',
  progress: ReturnType<typeof createProgress>,
): Promise<ReportResult[]> {
  progress.line(`demo: ${period.kind} report ${period.label} (${base.timeZone})`);
  const env = await startDemoEnvironment({
    // A day of data on each side, as a live platform has: servers that stamp buckets at their
    // end (OVH's proxy) then still find the period's first bucket.
    range: {
      fromSec: period.startMs / 1000 - DAY_SEC,
      toSec: period.endMs / 1000 + DAY_SEC,
      anchorSec: period.endMs / 1000,
    },
    flavour,
  });
  const untrust = trustCertificate(env.apiv6.ca);
  try {
    progress.line(`demo: APIv6 emulator at ${env.apiv6.url}`);
    progress.line(
      `demo: OpenTSDB emulator (${flavour}) at ${env.opentsdbUrl}, ${env.points.toLocaleString('en')} points`,
    );
    // The demo's own credentials replace any real ones in the environment.
    const config = demoConfig(base, env, flavour);
    const results = await runReports({
      config,
      api: openOvhApi(config),
      store: createFsStore(config.outputDir),
      period,
      onProgress: progress.update,
    });
    progress.done();
    return results;
  } finally {
    untrust();
    await env.close();
  }
}
