import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../lib/core/errors.ts';
import { decodeJob } from '../../../../lib/deliver/queue/job-message.ts';
import { decodePartJob, encodePartJob, type PartJob } from '../../../../lib/deliver/queue/part-message.ts';

const part: PartJob = {
  kind: 'part',
  job: { kind: 'monthly', serviceName: 'pcc-192-0-2-10', period: '2026-11', timeZone: 'Europe/Paris' },
  runId: '0f6b2c1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  datacenterTag: 'pcc-192-0-2-10_datacenter1842',
  index: 2,
  count: 3,
};

describe('datacenter job messages', () => {
  it('reads back the job it wrote, versioned', () => {
    const body = encodePartJob(part);
    expect(JSON.parse(body)).toMatchObject({ v: 1, kind: 'part', job: { v: 1, kind: 'monthly' } });
    expect(decodePartJob(body)).toEqual(part);
  });

  it('leaves the service jobs to their own decoder', () => {
    const body =
      '{"v":1,"kind":"weekly","serviceName":"pcc-192-0-2-10","period":"2026-W47","timeZone":"Europe/Paris"}';
    expect(decodePartJob(body)).toBeNull();
    expect(decodePartJob('not json')).toBeNull();
    expect(decodeJob(body).kind).toBe('weekly');
  });

  it('refuses a malformed datacenter job, naming the field', () => {
    const beyond = JSON.stringify({ ...JSON.parse(encodePartJob(part)), index: 3 });
    expect(() => decodePartJob(beyond)).toThrow(DeliveryError);
    expect(() => decodePartJob(beyond)).toThrow(/index/);
    const badJob = JSON.stringify({ ...JSON.parse(encodePartJob(part)), job: { v: 1, kind: 'weekly' } });
    expect(() => decodePartJob(badJob)).toThrow(/Queued job is malformed/);
  });
});
