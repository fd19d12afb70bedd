/**
 * The emulator's one error type: an HTTP status and a message in the server's own words, rendered
 * by the active flavour (stock OpenTSDB answers `{"error": {"code", "message", "details"?}}`, OVH's
 * proxy plain text).
 */

export class TsdbError extends Error {
  readonly status: number;
  readonly details: string | undefined;
  /** Headers the answer carries, such as `Allow` on a 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    details?: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'TsdbError';
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

/** A 400 Bad Request, the answer to every malformed query or data point. */
export function badRequest(message: string, details?: string): TsdbError {
  return new TsdbError(400, message, details);
}
