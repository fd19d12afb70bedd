import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../demo/memory-store.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { Mailer, MailMessage, VersionedObjectStore } from '../../../lib/core/ports.ts';
import type { SummaryArchive } from '../../../lib/core/types.ts';
import type { PublishedReportBuilder } from '../../../lib/deliver/published-report.ts';
import { deliverWeekly, type WeeklyDeliveryRequest } from '../../../lib/deliver/weekly-delivery.ts';
import { deliveryMarkerKey } from '../../../lib/store/keys.ts';
import { buildReportFixture, FIXTURE_SERVICE } from '../../support/report-model.ts';

/**
 * Exactly-once delivery against an in-memory store with S3's conditional-write semantics (and,
 * where said, without them), an in-memory mailer and a builder that writes what the pipeline
 * writes. No module is mocked: these are implementations of the ports.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const { model } = buildReportFixture();

function outbox(options: { failFirst?: boolean } = {}): Mailer & { sent: MailMessage[] } {
  let calls = 0;
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      calls++;
      if (options.failFirst && calls === 1) throw new Error('relay down');
      sent.push(message);
      return { messageId: `<${calls}@test>`, accepted: [...message.to] };
    },
  };
}

/** Writes the report set as the pipeline does (summaries last) and counts builds. */
function builder(store: VersionedObjectStore, pdfBytes = 2048): PublishedReportBuilder & { builds: number } {
  const build = async () => {
    build.builds++;
    const folder = `reports/${FIXTURE_SERVICE}/weekly/${period.label}`;
    const pdf = new Uint8Array(pdfBytes).fill(37);
    const summaries = { schemaVersion: 1, series: [] } as unknown as SummaryArchive;
    await store.put(`${folder}/report.pdf`, pdf, { contentType: 'application/pdf' });
    await store.put(`${folder}/report.html`, '<html></html>', { contentType: 'text/html' });
    await store.put(`${folder}/report.json`, JSON.stringify(model), { contentType: 'application/json' });
    await store.put(`${folder}/summaries.json`, JSON.stringify(summaries), {
      contentType: 'application/json',
    });
    return { digest: model, pdf, html: '<html></html>', summaries };
  };
  build.builds = 0;
  return build;
}

const request: WeeklyDeliveryRequest = {
  serviceName: FIXTURE_SERVICE,
  period,
  recipients: { to: ['ops@example.test'], cc: [], language: 'en' },
  language: 'en',
  from: 'reports@example.test',
  attachMaxBytes: 1024 * 1024,
  linkTtlSeconds: 3600,
  leaseSeconds: 900,
};

const now = () => new Date('2026-11-23T06:00:00Z');

describe('weekly delivery', () => {
  it('mails once: a second invocation finds the delivery done and rewrites nothing', async () => {
    const store = createMemoryStore();
    const mailer = outbox();
    const build = builder(store);
    const first = await deliverWeekly({ store, mailer, build, now }, request);
    const writes = store.stats.writes;
    const second = await deliverWeekly({ store, mailer, build, now }, request);
    expect(first).toMatchObject({ status: 'delivered', mailed: true, attached: true, reused: false });
    expect(second.status).toBe('already-delivered');
    expect(mailer.sent).toHaveLength(1);
    expect(build.builds).toBe(1);
    expect(store.stats.writes).toBe(writes);
  });

  it('lets exactly one of two concurrent invocations deliver when the store enforces conditions', async () => {
    const store = createMemoryStore();
    const mailer = outbox();
    const build = builder(store);
    const outcomes = await Promise.all([
      deliverWeekly({ store, mailer, build, now }, request),
      deliverWeekly({ store, mailer, build, now }, request),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['delivered', 'in-progress']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('answers in-progress when its conditional claim is refused with 412', async () => {
    // A store whose marker appears between our read and our create: the claim gets a 412.
    const inner = createMemoryStore();
    const store: VersionedObjectStore = {
      ...inner,
      async putIf(key, body, options, condition) {
        if ('ifNoneMatch' in condition)
          await inner.put(
            key,
            '{"state":"claimed","claimId":"other","claimedAt":"2026-11-23T05:59:00Z"}',
            options,
          );
        return inner.putIf(key, body, options, condition);
      },
    };
    const mailer = outbox();
    const outcome = await deliverWeekly({ store, mailer, build: builder(inner), now }, request);
    expect(outcome.status).toBe('in-progress');
    expect(mailer.sent).toHaveLength(0);
  });

  it('releases its claim when mailing fails, so the retry delivers, reusing the stored report', async () => {
    const store = createMemoryStore();
    const mailer = outbox({ failFirst: true });
    const build = builder(store);
    await expect(deliverWeekly({ store, mailer, build, now }, request)).rejects.toThrow('relay down');
    const marker = JSON.parse(
      new TextDecoder().decode(
        (await store.get(deliveryMarkerKey(FIXTURE_SERVICE, period))) ?? new Uint8Array(),
      ),
    );
    expect(marker.state).toBe('failed');
    const retry = await deliverWeekly({ store, mailer, build, now }, request);
    expect(retry).toMatchObject({ status: 'delivered', reused: true });
    expect(build.builds).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('takes over a claim older than the lease (a run that died) but not a fresh one', async () => {
    const store = createMemoryStore();
    const mailer = outbox();
    const key = deliveryMarkerKey(FIXTURE_SERVICE, period);
    const claim = (at: string) => JSON.stringify({ state: 'claimed', claimId: 'dead', claimedAt: at });
    await store.put(key, claim('2026-11-23T05:55:00Z'), { contentType: 'application/json' });
    expect((await deliverWeekly({ store, mailer, build: builder(store), now }, request)).status).toBe(
      'in-progress',
    );
    await store.put(key, claim('2026-11-23T05:00:00Z'), { contentType: 'application/json' });
    expect((await deliverWeekly({ store, mailer, build: builder(store), now }, request)).status).toBe(
      'delivered',
    );
    expect(mailer.sent).toHaveLength(1);
  });

  it.each([
    ['a torn JSON write', '{"state":"done","claimId":"x","clai'],
    ['bytes that are not text', new Uint8Array([0xff, 0xfe, 0x00, 0x7b])],
    ['JSON that is no marker', '{"state":"sent"}'],
  ])('takes over a marker holding %s, delivers and rewrites it', async (_name, corrupt) => {
    const store = createMemoryStore();
    const mailer = outbox();
    const key = deliveryMarkerKey(FIXTURE_SERVICE, period);
    await store.put(key, corrupt, { contentType: 'application/json' });
    const outcome = await deliverWeekly({ store, mailer, build: builder(store), now }, request);
    expect(outcome).toMatchObject({ status: 'delivered', mailed: true });
    expect(mailer.sent).toHaveLength(1);
    const marker = JSON.parse(new TextDecoder().decode((await store.get(key)) ?? undefined));
    expect(marker).toMatchObject({ state: 'done', messageId: '<1@test>' });
    // The rewritten marker holds: the next invocation mails nobody.
    expect((await deliverWeekly({ store, mailer, build: builder(store), now }, request)).status).toBe(
      'already-delivered',
    );
    expect(mailer.sent).toHaveLength(1);
  });

  it('stores the report and marks it delivered without mailing when the service has no recipients', async () => {
    const store = createMemoryStore();
    const mailer = outbox();
    const outcome = await deliverWeekly(
      { store, mailer, build: builder(store), now },
      { ...request, recipients: null },
    );
    expect(outcome).toMatchObject({ status: 'delivered', mailed: false });
    expect(mailer.sent).toHaveLength(0);
  });
});
