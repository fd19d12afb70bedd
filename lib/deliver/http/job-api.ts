/**
 * The answers about on-demand jobs: `202 Accepted` to a report request the worker will build,
 * and `GET /v1/jobs/{id}`: 200 with the status and progress while queued or running, 303 to
 * the artefact when done (a presigned URL, or for a store that cannot sign the report's own
 * URL, which then serves the stored artefact), problem+json when it failed.
 */
import { DateTime } from 'luxon';
import type { VersionedObjectStore } from '../../core/ports.ts';
import { JOB_ID_PATTERN } from '../queue/job-message.ts';
import { isActive, type JobRecord, readJob } from './job-record.ts';
import { locateArtefact } from './on-demand.ts';
import { PROBLEM_TYPES, type Problem } from './problem.ts';
import type { ApiResponse } from './types.ts';

/** Where a job is polled. */
export const JOBS_PATH = '/v1/jobs/';

/** How long a client should wait between polls, seconds (`Retry-After`). */
export const POLL_SECONDS = 5;

/** The body of a pending job's status (202 and 200). */
export function jobStatus(job: JobRecord) {
  const { query } = job;
  return {
    id: job.id,
    status: job.state,
    progress: job.progress,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    request: {
      service: query.service,
      datacenter: query.datacenter,
      from: localIso(query.period.startMs, query.period.timeZone),
      to: localIso(query.period.endMs, query.period.timeZone),
      tz: query.period.timeZone,
      format: query.format,
      lang: query.language,
      ...(query.format === 'csv' ? { table: query.table } : {}),
    },
  };
}

function localIso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** The report URL that asks for exactly the job's artefact (relative, like Location). */
export function reportUrl(job: JobRecord): string {
  const r = jobStatus(job).request;
  const params = new URLSearchParams({
    service: r.service,
    ...(r.datacenter ? { datacenter: r.datacenter } : {}),
    from: r.from,
    to: r.to,
    tz: r.tz,
    format: r.format,
    lang: r.lang,
    ...(r.table ? { table: r.table } : {}),
  });
  return `/v1/reports?${params}`;
}

/** 202 for a report the worker builds (or is building): Location names the job to poll. */
export function acceptedResponse(job: JobRecord, requestId: string, preferAsync: boolean): ApiResponse {
  return {
    status: 202,
    headers: {
      'content-type': 'application/json',
      location: `${JOBS_PATH}${job.id}`,
      'retry-after': String(POLL_SECONDS),
      'cache-control': 'no-store',
      ...(preferAsync ? { 'preference-applied': 'respond-async' } : {}),
      'x-request-id': requestId,
    },
    body: `${JSON.stringify(jobStatus(job))}\n`,
  };
}

/** Whether a `Prefer` header asks for an asynchronous answer (RFC 7240). */
export function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.split(';')[0]?.trim().toLowerCase() === 'respond-async');
}

export interface JobAnswerDeps {
  readonly store: VersionedObjectStore;
  readonly now: () => Date;
  readonly linkTtlSeconds: number;
}

/** What `GET /v1/jobs/{id}` answers: a response, or a problem. */
export async function answerJob(
  deps: JobAnswerDeps,
  id: string,
  mayRead: (service: string) => boolean,
  requestId: string,
): Promise<ApiResponse | Problem> {
  const job = JOB_ID_PATTERN.test(id) ? await readJob(deps.store, id) : null;
  // A job of a service the key may not read is answered as if it did not exist.
  if (!job || !mayRead(job.record.query.service)) {
    return {
      type: PROBLEM_TYPES.notFound,
      title: 'Not found',
      status: 404,
      detail: `No job ${id.slice(0, 64)}; request the report to start one.`,
      requestId,
    };
  }
  const { record } = job;
  const headers = { 'cache-control': 'no-store', 'x-request-id': requestId };
  if (record.state === 'failed') {
    const failed = record.problem ?? {
      type: PROBLEM_TYPES.internal,
      title: 'Internal error',
      status: 500,
      detail: 'The report could not be produced.',
    };
    const { category, ...shown } = failed;
    return { ...shown, ...(category ? { category } : {}), requestId };
  }
  if (record.state !== 'done') {
    if (!isActive(record, deps.now().getTime())) {
      return {
        type: PROBLEM_TYPES.internal,
        title: 'Internal error',
        status: 500,
        detail: 'The job stopped before it finished; request the report again to start it anew.',
        requestId,
      };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'retry-after': String(POLL_SECONDS), ...headers },
      body: `${JSON.stringify(jobStatus(record))}\n`,
    };
  }
  const head = await deps.store.head(record.artefactKey);
  if (!head) {
    return {
      type: PROBLEM_TYPES.notFound,
      title: 'Not found',
      status: 404,
      detail: "The job's report is no longer stored; request the report again.",
      requestId,
    };
  }
  const presigned = await deps.store.presign(record.artefactKey, {
    expiresInSeconds: deps.linkTtlSeconds,
    downloadName: locateArtefact(record.query).fileName,
  });
  const location = presigned ?? reportUrl(record);
  return {
    status: 303,
    headers: { location, 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: `See ${location}\n`,
  };
}
