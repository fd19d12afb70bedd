/**
 * `npm run report -- [--week 2026-W47 | --month 2026-10]`: builds the report of every configured
 * service (or every service the APIv6 credentials can see) against the real APIv6 and OpenTSDB
 * endpoints of the configuration, into the local output folder.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/config.ts';
import { describeError } from '../lib/core/errors.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { periodFromArgs } from './period-args.ts';
import { createProgress } from './progress.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { week: { type: 'string' }, month: { type: 'string' } },
    strict: true,
  });
  const config = loadConfig(process.env);
  const period = periodFromArgs(values, config, new Date());
  const progress = createProgress(process.stderr);
  progress.line(`report: ${period.kind} ${period.label} (${config.timeZone})`);
  const results = await runReports({
    config,
    api: openOvhApi(config),
    store: createFsStore(config.outputDir),
    period,
    onProgress: progress.update,
  });
  progress.done();
  for (const r of results) for (const s of r.stored) console.log(s.location);
}

main().catch((error: unknown) => {
  const { code, message, stack } = describeError(error);
  console.error(`report failed: ${code}: ${message}`);
  if (stack) console.error(stack);
  process.exitCode = 1;
});
