/**
 * The emulator's one error type: an HTTP status and a message in OpenTSDB's own words, rendered
 * by the active flavour (stock OpenTSDB answers `{"error": {"code", "message", "details"?}}`).
 */

export class TsdbError extends Error {
  readonly status: number;
  readonly details: string | undefined;

  constructor(status: number, message: string, details?: string) {
    super(message);
    this.name = 'TsdbError';
    this.status = status;
    this.details = details;
  }
}

/** A 400 Bad Request, the answer to every malformed query or data point. */
export function badRequest(message: string, details?: string): TsdbError {
  return new TsdbError(400, message, details);
}
