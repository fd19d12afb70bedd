/**
 * API Gateway HTTP API (payload 2.0) ↔ ApiRequest / ApiResponse. Binary bodies go back base64
 * encoded, as API Gateway requires.
 */
import { z } from 'zod';
import type { ApiRequest, ApiResponse } from './types.ts';

const eventSchema = z.object({
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  requestContext: z.object({
    requestId: z.string(),
    http: z.object({ method: z.string() }),
  }),
});

/** The subset of an HTTP API v2 event the API reads; anything else is not an HTTP API event. */
export function fromHttpApiEvent(event: unknown): ApiRequest {
  const e = eventSchema.parse(event);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.headers)) headers[k.toLowerCase()] = v;
  return {
    method: e.requestContext.http.method.toUpperCase(),
    path: e.rawPath,
    rawQuery: e.rawQueryString,
    headers,
    requestId: e.requestContext.requestId,
  };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** The Lambda result of an ApiResponse. */
export function toHttpApiResult(response: ApiResponse): HttpApiResult {
  const binary = typeof response.body !== 'string';
  return {
    statusCode: response.status,
    headers: { ...response.headers },
    body: binary
      ? Buffer.from(
          (response.body as Uint8Array).buffer,
          (response.body as Uint8Array).byteOffset,
          response.body.length,
        ).toString('base64')
      : (response.body as string),
    isBase64Encoded: binary,
  };
}
