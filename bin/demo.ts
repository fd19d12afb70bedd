/**
 * `npm run demo`: the whole pipeline on the embedded demo infrastructure, no cloud account.
 * Starts the OpenTSDB emulator on 127.0.0.1 with the synthetic datacenter's series, builds the
 * weekly report for the last complete ISO week in the configured time zone, writes it under
 * the output folder and stops the emulator.
 *
 * Options: --week 2026-W47 (a given ISO week), --tz Europe/Paris, --out <folder>.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/config.ts';
import { VscopeError } from '../lib/core/errors.ts';
import { isoWeekPeriod, lastCompleteIsoWeek } from '../lib/core/period.ts';
import { generateDemoSeries } from '../lib/demo/generate.ts';
import { demoInventory } from '../lib/demo/infrastructure.ts';
import { staticInventory } from '../lib/discover/static-inventory.ts';
import { startOpenTsdbEmulator } from '../lib/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../lib/emulators/opentsdb/store.ts';
import { createOpenTsdbClient } from '../lib/fetch/opentsdb-client.ts';
import { buildReport } from '../lib/pipeline.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { createProgress } from './progress.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { week: { type: 'string' }, tz: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const config = loadConfig({
    ...process.env,
    ...(values.tz ? { VSCOPE_TIME_ZONE: values.tz } : {}),
    ...(values.out ? { VSCOPE_OUTPUT_DIR: values.out } : {}),
  });
  const period = values.week
    ? isoWeekPeriod(values.week, config.timeZone)
    : lastCompleteIsoWeek(new Date(), config.timeZone);
  const progress = createProgress(process.stderr);
  progress.line(`demo: weekly report for ${period.label} (${config.timeZone})`);

  const inventory = demoInventory();
  const seriesStore = createSeriesStore();
  let points = 0;
  for (const s of generateDemoSeries(inventory, {
    fromSec: period.startMs / 1000,
    toSec: period.endMs / 1000,
  })) {
    seriesStore.addSeries(s.metric, s.tags, s.timestamps, s.values);
    points += s.values.length;
  }
  const emulator = await startOpenTsdbEmulator({ store: seriesStore });
  progress.line(`demo: OpenTSDB emulator at ${emulator.url} with ${points.toLocaleString('en')} points`);
  const metrics = createOpenTsdbClient({ endpoint: emulator.url, token: 'demo-token' });
  try {
    const result = await buildReport(
      {
        inventory: staticInventory(inventory),
        metrics,
        store: createFsStore(config.outputDir),
        now: () => new Date(),
        onProgress: progress.update,
      },
      { period },
    );
    progress.done();
    const { model } = result;
    const vms = model.datacenters.reduce((n, dc) => n + dc.vms.length, 0);
    console.log(
      `Report ${model.serviceName} ${model.period.label}: ${vms} VMs, coverage ${model.coverage.pct.toFixed(1)} %, ` +
        `${model.highlights.length} highlights, ${result.requests} metric requests, ${result.charts} charts.`,
    );
    for (const s of result.stored) console.log(s.location);
  } finally {
    await metrics.close();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof VscopeError ? `${error.code}: ${error.message}` : String(error);
  console.error(`demo failed: ${message}`);
  if (!(error instanceof VscopeError) && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
});
