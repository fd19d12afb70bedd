/**
 * `npm run emulator -- [--flavor stock|ovh] [--port N] [--apiv6-port M] [--empty]`: the demo's
 * APIv6 and OpenTSDB emulators, standalone, on 127.0.0.1. Loads the demo datacenter's series for
 * the last five weeks (unless --empty), prints one labelled URL per line and runs until SIGINT
 * or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS, startDemoEnvironment } from '../demo/emulators/demo-environment.ts';

const WEEK_SEC = 7 * 86_400;
const GRID_SEC = 300;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      flavor: { type: 'string', default: 'stock' },
      port: { type: 'string' },
      'apiv6-port': { type: 'string' },
      empty: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const flavour = values.flavor;
  if (flavour !== 'stock' && flavour !== 'ovh') throw new Error(`--flavor ${flavour}: expected stock or ovh`);
  const port = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65_535)
      throw new Error(`--${name} ${v}: expected a port number`);
    return n;
  };
  const opentsdbPort = port('port', values.port);
  const apiv6Port = port('apiv6-port', values['apiv6-port']);
  const toSec = Math.floor(Date.now() / 1000 / GRID_SEC) * GRID_SEC;
  const env = await startDemoEnvironment({
    flavour,
    ...(values.empty ? {} : { range: { fromSec: toSec - 5 * WEEK_SEC, toSec } }),
    ...(opentsdbPort !== undefined ? { opentsdbPort } : {}),
    ...(apiv6Port !== undefined ? { apiv6Port } : {}),
  });
  console.log(`opentsdb ${env.opentsdbUrl}`);
  console.log(`apiv6 ${env.apiv6.url}`);
  console.error(
    `emulator: ${flavour} flavour, ${env.points.toLocaleString('en')} points; APIv6 application key ` +
      `'${DEMO_CREDENTIALS.appKey}', consumer key '${DEMO_CREDENTIALS.consumerKey}' (demo values). Ctrl-C stops.`,
  );
  const stop = (): void => {
    env.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`emulator failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
