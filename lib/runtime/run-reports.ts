/**
 * Builds one report per service for a period with the real sources: the shared body of the
 * command line and the demo.
 */
import type { Config } from '../config/config.ts';
import type { ObjectStore, ProgressListener } from '../core/ports.ts';
import type { Period } from '../core/types.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import type { ReportResult } from '../pipeline.ts';
import { serviceReportBuilder } from './build-service-report.ts';
import { servicesToReport, sourcesOpener } from './open-sources.ts';

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
  const build = serviceReportBuilder({
    config,
    store: options.store,
    openSources: sourcesOpener(config, () => api),
    now: options.now ?? (() => new Date()),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const results: ReportResult[] = [];
  for (const serviceName of await servicesToReport(config, api, signal)) {
    results.push(await build({ serviceName, period: options.period, language: config.language }, signal));
  }
  return results;
}
