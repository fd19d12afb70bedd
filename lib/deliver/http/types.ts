/** The HTTP API's own request and response, independent of API Gateway and of node:http. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** The query string as sent, without `?` (duplicates and order preserved). */
  readonly rawQuery: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/** Where the API writes its log lines: the functions' logger (Powertools' Logger is one). */
export interface ApiLogger {
  info(message: string, attributes: Readonly<Record<string, unknown>>): void;
  warn(message: string, attributes: Readonly<Record<string, unknown>>): void;
  error(message: string, attributes: Readonly<Record<string, unknown>>): void;
}
