/**
 * Fan-out of a service's weekly or monthly job, on the worker and its queue:
 *
 *   fanOutJob    a service job whose report would not fit one job → one datacenter job per
 *                datacenter on the queue (or null: the job runs whole, as before)
 *   runPartJob   one datacenter job: build the datacenter's part, store it; the job that stores
 *                the last part composes the report and runs the delivery (mail or archive) as
 *                the service job would have (lib/deliver/fan-out/fan-out-run.ts)
 *
 * When to split. Peak memory grows with the points a job fetches (planPoints: series × buckets).
 * In the bench (README "Performance"): S/week, 0.43 M points, peaks at 270 MB (the process's
 * floor); L/week, 27.7 M points, at 951 MB; L/month, 118.7 M points, at 2,168 MB: about 270 MB
 * plus 16–25 bytes per point. A split costs a job per datacenter with its cold start, every part
 * written and read back, and the composing job's own work (documents, all the daily summaries),
 * so a job that fits is not split: a service is split when it has two datacenters or more and
 * its plan reaches `minPoints`, 30 M by default — where the line above reaches about 1 GB
 * (270 MB + 30 M × 25 B), the per-job target. L/month and XL/week (5 datacenters) split; S, M
 * and L weeks run whole. A single datacenter above the threshold cannot be split here.
 */
import { randomUUID } from 'node:crypto';
import { RenderError, StoreError } from '../core/errors.ts';
import { isoWeekPeriod, monthPeriod } from '../core/period.ts';
import type { ReportJob } from '../core/ports.ts';
import type { Period } from '../core/types.ts';
import { finishPart, type PartOutcome } from '../deliver/fan-out/fan-out-run.ts';
import { type PublishedReportBuilder, readStoredReport } from '../deliver/published-report.ts';
import type { PartJob, PartQueue } from '../deliver/queue/part-message.ts';
import { planPoints, planQueries } from '../fetch/plan-queries.ts';
import { buildDatacenterPart, composeFromParts, type DatacenterPart } from '../pipeline/datacenter-part.ts';
import { decodePart, encodePart } from '../pipeline/part-codec.ts';
import type { Runtime } from './open-runtime.ts';
import { fetchOptions } from './open-sources.ts';
import { type JobOutcome, languageOf, runJob } from './report-jobs.ts';

export interface FanOutPolicy {
  /** A service with two datacenters or more is split when its plan carries at least this many points. */
  readonly minPoints: number;
}

/** Split above about L/week's points (see above). */
export const FAN_OUT_DEFAULTS: FanOutPolicy = { minPoints: 30_000_000 };

/** The period of a service job. */
export function jobPeriod(job: ReportJob): Period {
  return job.kind === 'monthly'
    ? monthPeriod(job.period, job.timeZone)
    : isoWeekPeriod(job.period, job.timeZone);
}

const partQueueOf = (runtime: Runtime): PartQueue | null => {
  const queue = runtime.queue as (Runtime['queue'] & Partial<PartQueue>) | null;
  return queue?.enqueueParts ? (queue as PartQueue) : null;
};

/**
 * Queues one datacenter job per datacenter when the policy says the service's job would not
 * fit; null when the job should run whole (one datacenter, small enough, no queue, or its
 * report already stored).
 */
export async function fanOutJob(
  runtime: Runtime,
  job: ReportJob,
  policy: FanOutPolicy = FAN_OUT_DEFAULTS,
  signal?: AbortSignal,
): Promise<{ readonly runId: string; readonly parts: readonly PartJob[] } | null> {
  const queue = partQueueOf(runtime);
  if (!queue) return null;
  const period = jobPeriod(job);
  if (await readStoredReport(runtime.store, job.serviceName, period)) return null;
  const sources = await runtime.openSources(job.serviceName, signal);
  let inventory: Awaited<ReturnType<typeof sources.inventory.load>>;
  try {
    inventory = await sources.inventory.load(signal);
  } finally {
    await sources.close();
  }
  if (inventory.datacenters.length < 2) return null;
  if (planPoints(planQueries(inventory, period, fetchOptions(runtime.config))) < policy.minPoints)
    return null;
  const runId = randomUUID();
  const parts = inventory.datacenters.map(
    (dc, index): PartJob => ({
      kind: 'part',
      job,
      runId,
      datacenterTag: dc.tag,
      index,
      count: inventory.datacenters.length,
    }),
  );
  await queue.enqueueParts(parts);
  return { runId, parts };
}

/** A datacenter's part of `part.job`, built from the service's own sources. */
export async function buildPartOf(
  runtime: Runtime,
  part: PartJob,
  signal?: AbortSignal,
): Promise<DatacenterPart> {
  const { config } = runtime;
  const sources = await runtime.openSources(part.job.serviceName, signal);
  try {
    return await buildDatacenterPart(
      {
        inventory: sources.inventory,
        metrics: sources.metrics,
        store: runtime.store,
        now: runtime.now,
        ...(signal ? { signal } : {}),
      },
      {
        period: jobPeriod(part.job),
        fetch: fetchOptions(config),
        findings: config.findings,
        minCoveragePct: config.report.minCoveragePct,
        language: languageOf(runtime, part.job.serviceName),
        datacenterTag: part.datacenterTag,
      },
    );
  } finally {
    await sources.close();
  }
}

/** A delivery's report composed from the parts stored under `keys` (in the datacenters' order). */
export function composedReportBuilder(runtime: Runtime, keys: readonly string[]): PublishedReportBuilder {
  const { config } = runtime;
  return async ({ serviceName, period, language }) => {
    const parts = await Promise.all(
      keys.map(async (key) => {
        const bytes = await runtime.store.get(key);
        if (!bytes) {
          throw new StoreError(`The datacenter part '${key}' is gone: run the service's job again.`, {
            context: { key },
          });
        }
        return decodePart(bytes, key);
      }),
    );
    const { model, documents, summaries } = await composeFromParts(
      { store: runtime.store, now: runtime.now },
      {
        period,
        fetch: fetchOptions(config),
        findings: config.findings,
        minCoveragePct: config.report.minCoveragePct,
        language,
      },
      parts,
    );
    const { pdf, html } = documents;
    if (!pdf || html === undefined)
      throw new RenderError(`The report of ${serviceName} lacks its PDF or HTML.`);
    return { digest: model, pdf, html, summaries };
  };
}

export type PartJobOutcome = { readonly part: PartJob } & PartOutcome<JobOutcome>;

/**
 * Runs one datacenter job: builds and stores its part; if that completes the run, composes the
 * report and runs the service's delivery (weekly mail or monthly archive) with it.
 */
export async function runPartJob(
  runtime: Runtime,
  part: PartJob,
  signal?: AbortSignal,
): Promise<PartJobOutcome> {
  const body = encodePart(await buildPartOf(runtime, part, signal));
  const outcome = await finishPart(
    { store: runtime.store, now: runtime.now },
    { part, leaseSeconds: runtime.config.schedule.leaseSeconds },
    body,
    (keys) => runJob(runtime, part.job, signal, composedReportBuilder(runtime, keys)),
  );
  return { part, ...outcome };
}
