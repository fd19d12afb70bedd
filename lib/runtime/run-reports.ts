/**
 * Builds one report per service for a period with the real sources: the shared body of the
 * command line, the demo and the scheduled functions.
 */
import type { Config } from '../config/config.ts';
import type { ObjectStore, ProgressListener } from '../core/ports.ts';
import type { Period } from '../core/types.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import { buildReport, type ReportResult } from '../pipeline.ts';
import { fetchOptions, openServiceSources, servicesToReport } from './open-sources.ts';

export interface RunOptions {
  readonly config: Config;
  readonly api: OvhApi | null;
  readonly store: ObjectStore;
  readonly period: Period;
  readonly now?: () => Date;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

/** Reports of every configured (or visible) service, built one after the other. */
export async function runReports(options: RunOptions): Promise<ReportResult[]> {
  const { config, api, signal } = options;
  const results: ReportResult[] = [];
  for (const serviceName of await servicesToReport(config, api, signal)) {
    const sources = await openServiceSources(config, api, serviceName, signal);
    try {
      results.push(
        await buildReport(
          {
            inventory: sources.inventory,
            metrics: sources.metrics,
            store: options.store,
            now: options.now ?? (() => new Date()),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
            ...(signal ? { signal } : {}),
          },
          {
            period: options.period,
            fetch: fetchOptions(config),
            findings: config.findings,
            language: config.language,
          },
        ),
      );
    } finally {
      await sources.metrics.close();
    }
  }
  return results;
}
