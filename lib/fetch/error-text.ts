/**
 * The text a failed request puts in its error: the server's own words, shortened, with the
 * metrics token removed, and a hint at the configuration key to check.
 */

/** Longest excerpt of a server's error text kept in a message (an HTML error page can be long). */
export const MAX_ERROR_TEXT = 300;

/** Replaces every occurrence of `secret` in a text by `***`; the identity when there is none. */
export function redactor(secret: string): (text: string) => string {
  return (text) => (secret ? text.split(secret).join('***') : text);
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
