/**
 * HTTP API (API Gateway, payload 2.0): `GET /v1/reports`, `GET /v1/jobs/{id}` and
 * `GET /v1/openapi.json`. Builds nothing at cold start but the clients; the renderers load on
 * the first PDF/HTML/CSV request. Builds too large to answer in time go to the worker's queue.
 */
import { loadConfig } from '../lib/config/config.ts';
import { httpApiHandler } from '../lib/runtime/http-api.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';

const config = loadConfig(process.env);

// No mailer: this function only reads and writes on-demand reports, and queues the large ones.
export const handler = httpApiHandler(openRuntime(config, { mailer: null }), {
  logger: createLogger(config.logLevel),
});
