import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../lib/core/errors.ts';
import { decodeJob, decodeQueuedJob, encodeJob } from '../../../../lib/deliver/queue/job-message.ts';

const job = {
  kind: 'weekly',
  serviceName: 'pcc-192-0-2-10',
  period: '2026-W47',
  timeZone: 'Europe/Paris',
} as const;

describe('queued job messages', () => {
  it('round-trips a job through its versioned body', () => {
    expect(JSON.parse(encodeJob(job))).toEqual({ v: 1, ...job });
    expect(decodeJob(encodeJob(job))).toEqual(job);
  });

  it.each([
    ['not JSON', 'weekly pcc-1'],
    ['another version', JSON.stringify({ ...job, v: 2 })],
    ['an unknown field', JSON.stringify({ v: 1, ...job, extra: true })],
    ['a service with a slash', JSON.stringify({ v: 1, ...job, serviceName: 'a/b' })],
    ['a service walking up', JSON.stringify({ v: 1, ...job, serviceName: 'pcc-1..' })],
    ['an empty service', JSON.stringify({ v: 1, ...job, serviceName: '' })],
    ['a month in a weekly job', JSON.stringify({ v: 1, ...job, period: '2026-11' })],
  ])('refuses %s with a DeliveryError', (_, body) => {
    expect(() => decodeJob(body)).toThrow(DeliveryError);
  });

  it('names a refused service and the form expected', () => {
    expect(() => decodeJob(JSON.stringify({ v: 1, ...job, serviceName: 'pcc-1/../x' }))).toThrow(
      /serviceName: "pcc-1\/\.\.\/x" is not a service name: expected pcc-/,
    );
  });

  it('round-trips an on-demand job, which carries its id alone', () => {
    const adhoc = { kind: 'adhoc', jobId: '0123456789abcdef01234567' } as const;
    expect(encodeJob(adhoc)).toBe('{"v":1,"kind":"adhoc","jobId":"0123456789abcdef01234567"}');
    expect(decodeQueuedJob(encodeJob(adhoc))).toEqual(adhoc);
    expect(decodeQueuedJob(encodeJob(job))).toEqual(job);
  });

  it.each([
    ['a short id', JSON.stringify({ v: 1, kind: 'adhoc', jobId: 'abc' })],
    ['an id with a path', JSON.stringify({ v: 1, kind: 'adhoc', jobId: '../0123456789abcdef012345' })],
    [
      'a query beside the id',
      JSON.stringify({ v: 1, kind: 'adhoc', jobId: '0123456789abcdef01234567', service: 'x' }),
    ],
    ['not JSON', 'adhoc'],
  ])('refuses an on-demand job with %s', (_, body) => {
    expect(() => decodeQueuedJob(body)).toThrow(DeliveryError);
  });
});
