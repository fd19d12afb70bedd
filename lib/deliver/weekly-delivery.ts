/**
 * Delivers one service's weekly report exactly once per period, however often the scheduler or
 * the queue invokes us.
 *
 *   1 read the period's delivery marker: `done` → nothing to do; a fresh `claimed` → another
 *     invocation is at work, nothing to do.
 *   2 claim: create the marker (`If-None-Match: *`), or take over a failed or stale claim
 *     (`If-Match: <etag>`). A 412 means someone else won: nothing to do.
 *   3 reuse the stored report if complete, else build it.
 *   4 mail it (PDF attached, or a presigned link when larger than the limit).
 *   5 mark `done` (If-Match on our claim). On failure mark `failed`, so a retry may claim again.
 *
 * Real S3 enforces the conditions, so two concurrent invocations cannot both claim. Local servers
 * do not; there the store's read-before-write check makes sequential retries safe, and a true
 * race of two invocations within milliseconds could mail twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ERROR_CODES, PreconditionFailedError } from '../core/errors.ts';
import type { Mailer, PutOptions, VersionedObjectStore, WriteCondition } from '../core/ports.ts';
import type { Language, Period } from '../core/types.ts';
import { deliveryMarkerKey } from '../store/keys.ts';
import { composeWeeklyMail } from './mail/weekly-mail.ts';
import { type PublishedReport, type PublishedReportBuilder, storedOrBuilt } from './published-report.ts';

export interface Recipients {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly language: Language;
}

export interface WeeklyDeliveryDeps {
  readonly store: VersionedObjectStore;
  readonly mailer: Mailer | null;
  readonly build: PublishedReportBuilder;
  readonly now: () => Date;
}

export interface WeeklyDeliveryRequest {
  readonly serviceName: string;
  readonly period: Period;
  /** Null: store the report, mail nobody. */
  readonly recipients: Recipients | null;
  /** Report language when nobody is mailed. */
  readonly language: Language;
  readonly from: string;
  readonly attachMaxBytes: number;
  readonly linkTtlSeconds: number;
  /** A claim older than this belongs to a run that died; it may be taken over. */
  readonly leaseSeconds: number;
}

export type WeeklyOutcome =
  | {
      readonly status: 'delivered';
      readonly reused: boolean;
      readonly mailed: boolean;
      readonly attached: boolean;
      readonly messageId: string | null;
    }
  | { readonly status: 'already-delivered'; readonly doneAt: string }
  | { readonly status: 'in-progress'; readonly claimedAt: string };

const markerSchema = z.object({
  state: z.enum(['claimed', 'done', 'failed']),
  claimId: z.string(),
  claimedAt: z.string(),
  doneAt: z.string().optional(),
  messageId: z.string().nullable().optional(),
  pdfSha256: z.string().optional(),
  error: z.string().optional(),
});
type Marker = z.infer<typeof markerSchema>;

const MARKER_OPTIONS: PutOptions = { contentType: 'application/json' };

async function readMarker(
  store: VersionedObjectStore,
  key: string,
): Promise<{ marker: Marker; etag: string } | null> {
  const version = await store.read(key);
  if (!version) return null;
  return { marker: parseMarker(version.body), etag: version.etag };
}

/**
 * A marker that is not JSON (a torn or foreign write) or not a marker is treated as a failed
 * claim: taken over and rewritten, never trusted as `done`, and never an error that would fail
 * every retry until the message dead-letters.
 */
function parseMarker(body: Uint8Array): Marker {
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    // Unreadable: falls through to the failed claim below.
  }
  const parsed = markerSchema.safeParse(json);
  return parsed.success
    ? parsed.data
    : { state: 'failed', claimId: 'unreadable', claimedAt: new Date(0).toISOString() };
}

const writeMarker = (store: VersionedObjectStore, key: string, marker: Marker, condition: WriteCondition) =>
  store.putIf(key, `${JSON.stringify(marker, null, 2)}\n`, MARKER_OPTIONS, condition);

