/**
 * `npm run serve -- [--port 8080] [--out <folder>]`: the on-demand HTTP API on 127.0.0.1 against
 * the demo datacenter — the same handler as the Lambda function, over the local APIv6 and
 * OpenTSDB emulators (five weeks of data up to now), reports stored under the output folder.
 * Prints the URL, a fresh API key for the demo service and example requests; Ctrl-C stops.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { trustCertificate } from '../demo/emulators/apiv6/trust.ts';
import { demoConfig, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';
import { loadConfig } from '../lib/config/config.ts';
import { hashApiKey, newApiKey } from '../lib/deliver/http/api-keys.ts';
import { inProcessWorker } from '../lib/runtime/adhoc-jobs.ts';
import { createHttpApi } from '../lib/runtime/http-api.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime, type Runtime } from '../lib/runtime/open-runtime.ts';
import { runCommand } from './cli.ts';
import { startApiServer } from './node-server.ts';

const WEEK_SEC = 7 * 86_400;
const GRID_SEC = 300;

const spec = {
  name: 'npm run serve --',
  synopsis: '[--port N] [--out DIR]',
  summary:
    "Serves the on-demand HTTP API (the Lambda function's handler) on 127.0.0.1 over the demo's APIv6 and\n" +
    'OpenTSDB emulators, with five weeks of demo data up to now; prints the URL, a fresh API key for the demo\n' +
    'service and example requests, and runs until Ctrl-C.',
  options: {
    port: {
      type: 'integer',
      min: 0,
      max: 65_535,
      default: 0,
      description: 'port to listen on (0: a free one)',
    },
    out: {
      type: 'string',
      value: 'DIR',
      description: 'folder the reports are stored under',
      defaultText: 'VSCOPE_OUTPUT_DIR, else a new temporary folder',
    },
  },
  examples: ['npm run serve', 'npm run serve -- --port 8080 --out /tmp/reports'],
} as const;

await runCommand(spec, async (values) => {
  const port = values.port;
  const toSec = Math.floor(Date.now() / 1000 / GRID_SEC) * GRID_SEC;
  const env = await startDemoEnvironment({ range: { fromSec: toSec - 5 * WEEK_SEC, toSec } });
  const untrust = trustCertificate(env.apiv6.ca);
  const key = newApiKey();
  const service = env.inventory.serviceName;
  const base = loadConfig({
    ...process.env,
    VSCOPE_OUTPUT_DIR:
      values.out ?? process.env.VSCOPE_OUTPUT_DIR ?? mkdtempSync(join(tmpdir(), 'vscope-serve-')),
  });
  // The demo's own sources and key replace any real ones in the environment.
  const config = {
    ...demoConfig(base, env),
    http: { ...base.http, apiKeys: [{ id: 'demo', sha256: hashApiKey(key), services: [service] }] },
  };
  // The worker runs in this process: a 202 answer's job is built here, one job at a time.
  let runtime: Runtime | undefined;
  const queue = inProcessWorker(() => {
    if (!runtime) throw new Error('serve: the runtime is not open yet');
    return runtime;
  }, createLogger(config.logLevel));
  runtime = openRuntime(config, { mailer: null, queue });
  const server = await startApiServer(createHttpApi(runtime), { port });
  const lastWeek = DateTime.now().setZone(config.timeZone).startOf('week').minus({ weeks: 1 });
  const range = `from=${lastWeek.toISODate()}&to=${lastWeek.plus({ weeks: 1 }).toISODate()}`;
  console.log(`serve: ${server.url}  (demo service ${service}, reports under ${config.outputDir})`);
  console.log(`API key: ${key}`);
  console.log('Try:');
  console.log(`  curl -s ${server.url}/v1/openapi.json`);
  console.log(
    `  curl -s -H 'Authorization: Bearer ${key}' '${server.url}/v1/reports?service=${service}&${range}&format=json'`,
  );
  console.log(
    `  curl -s -o report.pdf -H 'Authorization: Bearer ${key}' '${server.url}/v1/reports?service=${service}&${range}&format=pdf&lang=fr'`,
  );
  console.log(
    `  curl -si -H 'Prefer: respond-async' -H 'Authorization: Bearer ${key}' '${server.url}/v1/reports?service=${service}&${range}&format=html'`,
  );
  console.log(`  curl -si -H 'Authorization: Bearer ${key}' '${server.url}<Location of the 202>'`);
  console.error('serve: Ctrl-C stops.');
  const stop = (): void => {
    untrust();
    Promise.all([server.close(), queue.idle().then(() => env.close())]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
