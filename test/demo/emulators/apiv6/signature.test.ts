import { describe, expect, it } from 'vitest';
import { ovhSignature } from '../../../../demo/emulators/apiv6/signature.ts';

/** The published vectors (ovh/go-ovh ovh_test.go, PROTOCOLS.md §3). */
const VECTOR = {
  appSecret: '9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk',
  consumerKey: '5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY',
  url: 'https://eu.api.ovh.com/1.0/auth',
  timestamp: 1457018875,
} as const;

describe('ovhSignature', () => {
  it('matches the published vector for a GET with an empty body', () => {
    expect(ovhSignature({ ...VECTOR, method: 'GET', body: '' })).toBe(
      '$1$e9556054b6309771395efa467c22e627407461ad',
    );
  });

  it('matches the published vector for a POST with a JSON body', () => {
    expect(ovhSignature({ ...VECTOR, method: 'POST', body: '{"a":"b","c":"d"}' })).toBe(
      '$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1',
    );
  });

  it('accepts the timestamp as a string, as it arrives in a header', () => {
    expect(ovhSignature({ ...VECTOR, timestamp: '1457018875', method: 'GET', body: '' })).toBe(
      '$1$e9556054b6309771395efa467c22e627407461ad',
    );
  });

  it('changes when any signed part changes', () => {
    const base = { ...VECTOR, method: 'GET', body: '' };
    const reference = ovhSignature(base);
    const variants = [
      { ...base, appSecret: 'x' },
      { ...base, consumerKey: 'x' },
      { ...base, method: 'POST' },
      { ...base, url: 'https://eu.api.ovh.com:443/1.0/auth' },
      { ...base, body: ' ' },
      { ...base, timestamp: VECTOR.timestamp + 1 },
    ];
    for (const variant of variants) expect(ovhSignature(variant)).not.toBe(reference);
  });

  it('signs the method as given, so a lower-case method does not match the upper-case one', () => {
    const base = { ...VECTOR, body: '' };
    expect(ovhSignature({ ...base, method: 'get' })).not.toBe(ovhSignature({ ...base, method: 'GET' }));
  });
});