/** Delivers the weekly report of one service for one period, at most once. */
export async function deliverWeekly(
  deps: WeeklyDeliveryDeps,
  request: WeeklyDeliveryRequest,
): Promise<WeeklyOutcome> {
  const key = deliveryMarkerKey(request.serviceName, request.period);
  const current = await readMarker(deps.store, key);
  if (current?.marker.state === 'done') {
    return { status: 'already-delivered', doneAt: current.marker.doneAt ?? current.marker.claimedAt };
  }
  const nowMs = deps.now().getTime();
  if (
    current?.marker.state === 'claimed' &&
    nowMs - Date.parse(current.marker.claimedAt) < request.leaseSeconds * 1000
  ) {
    return { status: 'in-progress', claimedAt: current.marker.claimedAt };
  }

  const claim: Marker = { state: 'claimed', claimId: randomUUID(), claimedAt: new Date(nowMs).toISOString() };
  let claimEtag: string;
  try {
    const written = await writeMarker(
      deps.store,
      key,
      claim,
      current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
    );
    claimEtag = written.etag;
  } catch (error) {
    if (error instanceof PreconditionFailedError)
      return { status: 'in-progress', claimedAt: claim.claimedAt };
    throw error;
  }

  try {
    const language = request.recipients?.language ?? request.language;
    const report = await storedOrBuilt(deps.store, deps.build, {
      serviceName: request.serviceName,
      period: request.period,
      language,
    });
    const sent =
      request.recipients && deps.mailer
        ? await mail(deps.mailer, deps, request, request.recipients, report)
        : null;
    const done: Marker = {
      ...claim,
      state: 'done',
      doneAt: deps.now().toISOString(),
      messageId: sent?.messageId ?? null,
      pdfSha256: createHash('sha256').update(report.pdf).digest('hex'),
    };
    await writeMarker(deps.store, key, done, { ifMatch: claimEtag }).catch((error: unknown) => {
      // Our claim was taken over (we outlived the lease). The mail is out: say so, do not fail.
      if (!(error instanceof PreconditionFailedError)) throw error;
    });
    return {
      status: 'delivered',
      reused: report.reused,
      mailed: sent !== null,
      attached: sent?.attached ?? false,
      messageId: sent?.messageId ?? null,
    };
  } catch (error) {
    const failed: Marker = {
      ...claim,
      state: 'failed',
      error: (error as { code?: string }).code ?? ERROR_CODES.unexpected,
    };
    await writeMarker(deps.store, key, failed, { ifMatch: claimEtag }).catch(() => undefined);
    throw error;
  }
}

/** The name the weekly mail gives its PDF, attached or linked. */
export function pdfFileName(serviceName: string, period: Pick<Period, 'label'>): string {
  return `vscope-${serviceName}-${period.label}.pdf`;
}

async function mail(
  mailer: Mailer,
  deps: WeeklyDeliveryDeps,
  request: WeeklyDeliveryRequest,
  recipients: Recipients,
  report: PublishedReport,
): Promise<{ messageId: string; attached: boolean }> {
  const fileName = pdfFileName(request.serviceName, request.period);
  let link: { url: string; expiresAt: Date } | undefined;
  if (report.pdf.byteLength > request.attachMaxBytes) {
    const url = await deps.store.presign(`${report.folder}/report.pdf`, {
      expiresInSeconds: request.linkTtlSeconds,
      downloadName: fileName,
    });
    // A store that cannot sign links (a local folder) still gets the mail, with the attachment.
    if (url) link = { url, expiresAt: new Date(deps.now().getTime() + request.linkTtlSeconds * 1000) };
  }
  const message = composeWeeklyMail({
    report: report.digest,
    language: recipients.language,
    from: request.from,
    to: recipients.to,
    cc: recipients.cc,
    pdf: { fileName, bytes: report.pdf },
    ...(link ? { link } : {}),
  });
  const sent = await mailer.send(message);
  return { messageId: sent.messageId, attached: link === undefined };
}
