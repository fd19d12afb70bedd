import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { MetricsTransportError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { fetchSeries } from '../../../lib/fetch/fetch-series.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { type CertificateCase, startTlsServer, type TlsServer } from '../tls-servers.ts';

/** The OpenTSDB client against endpoints whose certificate must be refused. */
let server: TlsServer | undefined;
let client: OpenTsdbClient | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await client?.close();
  await agent?.close();
  await server?.close();
  client = undefined;
  agent = undefined;
  server = undefined;
});

const TOKEN = 'tls-test-metrics-token';
const BODY = { start: 0, end: 300, queries: [], showQuery: true, msResolution: false };

/** A client of a server of `kind`, its certificate trusted through the client's dispatcher when asked. */
async function clientOf(kind: CertificateCase, trusted: boolean): Promise<OpenTsdbClient> {
  server = await startTlsServer(kind);
  agent = trusted ? new Agent({ connect: { ca: server.pem } }) : undefined;
  client = createOpenTsdbClient({
    endpoint: server.url,
    token: TOKEN,
    // Retries would be a bug here, and quick ones keep the test short if one happened.
    baseDelayMs: 1,
    maxDelayMs: 1,
    ...(agent ? { dispatcher: agent } : {}),
  });
  return client;
}

async function failure(c: OpenTsdbClient): Promise<MetricsTransportError> {
  const error = await c
    .query(BODY, () => null)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(MetricsTransportError);
  expect(String((error as Error).message)).not.toContain(TOKEN);
  expect(server?.requests.count).toBe(0);
  return error as MetricsTransportError;
}

describe('metrics endpoint certificate failures', () => {
  it('says an untrusted certificate is not trusted and how to trust it, without retrying', async () => {
    const c = await clientOf('untrusted', false);
    const error = await failure(c);
    expect(error.message).toContain(`Metrics endpoint ${server?.url}/api/query not reached securely`);
    expect(error.message).toContain('is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS=');
    expect(error.message).toContain('metrics.endpoint (VSCOPE_METRICS_ENDPOINT)');
    expect(error.context).toMatchObject({ tls: 'untrusted' });
    // One handshake, one attempt: a refused certificate is not tried again.
    expect(c.stats.requests).toBe(1);
  });

  it('says a certificate for another name is for another host', async () => {
    const error = await failure(await clientOf('wrong-host', true));
    expect(error.message).toContain('(ERR_TLS_CERT_ALTNAME_INVALID; it is for DNS:other.example)');
    expect(error.message).toContain(
      'set metrics.endpoint (VSCOPE_METRICS_ENDPOINT) to a name the certificate lists',
    );
  });

  it('says an expired certificate has expired', async () => {
    const error = await failure(await clientOf('expired', true));
    expect(error.message).toContain('has expired or is not valid yet (CERT_HAS_EXPIRED)');
  });

  it('ends the fetch with the certificate failure instead of a period of gaps', async () => {
    const c = await clientOf('untrusted', false);
    const period = isoWeekPeriod('2026-W47', 'UTC');
    const run = fetchSeries(c, demoInventory(), period);
    await expect(run).rejects.toThrow(/not reached securely: the TLS certificate .* is not trusted/);
  });
});
