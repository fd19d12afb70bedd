import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { type OpenTsdbEmulator, startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { describeError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { failedQueries } from '../../../lib/core/types.ts';
import { FETCH_DEFAULTS } from '../../../lib/fetch/fetch-series.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { buildReport } from '../../../lib/pipeline.ts';
import type { ReportRequest } from '../../../lib/pipeline-types.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';

/**
 * A broken run never looks like a report: a refused token, no series, or coverage under the
 * floor fail the run with the cause and the fix, and store nothing; above the floor the report
 * is made and states its gaps. One request per metric, so a fault fails exactly one metric.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const TOKEN = 'policy-token';
let full: OpenTsdbEmulator;
let empty: OpenTsdbEmulator;
let emptyOvh: OpenTsdbEmulator;

beforeAll(async () => {
  const store = createSeriesStore();
  for (const s of generateDemoSeries(inventory, {
    fromSec: period.startMs / 1000,
    toSec: period.endMs / 1000,
  })) {
    store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  }
  full = await startOpenTsdbEmulator({ store, auth: { token: TOKEN } });
  empty = await startOpenTsdbEmulator({ store: createSeriesStore() });
  emptyOvh = await startOpenTsdbEmulator({ store: createSeriesStore(), flavour: 'ovh' });
});

afterAll(async () => {
  await full?.close();
  await empty?.close();
  await emptyOvh?.close();
});

async function attempt(emulator: OpenTsdbEmulator, token: string, request: Partial<ReportRequest> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'vscope-policy-'));
  // Patient attempts and no retry: only the scripted faults fail a request.
  const client = createOpenTsdbClient({
    endpoint: emulator.url,
    token,
    maxRetries: 0,
    attemptTimeoutMs: 120_000,
  });
  try {
    const outcome = await buildReport(
      {
        inventory: staticInventory(inventory),
        metrics: client,
        store: createFsStore(root),
        now: () => new Date(),
      },
      { period, fetch: { ...FETCH_DEFAULTS, maxSubQueriesPerRequest: 1 }, formats: ['json'], ...request },
    ).then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    return { ...outcome, stored: readdirSync(root, { recursive: true }) };
  } finally {
    await client.close();
  }
}

describe('failure policy', () => {
  it('fails when the endpoint refuses the token, naming the setting to fix, and stores nothing', async () => {
    const { error, stored } = await attempt(full, 'wrong-token');
    const failure = describeError(error);
    expect([failure.code, failure.status, failure.expose]).toEqual(['METRICS_AUTH', 502, true]);
    expect(failure.message).toMatch(
      /refused the credentials \(401\).*metrics\.token \(VSCOPE_METRICS_TOKEN\)/,
    );
    expect(stored).toEqual([]);
  });

  it('fails when the endpoint knows none of the series (stock: 400 per query), quoting its answer', async () => {
    const { error, stored } = await attempt(empty, TOKEN);
    const failure = describeError(error);
    expect(failure.code).toBe('NO_DATA');
    expect(failure.message).toMatch(
      /No series arrived for .* over 2026-W47.*20 failed queries.*answered 400/,
    );
    expect(failure.message).toMatch(/tags\.datacenter/);
    expect(stored).toEqual([]);
  });

  it('fails when every query answers without series, pointing at the tag mapping', async () => {
    const { error, stored } = await attempt(emptyOvh, TOKEN);
    const failure = describeError(error);
    expect(failure.code).toBe('NO_DATA');
    expect(failure.message).toMatch(/answered without series for the tags asked: check the tag mapping/);
    expect(stored).toEqual([]);
  });

  it('fails under the coverage floor, naming the failed query', async () => {
    full.faults.push({ fault: { status: 503, body: 'busy' } });
    const { error, stored } = await attempt(full, TOKEN, { minCoveragePct: 100 });
    const failure = describeError(error);
    expect(failure.code).toBe('LOW_COVERAGE');
    expect(failure.message).toMatch(
      /under the 100 % a report needs.*1 failed query in 20 request\(s\); first cause: .*503/,
    );
    expect(stored).toEqual([]);
  });

  it('makes the report above the floor, with the failed metric as a stated gap', async () => {
    full.faults.push({ fault: { status: 503, body: 'busy' } });
    const { result, error } = await attempt(full, TOKEN);
    expect(error).toBeNull();
    const model = result?.model;
    const failed = failedQueries(model?.gaps ?? []);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((g) => g.reason.includes('503'))).toBe(true);
    expect(model?.coverage.pct).toBeGreaterThanOrEqual(50);
    expect(model?.coverage.pct).toBeLessThan(100);
  });
});
