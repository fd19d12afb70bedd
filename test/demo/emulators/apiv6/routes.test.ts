import { describe, expect, it } from 'vitest';
import {
  isDenied,
  METRICS_TOKEN_TEMPLATE,
  matchRoute,
  parseDeniedRule,
} from '../../../../demo/emulators/apiv6/routes.ts';

describe('matchRoute', () => {
  it('matches an object path and decodes its parameters', () => {
    expect(matchRoute('GET', '/dedicatedCloud/pcc%2D1/datacenter/12/vm/34')).toEqual({
      method: 'GET',
      template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/vm/{vmId}',
      authenticated: true,
      params: { serviceName: 'pcc-1', datacenterId: '12', vmId: '34' },
    });
  });

  it('marks GET /auth/time as unauthenticated and the rest as authenticated', () => {
    expect(matchRoute('GET', '/auth/time')?.authenticated).toBe(false);
    expect(matchRoute('GET', '/dedicatedCloud')?.authenticated).toBe(true);
  });

  it('matches nothing for another method, an extra segment, a trailing slash or an empty parameter', () => {
    expect(matchRoute('POST', '/dedicatedCloud')).toBeNull();
    expect(matchRoute('GET', '/dedicatedCloud/pcc-1/datacenter/1/vm/2/extra')).toBeNull();
    expect(matchRoute('GET', '/dedicatedCloud/')).toBeNull();
    expect(matchRoute('GET', '/dedicatedCloud//datacenter')).toBeNull();
    expect(matchRoute('GET', '/dedicatedCloud/%E0%A4%A')).toBeNull();
  });

  it('hides the metricsToken operation when asked, as OVH removed it', () => {
    const path = '/dedicatedCloud/pcc-1/user/1001/metricsToken';
    expect(matchRoute('POST', path)?.template).toBe(METRICS_TOKEN_TEMPLATE);
    expect(matchRoute('POST', path, new Set([METRICS_TOKEN_TEMPLATE]))).toBeNull();
  });
});

describe('denied rules', () => {
  const rules = ['POST /dedicatedCloud/*/user/*/metricsToken', 'GET /dedicatedCloud/secret-*'].map(
    parseDeniedRule,
  );

  it('denies the calls a rule covers, with * spanning segments as in OVH access rules', () => {
    expect(isDenied(rules, 'POST', '/dedicatedCloud/pcc-1/user/1001/metricsToken')).toBe(true);
    expect(isDenied(rules, 'GET', '/dedicatedCloud/secret-1/datacenter/2')).toBe(true);
  });

  it('leaves other methods and paths alone', () => {
    expect(isDenied(rules, 'GET', '/dedicatedCloud/pcc-1/user/1001/metricsToken')).toBe(false);
    expect(isDenied(rules, 'GET', '/dedicatedCloud/pcc-1')).toBe(false);
    expect(isDenied(rules, 'POST', '/dedicatedCloud/pcc-1/user/1001/metricsTokenX')).toBe(false);
  });

  it('takes regular-expression characters in a rule literally', () => {
    const [rule] = ['GET /dedicatedCloud/a.b'].map(parseDeniedRule);
    expect(isDenied(rule ? [rule] : [], 'GET', '/dedicatedCloud/a.b')).toBe(true);
    expect(isDenied(rule ? [rule] : [], 'GET', '/dedicatedCloud/aXb')).toBe(false);
  });

  it('rejects a rule that is not "METHOD /path"', () => {
    expect(() => parseDeniedRule('/dedicatedCloud/*')).toThrow(/METHOD \/path/);
    expect(() => parseDeniedRule('get /dedicatedCloud')).toThrow(/METHOD \/path/);
  });
});
