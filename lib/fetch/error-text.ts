/**
 * The text a failed request puts in its error: the server's own words, shortened, with the
 * metrics token removed, and a hint at the configuration key to check.
 */
import { maskSecrets } from '../core/errors.ts';

/** Longest excerpt of a server's error text kept in a message (an HTML error page can be long). */
export const MAX_ERROR_TEXT = 300;

/**
 * The forms a metrics token can take in a server's text: as it is, URL-encoded (once or twice),
 * and base64 (standard or URL-safe, padded or not) of `user:token` as Basic auth sends it, and of
 * the token alone. Longest first, so a form containing another goes whole.
 */
export function secretForms(secret: string, user: string): string[] {
  if (!secret) return [];
  const base64 = (text: string) => {
    const standard = Buffer.from(text, 'utf8').toString('base64');
    const unpadded = standard.replace(/=+$/, '');
    return [standard, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')];
  };
  const encoded = encodeURIComponent(secret);
  const forms = [
    secret,
    encoded,
    encodeURIComponent(encoded),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    ...base64(`${user}:${secret}`),
    ...base64(secret),
  ];
  return [...new Set(forms)].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Removes the metrics token from a text: every form of it (see `secretForms`) becomes `***`, and
 * whatever any text may carry (credentials in a URL, an Authorization header) is masked as
 * describeError masks it. Masks credentials even when there is no token.
 */
export function redactor(secret: string, user = 'read'): (text: string) => string {
  const forms = secretForms(secret, user);
  return (text) => maskSecrets(forms.reduce((t, form) => t.split(form).join('***'), text));
}

/** The server's own error text: OpenTSDB's JSON `error.message`, or the plain-text body of OVH's proxy. */
export function errorText(body: string): string {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (typeof error === 'object' && error !== null && 'message' in error) {
        text = String((error as { message: unknown }).message);
      }
    }
  } catch {
    // plain text body
  }
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

/** What to check for a status that points at our configuration, as a suffix to the message. */
export function statusHint(status: number): string {
  if (status === 401 || status === 403)
    return ' — check the metrics token (configuration key metrics.token).';
  if (status === 404) return ' — check the endpoint URL (configuration key metrics.endpoint).';
  return '';
}
