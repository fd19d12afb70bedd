/**
 * `npm run demo`: the whole pipeline on the embedded demo infrastructure, no cloud account.
 * Starts local APIv6 and OpenTSDB emulators serving a synthetic datacenter, then runs the
 * production path — APIv6 inventory → metrics token → OpenTSDB → report — for the last complete
 * ISO week in the configured time zone, writes the files under the output folder and stops the
 * emulators.
 *
 * Options: --week 2026-W47 | --month 2026-10, --tz Europe/Paris, --lang en|fr|pt, --out <folder>,
 * --flavor stock|ovh.
 */
import { parseArgs } from 'node:util';
import { trustCertificate } from '../demo/emulators/apiv6/trust.ts';
import { demoConfig, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';
import { loadConfig } from '../lib/config/config.ts';
import { describeError, VscopeError } from '../lib/core/errors.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { periodFromArgs } from './period-args.ts';
import { createProgress } from './progress.ts';

const DAY_SEC = 86_400;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      week: { type: 'string' },
      month: { type: 'string' },
      tz: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      flavor: { type: 'string', default: 'stock' },
    },
    strict: true,
  });
  if (values.flavor !== 'stock' && values.flavor !== 'ovh') {
    throw new VscopeError('CONFIG_INVALID', `--flavor ${values.flavor}: expected stock or ovh.`, {
      expose: true,
    });
  }
  const base = loadConfig({
    ...process.env,
    ...(values.tz ? { VSCOPE_TIME_ZONE: values.tz } : {}),
    ...(values.lang ? { VSCOPE_LANGUAGE: values.lang } : {}),
    ...(values.out ? { VSCOPE_OUTPUT_DIR: values.out } : {}),
  });
  const period = periodFromArgs(values, base, new Date());
  const progress = createProgress(process.stderr);
  progress.line(`demo: ${period.kind} report ${period.label} (${base.timeZone})`);

  const env = await startDemoEnvironment({
    // A day of data on each side, as a live platform has: servers that stamp buckets at their
    // end (OVH's proxy) then still find the period's first bucket.
    range: {
      fromSec: period.startMs / 1000 - DAY_SEC,
      toSec: period.endMs / 1000 + DAY_SEC,
      anchorSec: period.endMs / 1000,
    },
    flavour: values.flavor,
  });
  const untrust = trustCertificate(env.apiv6.ca);
  try {
    progress.line(`demo: APIv6 emulator at ${env.apiv6.url}`);
    progress.line(
      `demo: OpenTSDB emulator (${values.flavor}) at ${env.opentsdbUrl}, ${env.points.toLocaleString('en')} points`,
    );
    // The demo's own credentials replace any real ones in the environment.
    const config = demoConfig(base, env, values.flavor);
    const results = await runReports({
      config,
      api: openOvhApi(config),
      store: createFsStore(config.outputDir),
      period,
      onProgress: progress.update,
    });
    progress.done();
    for (const { model, stored, requests, charts } of results) {
      const vms = model.datacenters.reduce((n, dc) => n + dc.vms.length, 0);
      console.log(
        `Report ${model.serviceName} ${model.period.label}: ${vms} VMs, coverage ${model.coverage.pct.toFixed(1)} %, ` +
          `${requests} metric request(s), ${charts} charts.`,
      );
      for (const s of stored) console.log(s.location);
    }
  } finally {
    untrust();
    await env.close();
  }
}

main().catch((error: unknown) => {
  const { code, message, stack } = describeError(error);
  console.error(`demo failed: ${code}: ${message}`);
  if (stack) console.error(stack);
  process.exitCode = 1;
});
