/**
 * Basic authentication as OVH's endpoint takes it: the token is the password and the user name is
 * ignored (the guide uses `read`). Off unless a token is configured.
 */
import { TsdbError } from './errors.ts';

/** The password of a `Basic` Authorization header, or null when there is none to read. */
export function basicAuthPassword(header: string | undefined): string | null {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(colon + 1);
}

/** Throws a 401 unless the header carries `token` as its password; a no-op without a token. */
export function checkAuth(header: string | undefined, token: string | undefined): void {
  if (token === undefined) return;
  if (basicAuthPassword(header) !== token) throw new TsdbError(401, 'Not authorized');
}
