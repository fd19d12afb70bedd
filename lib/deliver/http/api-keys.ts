/**
 * Bearer API keys. Only their SHA-256 is configured; a presented key is hashed and compared with
 * every configured hash in constant time (no early exit), so neither timing nor the answer tells
 * which keys exist. A key maps to the services it may read (`*`: all).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ApiKey {
  readonly id: string;
  /** Lower-case hex SHA-256 of the key. */
  readonly sha256: string;
  readonly services: readonly string[];
}

/** Keys are opaque tokens of printable URL-safe characters; anything else is not a key. */
const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{16,512})$/i;

/** Hex SHA-256 of a key, as configured in http.apiKeys[].sha256. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key (256 bits, base64url). */
export function newApiKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The configured key the Authorization header presents, or null. */
export function authenticate(header: string | undefined, keys: readonly ApiKey[]): ApiKey | null {
  const match = header ? BEARER.exec(header.trim()) : null;
  const presented = createHash('sha256')
    .update(match?.[1] ?? '', 'utf8')
    .digest();
  let found: ApiKey | null = null;
  for (const key of keys) {
    const expected = Buffer.from(key.sha256, 'hex');
    const equal = expected.length === presented.length && timingSafeEqual(expected, presented);
    if (equal && match && found === null) found = key;
  }
  return found;
}

/** True when `key` may read `service`. */
export function mayRead(key: ApiKey, service: string): boolean {
  return key.services.includes('*') || key.services.includes(service);
}
