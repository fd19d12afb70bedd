/**
 * `npm run report -- [--week W | --month M | --from ISO --to ISO] [--tz Z] [--lang L] [--out DIR]
 * [--service S]... [--dry-run]`: builds the report of every configured service (or every service
 * the APIv6 credentials can see) against the real APIv6 and OpenTSDB endpoints of the
 * configuration, into the local output folder. `--dry-run` lists what a run would cover and
 * request, fetching no metric.
 */
import { localIso } from '../lib/core/period.ts';
import type { Period } from '../lib/core/types.ts';
import { type DryRunPlan, planDryRun } from '../lib/runtime/dry-run.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { runCommand, UsageError } from './cli.ts';
import { configFromArgs, LANG_OPTION, OUT_OPTION, TZ_OPTION } from './config-args.ts';
import { PARTIAL_OPTION, PERIOD_OPTIONS, periodFromArgs } from './period-args.ts';
import { createProgress } from './progress.ts';

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const spec = {
  name: 'npm run report --',
  synopsis:
    '[--week W | --month M | --from ISO --to ISO] [--tz ZONE] [--lang LANG] [--out DIR] [--service S]... [--dry-run]',
  summary:
    'Builds the report of every configured service (VSCOPE_OVH_SERVICES, else every service the APIv6\n' +
    'credentials can see) from APIv6 and the metrics endpoint of the configuration (VSCOPE_* variables,\n' +
    'VSCOPE_CONFIG_FILE), and writes PDF, HTML, JSON and CSV under the output folder.',
  options: {
    ...PERIOD_OPTIONS,
    partial: PARTIAL_OPTION,
    tz: TZ_OPTION,
    lang: LANG_OPTION,
    out: OUT_OPTION,
    service: {
      type: 'string',
      value: 'S',
      multiple: true,
      description: 'service to report on, in place of the configured ones',
    },
    'dry-run': {
      type: 'boolean',
      description:
        'print the services, their datacenters and components, and the planned metric requests and points; fetch no metric',
    },
  },
  examples: [
    'npm run report -- --week 2026-W47',
    'npm run report -- --month 2026-10 --lang fr --out /tmp/reports',
    'npm run report -- --from 2026-11-16 --to 2026-11-18T12:00 --tz America/Montreal',
    'npm run report -- --service pcc-192-0-2-10 --dry-run',
  ],
  notes: [
    'One period form at most: --week, --month, or --from with --to (the end is exclusive).',
    'Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong command line.',
  ],
} as const;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function printDryRun(plan: DryRunPlan): void {
  const { period } = plan;
  console.log(
    `dry run: ${period.kind} ${period.label} in ${period.timeZone}, ${localIso(period.startMs, period.timeZone)} to ` +
      `${localIso(period.endMs, period.timeZone)} (end exclusive); no metric fetched`,
  );
  const credentials = {
    configuration: 'metrics endpoint and token from the configuration',
    'apiv6-token': "metrics endpoint and token to be requested from APIv6 (ovh.metricsUserId's metricsToken)",
    missing:
      'no metrics credentials: set VSCOPE_METRICS_ENDPOINT and VSCOPE_METRICS_TOKEN, or VSCOPE_OVH_METRICS_USER_ID',
  }[plan.metricsCredentials];
  console.log(credentials);
  for (const service of plan.services) {
    console.log(`service ${service.serviceName}`);
    for (const dc of service.datacenters) {
      console.log(
        `  datacenter ${dc.datacenterId} ${dc.name} (tag ${dc.tag}): ${dc.hosts} hosts, ${dc.vms} VMs, ${dc.datastores} datastores`,
      );
    }
    console.log(
      `  ${plural(service.requests, 'request')} (${plural(service.subQueries, 'sub-query', 'sub-queries')}), ` +
        `${service.intervalSeconds / 60}-minute buckets, ` +
        `${service.points.toLocaleString('en')} points at most`,
    );
  }
  console.log(
    `total: ${plural(plan.services.length, 'service')}, ${plural(plan.totals.requests, 'request')}, ` +
      `${plan.totals.points.toLocaleString('en')} points`,
  );
}

function checkServices(services: readonly string[]): void {
  const wrong = services.find((s) => !SERVICE_NAME.test(s));
  if (wrong !== undefined)
    throw new UsageError(`--service ${wrong}: expected a service name such as pcc-192-0-2-10.`);
}

await runCommand(spec, async (values) => {
  checkServices(values.service);
  const config = configFromArgs(values);
  const period: Period = periodFromArgs(values, config.timeZone, new Date());
  const api = openOvhApi(config);
  if (values['dry-run']) {
    printDryRun(await planDryRun({ config, api, period }));
    return;
  }
  const progress = createProgress(process.stderr);
  progress.line(`report: ${period.kind} ${period.label} (${config.timeZone})`);
  const results = await runReports({
    config,
    api,
    store: createFsStore(config.outputDir),
    period,
    onProgress: progress.update,
  });
  progress.done();
  for (const r of results) for (const s of r.stored) console.log(s.location);
});
