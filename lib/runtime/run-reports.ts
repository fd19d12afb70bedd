/**
 * Builds one report per service for a period with the real sources: the shared body of the
 * command line and the demo.
 */
import type { Config } from '../config/config.ts';
import { hasEnded } from '../core/period.ts';
import type { ObjectStore, ProgressListener } from '../core/ports.ts';
import type { Period } from '../core/types.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import type { ReportResult } from '../pipeline.ts';
import { PARTIAL_SUFFIX, reportFolder } from '../store/keys.ts';
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
  // A period not over yet (`--partial`) is stored apart, never where the complete one goes: the
  // delivery would reuse it and the next period compare with it.
  const partial = !hasEnded(options.period, (options.now ?? (() => new Date()))());
  const results: ReportResult[] = [];
  for (const serviceName of await servicesToReport(config, api, signal)) {
    const folder = partial ? `${reportFolder(serviceName, options.period)}${PARTIAL_SUFFIX}` : undefined;
    results.push(
      await build(
        { serviceName, period: options.period, language: config.language, ...(folder ? { folder } : {}) },
        signal,
      ),
    );
  }
  return results;
}
