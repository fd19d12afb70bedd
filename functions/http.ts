/**
 * HTTP API (API Gateway, payload 2.0): `GET /v1/reports` and `GET /v1/openapi.json`. Builds
 * nothing at cold start but the clients; the renderers load on the first PDF/HTML/CSV request.
 */
import { loadConfig } from '../lib/config/config.ts';
import { fromHttpApiEvent, toHttpApiResult } from '../lib/deliver/http/lambda-http.ts';
import { createHttpApi } from '../lib/runtime/http-api.ts';
import { deadlineSignal, type LambdaContext } from '../lib/runtime/lambda.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';

// No mailer and no queue: this function only reads and writes on-demand reports.
const api = createHttpApi(openRuntime(loadConfig(process.env), { mailer: null, queue: null }));

export async function handler(event: unknown, context?: LambdaContext) {
  return toHttpApiResult(await api(fromHttpApiEvent(event), deadlineSignal(context)));
}
