import { describe, expect, it } from 'vitest';
import { authenticate, hashApiKey, mayRead, newApiKey } from '../../../../lib/deliver/http/api-keys.ts';

const key = newApiKey();
const keys = [
  { id: 'ops', sha256: hashApiKey(key), services: ['pcc-1', 'pcc-2'] },
  { id: 'all', sha256: hashApiKey('another-key-0123456789'), services: ['*'] },
];

describe('API keys', () => {
  it('finds the key a bearer token presents, by its hash', () => {
    expect(authenticate(`Bearer ${key}`, keys)?.id).toBe('ops');
    expect(authenticate(`bearer   ${key}`, keys)?.id).toBe('ops');
    expect(authenticate('Bearer another-key-0123456789', keys)?.id).toBe('all');
  });

  it('finds nothing for a missing, malformed or unknown token', () => {
    for (const header of [
      undefined,
      '',
      key,
      `Basic ${key}`,
      'Bearer short',
      `Bearer ${key}x`,
      `Bearer ${key} extra`,
    ]) {
      expect(authenticate(header, keys)).toBeNull();
    }
    // A configured hash presented as the token is not the key.
    expect(authenticate(`Bearer ${hashApiKey(key)}`, keys)).toBeNull();
  });

  it('lets a key read its own services, or all with *', () => {
    const [ops, all] = keys;
    if (!ops || !all) throw new Error('keys');
    expect(mayRead(ops, 'pcc-1')).toBe(true);
    expect(mayRead(ops, 'pcc-3')).toBe(false);
    expect(mayRead(all, 'pcc-3')).toBe(true);
  });

  it('makes 256-bit URL-safe keys', () => {
    expect(newApiKey()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
