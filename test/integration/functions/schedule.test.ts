import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { DeliveryError, InventoryError } from '../../../lib/core/errors.ts';
import type { JobQueue, QueuedJob } from '../../../lib/core/ports.ts';
import { openRuntime } from '../../../lib/runtime/open-runtime.ts';
import { scheduleJobs } from '../../../lib/runtime/report-jobs.ts';

/** What the schedulers do with the services: queue one job each, or run them all and report failures. */
const config = loadConfig({
  VSCOPE_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'vscope-schedule-')),
  VSCOPE_TIME_ZONE: 'America/Montreal',
});
const services = async () => ['pcc-a', 'pcc-b', 'pcc-c'];

describe('scheduling report jobs', () => {
  it('queues one job per service, in the configured time zone', async () => {
    const queued: QueuedJob[] = [];
    const queue: JobQueue = {
      async enqueue(jobs) {
        queued.push(...jobs);
        return { enqueued: jobs.length };
      },
    };
    const result = await scheduleJobs(
      openRuntime(config, { services, queue, mailer: null }),
      'weekly',
      '2026-W46',
    );
    expect(result.mode).toBe('queued');
    expect(queued).toEqual(
      ['pcc-a', 'pcc-b', 'pcc-c'].map((serviceName) => ({
        kind: 'weekly',
        serviceName,
        period: '2026-W46',
        timeZone: 'America/Montreal',
      })),
    );
  });

  it('without a queue, runs every service before failing with the list of those that failed', async () => {
    const attempted: string[] = [];
    const runtime = openRuntime(config, {
      services,
      queue: null,
      mailer: null,
      openSources: async (serviceName) => {
        attempted.push(serviceName);
        throw new InventoryError(`APIv6 has no /dedicatedCloud/${serviceName} (404).`);
      },
    });
    const error = await scheduleJobs(runtime, 'monthly', '2026-10').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(/^3 of 3 monthly job\(s\) failed: pcc-a \(INVENTORY: .*pcc-c/);
    expect(attempted).toEqual(['pcc-a', 'pcc-b', 'pcc-c']);
  });
});
