/**
 * `npm run bench:load -- [--connections N] [--duration S]`
 *
 * A bounded HTTP load run on loopback: starts the demo environment and the on-demand API on
 * 127.0.0.1 as `npm run serve` does, stores one report through the API (the first request
 * builds it), then lets autocannon send `GET /v1/reports?…&format=json` of that same report from
 * `--connections` connections for `--duration` seconds. Every answer after the first comes
 * from the stored artefact: the run fails if the OpenTSDB emulator was asked anything during
 * the load. Prints requests/s, p50 and p99 latency, errors and non-2xx answers, then closes
 * every server and exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { runCommand } from '../bin/cli.ts';
import { startApiServer } from '../bin/node-server.ts';
import { trustCertificate } from '../demo/emulators/apiv6/trust.ts';
import { demoConfig, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';
import { loadConfig } from '../lib/config/config.ts';
import { hashApiKey, newApiKey } from '../lib/deliver/http/api-keys.ts';
import { createHttpApi } from '../lib/runtime/http-api.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';

const WEEK_SEC = 7 * 86_400;
const GRID_SEC = 300;

const spec = {
  name: 'npm run bench:load --',
  synopsis: '[--connections N] [--duration S]',
  summary:
    'Serves the on-demand HTTP API over the demo environment on 127.0.0.1, stores one weekly report through\n' +
    'it, then loads GET /v1/reports of that stored report with autocannon for a fixed time; prints\n' +
    'requests/s, p50 and p99 latency, errors and non-2xx answers, and closes every server.',
  options: {
    connections: {
      type: 'integer',
      min: 1,
      max: 1000,
      default: 50,
      description: 'concurrent connections',
    },
    duration: { type: 'integer', min: 1, max: 600, default: 20, description: 'seconds of load' },
  },
  examples: ['npm run bench:load', 'npm run bench:load -- --connections 10 --duration 5'],
} as const;

await runCommand(spec, async (values) => {
  const outputDir = mkdtempSync(join(tmpdir(), 'vscope-bench-load-'));
  const toSec = Math.floor(Date.now() / 1000 / GRID_SEC) * GRID_SEC;
  const env = await startDemoEnvironment({ range: { fromSec: toSec - 5 * WEEK_SEC, toSec } });
  const untrust = trustCertificate(env.apiv6.ca);
  const key = newApiKey();
  const service = env.inventory.serviceName;
  // Two log lines per request would time the terminal: WARN unless VSCOPE_LOG_LEVEL says otherwise.
  const base = loadConfig({
    VSCOPE_LOG_LEVEL: 'WARN',
    ...process.env,
    VSCOPE_OUTPUT_DIR: outputDir,
  });
  const config = {
    ...demoConfig(base, env),
    http: { ...base.http, apiKeys: [{ id: 'bench', sha256: hashApiKey(key), services: [service] }] },
  };
  const api = createHttpApi(openRuntime(config, { mailer: null, queue: null }));
  // autocannon stops sending at the deadline, not waiting for the answers under way: the servers
  // close only once the handler has answered every request it took.
  const inFlight = new Set<Promise<unknown>>();
  const server = await startApiServer((request, signal) => {
    const answer = api(request, signal);
    inFlight.add(answer);
    answer.then(
      () => inFlight.delete(answer),
      () => inFlight.delete(answer),
    );
    return answer;
  });
  try {
    // The week before the last complete one: long past http.settleMinutes, so never rebuilt.
    const week = DateTime.now().setZone(config.timeZone).startOf('week').minus({ weeks: 2 });
    const path =
      `/v1/reports?service=${service}&from=${week.toISODate()}&to=${week.plus({ weeks: 1 }).toISODate()}` +
      '&format=json';
    const headers = { authorization: `Bearer ${key}` };
    const t0 = performance.now();
    const first = await fetch(`${server.url}${path}`, { headers });
    const body = await first.arrayBuffer();
    if (first.status !== 200) throw new Error(`the first request answered ${first.status}, not 200`);
    const buildMs = performance.now() - t0;
    const before = env.opentsdbStats.requests;
    console.error(
      `bench:load: report stored in ${(buildMs / 1000).toFixed(2)} s (${body.byteLength} bytes, ${before} OpenTSDB requests); ` +
        `${values.connections} connections for ${values.duration} s on ${server.url}`,
    );
    const result = await autocannon({
      url: `${server.url}${path}`,
      headers,
      connections: values.connections,
      duration: values.duration,
    });
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    const rebuilt = env.opentsdbStats.requests - before;
    const line = {
      path: path.replace(/^\/v1\/reports\?/, ''),
      connections: values.connections,
      duration_s: values.duration,
      requests: result.requests.total,
      requests_per_s: result.requests.average,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      max_ms: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non_2xx: result.non2xx,
      bytes_per_response: body.byteLength,
      opentsdb_requests_during_load: rebuilt,
    };
    console.log(JSON.stringify(line));
    console.log(
      `requests/s ${result.requests.average.toFixed(0)}  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
        `errors ${result.errors}  timeouts ${result.timeouts}  non-2xx ${result.non2xx}  (${result.requests.total} requests)`,
    );
    if (rebuilt > 0) throw new Error(`the report was rebuilt during the load (${rebuilt} OpenTSDB requests)`);
    if (result.errors > 0 || result.non2xx > 0) {
      throw new Error(`${result.errors} errors and ${result.non2xx} non-2xx answers under load`);
    }
  } finally {
    untrust();
    await Promise.all([server.close(), env.close()]);
    rmSync(outputDir, { recursive: true, force: true });
  }
});
