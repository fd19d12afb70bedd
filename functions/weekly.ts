/**
 * Scheduled function: the last complete ISO week's report of every configured service.
 * Thin by design: configuration is parsed once at cold start (a bad deploy fails there, naming
 * the key), clients are built once, and the work is one call into the pipeline.
 */
import { loadConfig } from '../lib/config/config.ts';
import { lastCompleteIsoWeek } from '../lib/core/period.ts';
import { openOvhApi } from '../lib/runtime/open-sources.ts';
import { runReports } from '../lib/runtime/run-reports.ts';
import { createFsStore } from '../lib/store/fs-store.ts';

const config = loadConfig(process.env);
const api = openOvhApi(config);
const store = createFsStore(config.outputDir);

/** Lambda's context, reduced to what the handler uses. */
interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const SAFETY_MARGIN_MS = 10_000;

export async function handler(_event: unknown, context: LambdaContext): Promise<{ reports: string[] }> {
  const signal = AbortSignal.timeout(Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS));
  const period = lastCompleteIsoWeek(new Date(), config.timeZone);
  const results = await runReports({ config, api, store, period, signal });
  return { reports: results.flatMap((r) => r.stored.map((s) => s.key)) };
}
