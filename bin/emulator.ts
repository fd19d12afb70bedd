/**
 * `npm run emulator -- [--flavor stock|ovh] [--port N] [--apiv6-port M] [--empty]`: the demo's
 * APIv6 and OpenTSDB emulators, standalone, on 127.0.0.1. Loads the demo datacenter's series for
 * the last five weeks (unless --empty) and prints one labelled URL per line, then the shell lines
 * that point `npm run report` at them: the VSCOPE_* variables (the demo's throwaway credentials,
 * app secret included) and NODE_EXTRA_CA_CERTS naming a file with the APIv6 emulator's
 * certificate, in a temporary folder removed on exit. Runs until SIGINT or SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_CREDENTIALS,
  type DemoEnvironment,
  startDemoEnvironment,
} from '../demo/emulators/demo-environment.ts';
import { runCommand } from './cli.ts';

const WEEK_SEC = 7 * 86_400;
const GRID_SEC = 300;

const spec = {
  name: 'npm run emulator --',
  synopsis: '[--flavor stock|ovh] [--port N] [--apiv6-port M] [--empty]',
  summary:
    "Starts the demo's APIv6 (HTTPS) and OpenTSDB emulators on 127.0.0.1 with five weeks of demo data up\n" +
    'to now, prints their URLs and the lines to paste into a shell so that `npm run report` runs against\n' +
    'them, and runs until Ctrl-C.',
  options: {
    flavor: {
      type: 'string',
      value: 'F',
      choices: ['stock', 'ovh'],
      default: 'stock',
      description: "the OpenTSDB emulator's behaviour: stock OpenTSDB 2.4, or OVH's Warp 10 proxy",
    },
    port: {
      type: 'integer',
      min: 0,
      max: 65_535,
      default: 0,
      description: "the OpenTSDB emulator's port (0: a free one)",
    },
    'apiv6-port': {
      type: 'integer',
      min: 0,
      max: 65_535,
      default: 0,
      value: 'M',
      description: "the APIv6 emulator's port (0: a free one)",
    },
    empty: { type: 'boolean', description: 'load no data (an OpenTSDB without series)' },
  },
  examples: [
    'npm run emulator',
    'npm run emulator -- --flavor ovh --port 4242 --apiv6-port 8443',
    '# then, in another shell: paste the printed lines, and',
    'npm run report -- --dry-run',
  ],
} as const;

/** The shell lines that point a report run at the emulators (throwaway demo values only). */
function pasteLines(env: DemoEnvironment, flavour: 'stock' | 'ovh', caFile: string): string[] {
  return [
    '# Paste into a shell to run `npm run report` against these emulators (demo values, not secrets):',
    `export VSCOPE_OVH_HOST=${env.apiv6.host} VSCOPE_OVH_PORT=${env.apiv6.port}`,
    `export VSCOPE_OVH_APP_KEY=${DEMO_CREDENTIALS.appKey} VSCOPE_OVH_APP_SECRET=${DEMO_CREDENTIALS.appSecret} VSCOPE_OVH_CONSUMER_KEY=${DEMO_CREDENTIALS.consumerKey}`,
    `export VSCOPE_OVH_SERVICES=${env.inventory.serviceName}`,
    `export VSCOPE_METRICS_ENDPOINT=${env.opentsdbUrl} VSCOPE_METRICS_TOKEN=${DEMO_CREDENTIALS.metricsToken}` +
      // OVH's proxy stamps a bucket at its end; the report has to know.
      (flavour === 'ovh' ? ' VSCOPE_METRICS_BUCKET_STAMP=end' : ''),
    `export NODE_EXTRA_CA_CERTS=${caFile}`,
  ];
}

await runCommand(spec, async (values) => {
  const flavour = values.flavor;
  const toSec = Math.floor(Date.now() / 1000 / GRID_SEC) * GRID_SEC;
  const env = await startDemoEnvironment({
    flavour,
    ...(values.empty ? {} : { range: { fromSec: toSec - 5 * WEEK_SEC, toSec } }),
    opentsdbPort: values.port,
    apiv6Port: values['apiv6-port'],
  });
  // Node reads NODE_EXTRA_CA_CERTS from a file, at start: the certificate goes in one, removed on exit.
  const folder = mkdtempSync(join(tmpdir(), 'vscope-emulator-'));
  const caFile = join(folder, 'apiv6-emulator-ca.pem');
  writeFileSync(caFile, env.apiv6.ca);
  const removeFolder = (): void => rmSync(folder, { recursive: true, force: true });
  process.once('exit', removeFolder);
  console.log(`opentsdb ${env.opentsdbUrl}`);
  console.log(`apiv6 ${env.apiv6.url}`);
  for (const line of pasteLines(env, flavour, caFile)) console.log(line);
  console.error(
    `emulator: ${flavour} flavour, ${env.points.toLocaleString('en')} points; service ${env.inventory.serviceName}. Ctrl-C stops.`,
  );
  const stop = (): void => {
    removeFolder();
    env.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
