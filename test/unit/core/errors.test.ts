import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_STATUS,
  DeliveryError,
  describeError,
  ERROR_CODES,
  InventoryError,
  MetricsHttpError,
  MetricsPayloadError,
  MetricsTransportError,
  PeriodError,
  PreconditionFailedError,
  RenderError,
  StoreError,
  VscopeError,
} from '../../../lib/core/errors.ts';

describe('error statuses', () => {
  it('gives every declared code a default status', () => {
    for (const code of Object.values(ERROR_CODES)) expect(DEFAULT_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('answers 502 for failures of the services a report depends on and 500 for the rest', () => {
    const statuses = [
      new ConfigError('c'),
      new MetricsTransportError('t'),
      new MetricsHttpError('h'),
      new MetricsPayloadError('p'),
      new InventoryError('i'),
      new StoreError('s'),
      new PeriodError('p'),
      new RenderError('r'),
      new DeliveryError('d'),
    ].map((error) => [error.code, error.status]);
    expect(Object.fromEntries(statuses)).toEqual({
      CONFIG_INVALID: 502,
      METRICS_TRANSPORT: 502,
      METRICS_HTTP: 502,
      METRICS_PAYLOAD: 502,
      INVENTORY: 502,
      STORE: 502,
      PERIOD_INVALID: 500,
      RENDER: 500,
      DELIVERY: 500,
    });
  });

  it('keeps a status given to the error over its code default', () => {
    const error = new InventoryError('no such datacenter', { expose: true, status: 404 });
    expect(error.status).toBe(404);
    expect(new VscopeError('RENDER', 'not here', { status: 501 }).status).toBe(501);
  });

  it('keeps an observed upstream status in the context apart from the status to answer', () => {
    const error = new MetricsHttpError('answered 404', { context: { status: 404 } });
    expect([error.context.status, error.status]).toEqual([404, 502]);
  });
});

describe('describeError', () => {
  it('describes a VscopeError by its code, message, exposure, status and context', () => {
    const error = new InventoryError('APIv6 refused the call.', {
      expose: true,
      context: { path: '/dedicatedCloud', status: 403 },
    });
    expect(describeError(error)).toEqual({
      code: 'INVENTORY',
      message: 'APIv6 refused the call.',
      expose: true,
      status: 502,
      context: { path: '/dedicatedCloud', status: 403 },
    });
  });

  it('answers an exposed error with its own client-error status', () => {
    const error = new InventoryError('Service pcc-1 has no datacenter 9.', { expose: true, status: 404 });
    expect(describeError(error).status).toBe(404);
  });

  it('answers 500 for a client-error status on an error not meant for the client', () => {
    const error = new InventoryError('internal lookup missed', { status: 404 });
    expect(describeError(error).status).toBe(500);
  });

  it('keeps a server-side status whether or not the error is exposed', () => {
    expect(describeError(new MetricsTransportError('refused')).status).toBe(502);
    expect(describeError(new ConfigError('no token')).status).toBe(502);
    expect(describeError(new RenderError('no CSV', { cause: null })).status).toBe(500);
  });

  it('describes anything else as UNEXPECTED, unexposed, 500, with its stack', () => {
    const error = new TypeError('x is undefined');
    const described = describeError(error);
    expect(described).toMatchObject({
      code: ERROR_CODES.unexpected,
      message: 'x is undefined',
      expose: false,
      status: 500,
      context: {},
    });
    expect(described.stack).toContain('TypeError: x is undefined');
    expect(describeError(new StoreError('gone'))).not.toHaveProperty('stack');
  });

  it('prints thrown values that are not errors, even without a usable toString', () => {
    expect(describeError('plain text').message).toBe('plain text');
    expect(describeError(undefined).message).toBe('undefined');
    expect(describeError(Object.create(null)).message).toBe('[object Object]');
    expect(describeError(new Error('')).message).toBe('Error');
  });

  it('masks secret-named context fields and credentials in URLs, leaving object keys', () => {
    const context = {
      url: 'https://reader:s3cr3t@opentsdb.example/api/query',
      key: 'reports/pcc-1/2026-W47/report.pdf',
      token: 'abc',
      Authorization: 'Basic cmVhZDp4',
      nested: { apiKey: 'k', link: 'https://b.example/o?X-Amz-Signature=ff00&x=1', list: ['https://u:p@h/'] },
    };
    const described = describeError(new StoreError('failed', { context }));
    expect(described.context).toEqual({
      url: 'https://***@opentsdb.example/api/query',
      key: 'reports/pcc-1/2026-W47/report.pdf',
      token: '***',
      Authorization: '***',
      nested: {
        apiKey: '***',
        link: 'https://b.example/o?X-Amz-Signature=***&x=1',
        list: ['https://***@h/'],
      },
    });
    expect(context.token).toBe('abc');
  });

  it('masks credentials in messages and stacks', () => {
    const described = describeError(new Error('connect to https://u:pw-9z@host.example?token=tk-7q failed'));
    expect(described.message).toBe('connect to https://***@host.example?token=*** failed');
    expect(described.stack).not.toMatch(/pw-9z|tk-7q/);
  });

  it('masks context nested deeper than any we build instead of walking it', () => {
    const deep = { a: { b: { c: { d: { e: 'secret' } } } } };
    expect(describeError(new RenderError('r', { context: deep })).context).toEqual({
      a: { b: { c: { d: '***' } } },
    });
  });
});

describe('PreconditionFailedError', () => {
  it('is a StoreError naming the key and the condition that no longer holds', () => {
    const taken = new PreconditionFailedError('a/b.json', { ifNoneMatch: '*' });
    const moved = new PreconditionFailedError('a/b.json', { ifMatch: '"e1"' });
    expect(taken).toBeInstanceOf(StoreError);
    expect(taken.message).toBe("Object 'a/b.json' already exists; the conditional write was not applied.");
    expect(moved.message).toContain('is no longer at version "e1"');
    expect(moved.condition).toEqual({ ifMatch: '"e1"' });
    expect(describeError(moved)).toMatchObject({ code: 'STORE', context: { key: 'a/b.json', status: 412 } });
  });
});
