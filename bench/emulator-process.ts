/**
 * Child process of the benchmark: the OpenTSDB emulator loaded with one scenario's series, so
 * its memory and CPU are not counted in the report process. Prints `ready <url> <points>`.
 * Every answer is held back `latencyMs` (the round trip to a remote endpoint, which loopback
 * lacks), through the emulator's own scripted delay, then sent through a link of `linkMbps`
 * Mbit/s shared by every answer (0: unthrottled loopback). Answers are gzipped for clients that
 * accept it.
 * argv: <size> <fromSec> <toSec> [latencyMs] [linkMbps]
 */
import { generateDemoSeries } from '../demo/datacenter/generate.ts';
import { startOpenTsdbEmulator } from '../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../demo/emulators/opentsdb/store.ts';
import { type SizeName, scenarioInventory } from './scenario.ts';

const [size, from, to, latency = '0', mbps = '0'] = process.argv.slice(2);
const store = createSeriesStore();
let points = 0;
for (const s of generateDemoSeries(scenarioInventory(size as SizeName), {
  fromSec: Number(from),
  toSec: Number(to),
})) {
  store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  points += s.values.length;
}
const latencyMs = Number(latency);
const emulator = await startOpenTsdbEmulator({
  store,
  linkMbps: Number(mbps),
  faults: latencyMs > 0 ? [{ fault: { delayMs: latencyMs }, times: Number.MAX_SAFE_INTEGER }] : [],
});
process.stdout.write(`ready ${emulator.url} ${points}\n`);
process.once('SIGTERM', () => {
  emulator.close().then(() => process.exit(0));
});
