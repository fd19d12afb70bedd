/**
 * The one way a report is made outside tests: open a service's sources, run the pipeline with
 * the configuration's settings, close the sources. The command line, the scheduled jobs and the
 * HTTP API all build through `serviceReportBuilder`.
 */
import type { Config } from '../config/config.ts';
import type { ObjectStore, ProgressListener, ServiceReportRequest } from '../core/ports.ts';
import { oneDatacenter } from '../discover/one-datacenter.ts';
import { buildReport, type ReportResult } from '../pipeline.ts';
import { fetchOptions, type SourcesOpener } from './open-sources.ts';

export interface BuilderSettings {
  readonly config: Config;
  readonly store: ObjectStore;
  readonly openSources: SourcesOpener;
  readonly now: () => Date;
  readonly onProgress?: ProgressListener;
}

/** A `ReportBuilder` that also tells what the run cost (requests, charts, stage timings). */
export type ServiceReportBuilder = (
  request: ServiceReportRequest,
  signal?: AbortSignal,
  onProgress?: ProgressListener,
) => Promise<ReportResult>;

/** Builds reports of services with their own sources and the configuration's settings. */
export function serviceReportBuilder(settings: BuilderSettings): ServiceReportBuilder {
  const { config } = settings;
  return async (request, signal, onProgress) => {
    const progress = onProgress ?? settings.onProgress;
    const sources = await settings.openSources(request.serviceName, signal);
    try {
      return await buildReport(
        {
          inventory: oneDatacenter(sources.inventory, request.serviceName, request.datacenter ?? null),
          metrics: sources.metrics,
          store: settings.store,
          now: settings.now,
          ...(progress ? { onProgress: progress } : {}),
          ...(signal ? { signal } : {}),
        },
        {
          period: request.period,
          fetch: fetchOptions(config),
          findings: config.findings,
          minCoveragePct: config.report.minCoveragePct,
          language: request.language,
          ...(request.formats ? { formats: request.formats } : {}),
          ...(request.folder ? { folder: request.folder } : {}),
        },
      );
    } finally {
      await sources.close();
    }
  };
}
