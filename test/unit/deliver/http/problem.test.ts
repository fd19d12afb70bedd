import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DeliveryError,
  describeError,
  InventoryError,
  MetricsHttpError,
  MetricsPayloadError,
  MetricsTransportError,
  PeriodError,
  RenderError,
  StoreError,
  VscopeError,
} from '../../../../lib/core/errors.ts';
import { NotProducedError } from '../../../../lib/deliver/http/on-demand.ts';
import { failureProblem, PROBLEM_TYPES } from '../../../../lib/deliver/http/problem.ts';
import { UnknownDatacenterError } from '../../../../lib/discover/one-datacenter.ts';

const answer = (error: unknown) => failureProblem(describeError(error), 'req-1');

describe('failureProblem', () => {
  it('answers 404 with the message for a datacenter the service does not have', () => {
    const { problem, explained } = answer(new UnknownDatacenterError('pcc-1', '999'));
    expect(problem).toEqual({
      type: PROBLEM_TYPES.notFound,
      title: 'Not found',
      status: 404,
      detail: "Service pcc-1 has no datacenter '999' (give its id or name).",
      requestId: 'req-1',
    });
    expect(explained).toBe(true);
  });

  it('answers 501 with the message for a document this deployment does not produce', () => {
    const { problem, explained } = answer(new NotProducedError('CSV (vms)'));
    expect([problem.status, problem.type, problem.detail, explained]).toEqual([
      501,
      PROBLEM_TYPES.unavailable,
      'This deployment does not produce CSV (vms).',
      true,
    ]);
  });

  it('answers 502 with only the request id when a service the report depends on fails', () => {
    const upstream = [
      new MetricsTransportError('refused http://127.0.0.1:1'),
      new MetricsHttpError('answered 503'),
      new MetricsPayloadError('not JSON'),
      new InventoryError('APIv6 refused /dedicatedCloud', { expose: true }),
      new StoreError('bucket gone'),
      new ConfigError('pcc-1 has no metrics token'),
    ];
    for (const error of upstream) {
      const { problem, explained } = answer(error);
      expect([problem.status, problem.type, problem.title, explained]).toEqual([
        502,
        PROBLEM_TYPES.upstream,
        'Upstream failure',
        false,
      ]);
      expect(problem.detail).toBe(
        'A service the report depends on failed. Quote request id req-1 when reporting it.',
      );
    }
  });

  it('answers 500 with only the request id for everything else', () => {
    const internal = [
      new PeriodError('Unknown time zone'),
      new RenderError('no font'),
      new DeliveryError('queue refused'),
      new Error('artefact vanished'),
      'a thrown string',
    ];
    for (const error of internal) {
      const { problem, explained } = answer(error);
      expect([problem.status, problem.type, problem.title, explained]).toEqual([
        500,
        PROBLEM_TYPES.internal,
        'Internal error',
        false,
      ]);
      expect(problem.detail).toBe(
        'The report could not be produced. Quote request id req-1 when reporting it.',
      );
    }
  });

  it('keeps the status of an unexposed server-side error but not its message', () => {
    const { problem, explained } = answer(
      new VscopeError('RENDER', 'template dir /opt/x missing', { status: 501 }),
    );
    expect([problem.status, problem.type, explained]).toEqual([501, PROBLEM_TYPES.unavailable, false]);
    expect(problem.detail).not.toContain('/opt/x');
    expect(problem.detail).toContain('req-1');
  });
});
