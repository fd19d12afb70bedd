/**
 * HTTP API (API Gateway, payload 2.0): `GET /v1/reports` and `GET /v1/openapi.json`. Builds
 * nothing at cold start but the clients; the renderers load on the first PDF/HTML/CSV request.
 */
import { loadConfig } from '../lib/config/config.ts';
import { httpApiHandler } from '../lib/runtime/http-api.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';

const config = loadConfig(process.env);

// No mailer and no queue: this function only reads and writes on-demand reports.
export const handler = httpApiHandler(openRuntime(config, { mailer: null, queue: null }), {
  logger: createLogger(config.logLevel),
});
