/**
 * What differs between OpenTSDB-compatible servers at the HTTP surface. Only stock OpenTSDB 2.4
 * is implemented; OVH's proxy (plain-text errors, 501 on GET, end-aligned buckets...; see
 * PROTOCOLS.md §2) would be a second value of this type plus engine options.
 */
import type { TsdbError } from './errors.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface OpenTsdbFlavour {
  readonly name: string;
  /** Body of `GET /api/version`. */
  readonly version: Readonly<Record<string, string>>;
  /** How this server writes an error. */
  errorAnswer(error: TsdbError): HttpAnswer;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

/** Stock OpenTSDB 2.4: JSON errors `{"error": {"code", "message", "details"?}}`. */
export const STOCK_FLAVOUR: OpenTsdbFlavour = {
  name: 'stock',
  version: { version: '2.4.0-emulator' },
  errorAnswer(error) {
    const body = {
      error: {
        code: error.status,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
    return { status: error.status, contentType: JSON_TYPE, body: JSON.stringify(body) };
  },
};
