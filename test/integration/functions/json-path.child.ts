/**
 * Child process of json-path.test.ts: starts the demo emulators, loads the HTTP function as
 * Lambda does, answers a JSON request, marks the imports file, then answers a PDF request.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import { DEMO_CREDENTIALS, startDemoEnvironment } from '../../../demo/emulators/demo-environment.ts';
import { hashApiKey } from '../../../lib/deliver/http/api-keys.ts';

const KEY = 'json-path-test-key-0123456789';
const from = Date.parse('2026-11-09T00:00:00+01:00') / 1000;
const env = await startDemoEnvironment({ range: { fromSec: from - 86_400, toSec: from + 3 * 86_400 } });
trustCertificate(env.apiv6.ca);
Object.assign(process.env, {
  VSCOPE_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'vscope-json-path-')),
  VSCOPE_OVH_HOST: env.apiv6.host,
  VSCOPE_OVH_PORT: String(env.apiv6.port),
  VSCOPE_OVH_APP_KEY: DEMO_CREDENTIALS.appKey,
  VSCOPE_OVH_APP_SECRET: DEMO_CREDENTIALS.appSecret,
  VSCOPE_OVH_CONSUMER_KEY: DEMO_CREDENTIALS.consumerKey,
  VSCOPE_OVH_METRICS_USER_ID: String(DEMO_CREDENTIALS.metricsUserId),
  VSCOPE_HTTP_API_KEYS: JSON.stringify([{ id: 't', sha256: hashApiKey(KEY), services: ['*'] }]),
});
const { handler } = await import('../../../functions/http.ts');
const event = (format: string) => ({
  rawPath: '/v1/reports',
  rawQueryString: `service=${env.inventory.serviceName}&from=2026-11-09&to=2026-11-11&format=${format}`,
  headers: { authorization: `Bearer ${KEY}` },
  requestContext: { requestId: format, http: { method: 'GET' } },
});
const json = await handler(event('json'));
appendFileSync(process.env.TEST_IMPORTS_FILE ?? '', `--- json answered ${json.statusCode}\n`);
const pdf = await handler(event('pdf'));
appendFileSync(process.env.TEST_IMPORTS_FILE ?? '', `--- pdf answered ${pdf.statusCode}\n`);
await env.close();
