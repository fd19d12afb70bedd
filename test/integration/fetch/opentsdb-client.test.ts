import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsHttpError, MetricsPayloadError, MetricsTransportError } from '../../../lib/core/errors.ts';
import type { OpenTsdbQueryBody } from '../../../lib/core/ports.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { type ScriptedServer, scriptedServer } from '../../support/http-server.ts';
import { instantWaits } from '../../support/scripted-timers.ts';

/** Reads an answer's bytes as plain JSON. */
const asJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

const TOKEN = 'XXXX_secret-token_YYYY';
const body: OpenTsdbQueryBody = { start: 1, end: 2, queries: [], showQuery: true, msResolution: false };
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Waits between attempts take no time; a real attempt timeout of a minute, for answers that must simply arrive. */
const fast = { token: TOKEN, attemptTimeoutMs: 60_000, sleep: instantWaits().sleep, random: () => 1 };

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

describe('OpenTSDB client', () => {
  it('posts JSON with basic auth read:<token> and returns the decoded body', async () => {
    server = await scriptedServer([(res) => res.end('[]')]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast });
    expect(await client.query(body, asJson)).toEqual([]);
    const sent = server.requests[0];
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`read:${TOKEN}`).toString('base64')}`);
    expect(JSON.parse(sent?.body ?? '')).toEqual(body);
    await client.close();
  });

  it('retries 503 and 429, honouring Retry-After, then succeeds', async () => {
    server = await scriptedServer([
      (res) => res.writeHead(503).end('busy'),
      (res) => res.writeHead(429, { 'retry-after': '0' }).end(),
      (res) => res.end('[1]'),
    ]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast });
    expect(await client.query(body, asJson)).toEqual([1]);
    expect(client.stats.requests).toBe(3);
    await client.close();
  });

  it("gives up after its retries with the server's own words, JSON or plain text", async () => {
    server = await scriptedServer([
      (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('Warp 10 fetch limit exceeded'),
    ]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast, maxRetries: 2 });
    const e = await failure(() => client.query(body, asJson));
    expect(e).toBeInstanceOf(MetricsHttpError);
    expect(e.message).toContain('answered 500: Warp 10 fetch limit exceeded');
    expect(server.requests).toHaveLength(3);
    await client.close();
  });

  it('does not retry a 400 and reports the JSON error message', async () => {
    server = await scriptedServer([
      (res) =>
        res
          .writeHead(400)
          .end(JSON.stringify({ error: { code: 400, message: "No such name for 'metrics': 'x'" } })),
    ]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast });
    const e = await failure(() => client.query(body, asJson));
    expect(e.message).toContain("answered 400: No such name for 'metrics': 'x'");
    expect(server.requests).toHaveLength(1);
    await client.close();
  });

  it('tells a malformed body apart from a transport failure', async () => {
    server = await scriptedServer([(res) => res.end('[{"metric": ')]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast });
    expect(await failure(() => client.query(body, asJson))).toBeInstanceOf(MetricsPayloadError);
    await client.close();
    const dead = createOpenTsdbClient({ endpoint: 'http://127.0.0.1:9', ...fast, maxRetries: 1 });
    expect(await failure(() => dead.query(body, asJson))).toBeInstanceOf(MetricsTransportError);
    await dead.close();
  });

  it('stops when the run deadline passes', async () => {
    // The server never answers; the deadline comes once the request has arrived.
    let arrived: () => void = () => {};
    const atServer = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    server = await scriptedServer([() => arrived()]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast });
    const deadline = new AbortController();
    const run = failure(() => client.query(body, asJson, deadline.signal));
    await atServer;
    deadline.abort(new Error('run deadline'));
    const e = await run;
    expect(e).toBeInstanceOf(MetricsTransportError);
    expect(e.message).toContain('deadline');
    expect(client.stats.requests).toBe(1);
    await client.close();
  });

  it('has at most `connections` requests on the wire; the others wait for a connection', async () => {
    // The server holds every answer until the test lets one go: with the Agent's limit, two are
    // at the server each time, and no other has been given a connection.
    const held: ServerResponse[] = [];
    let onArrival: () => void = () => {};
    server = await scriptedServer([
      (res) => {
        held.push(res);
        onArrival();
      },
    ]);
    const heldCount = (n: number) =>
      new Promise<void>((resolve) => {
        onArrival = () => {
          if (held.length === n) resolve();
        };
        onArrival();
      });
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast, connections: 2 });
    const all = Promise.all(Array.from({ length: 5 }, () => client.query(body, asJson)));
    const seen: { atServer: number; sent: number }[] = [];
    for (let answered = 0; answered < 5; answered++) {
      await heldCount(Math.min(2, 5 - answered));
      seen.push({ atServer: held.length, sent: client.stats.requests - answered });
      held.shift()?.end('[]');
    }
    expect(await all).toEqual([[], [], [], [], []]);
    expect(seen).toEqual([
      { atServer: 2, sent: 2 },
      { atServer: 2, sent: 2 },
      { atServer: 2, sent: 2 },
      { atServer: 2, sent: 2 },
      { atServer: 1, sent: 1 },
    ]);
    expect(client.stats.requests).toBe(5);
    await client.close();
  });

  it('sends the next request on the connection while an answer is still being read', async () => {
    // One connection; the first answer's reader waits for the second request to reach the
    // server. Were the connection held until the answer is read, neither would ever finish.
    let secondArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    server = await scriptedServer([
      (res) => res.end('[1]'),
      (res) => {
        secondArrived();
        res.end('[2]');
      },
    ]);
    const client = createOpenTsdbClient({ endpoint: server.url, ...fast, connections: 1 });
    const first = client.query(body, async (bytes) => {
      const value = asJson(bytes);
      await arrived;
      return value;
    });
    const second = client.query(body, asJson);
    expect(await Promise.all([first, second])).toEqual([[1], [2]]);
    await client.close();
  });

  it('never puts the token in an error, even when it was given inside the endpoint URL', async () => {
    server = await scriptedServer([(res) => res.writeHead(401).end(`Not authorized: ${TOKEN}`)]);
    const endpoint = server.url.replace('http://', `http://read:${TOKEN}@`);
    const client = createOpenTsdbClient({ endpoint, token: '', maxRetries: 0 });
    const e = await failure(() => client.query(body, asJson));
    expect(e.message).toContain('answered 401');
    expect(e.message).toContain('metrics.token');
    expect(`${e.message} ${JSON.stringify(e)} ${String(e.stack)}`).not.toContain(TOKEN);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`read:${TOKEN}`).toString('base64')}`,
    );
    await client.close();
  });
});
