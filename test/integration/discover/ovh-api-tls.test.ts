import { afterEach, describe, expect, it } from 'vitest';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import { describeError, InventoryError } from '../../../lib/core/errors.ts';
import { createOvhApi } from '../../../lib/discover/ovh-api.ts';
import { type CertificateCase, startTlsServer, type TlsServer } from '../tls-servers.ts';

/** APIv6 through the official client, against servers whose certificate must be refused. */
let server: TlsServer | undefined;
let untrust: (() => void) | undefined;
afterEach(async () => {
  untrust?.();
  untrust = undefined;
  await server?.close();
  server = undefined;
});

const SECRETS = { appKey: 'tls-test-app-key', appSecret: 'tls-test-app-secret', consumerKey: 'tls-test-ck' };

async function failureAgainst(kind: CertificateCase, trusted: boolean): Promise<InventoryError> {
  server = await startTlsServer(kind);
  if (trusted) untrust = trustCertificate(server.pem);
  const api = createOvhApi({ ...SECRETS, host: server.host, port: server.port, timeoutMs: 10_000 });
  const error = await api.get('/dedicatedCloud').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InventoryError);
  expect(server.requests.count).toBe(0);
  return error as InventoryError;
}

function expectNoSecret(error: InventoryError): void {
  const described = JSON.stringify(describeError(error));
  for (const secret of Object.values(SECRETS)) expect(described).not.toContain(secret);
}

describe('APIv6 certificate failures', () => {
  it('says an untrusted certificate is not trusted and how to trust it', async () => {
    const error = await failureAgainst('untrusted', false);
    expect(error.message).toContain('GET /dedicatedCloud');
    expect(error.message).toContain(`the TLS certificate of 127.0.0.1:${server?.port} is not trusted`);
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS=');
    expect(error.message).not.toContain('unreachable');
    expect(error.context).toMatchObject({ tls: 'untrusted', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expectNoSecret(error);
  });

  it('says a certificate for another name is for another host, with the names it lists', async () => {
    const error = await failureAgainst('wrong-host', true);
    expect(error.message).toContain(
      'is for another host name (ERR_TLS_CERT_ALTNAME_INVALID; it is for DNS:other.example)',
    );
    expect(error.message).toContain(
      'set ovh.host (VSCOPE_OVH_HOST) or ovh.endpoint to a name the certificate lists',
    );
    expect(error.context).toMatchObject({ tls: 'wrong-host' });
  });

  it('says an expired certificate has expired', async () => {
    const error = await failureAgainst('expired', true);
    expect(error.message).toContain('has expired or is not valid yet (CERT_HAS_EXPIRED)');
    expect(error.message).toContain('renewed');
    expect(error.context).toMatchObject({ tls: 'expired', code: 'CERT_HAS_EXPIRED' });
  });

  it('still calls a refused connection unreachable', async () => {
    server = await startTlsServer('untrusted');
    const port = server.port;
    await server.close();
    server = undefined;
    const api = createOvhApi({ ...SECRETS, host: '127.0.0.1', port, timeoutMs: 10_000 });
    const error = (await api.get('/dedicatedCloud').catch((e: unknown) => e)) as InventoryError;
    expect(error.message).toContain('APIv6 unreachable for GET /dedicatedCloud');
    expect(error.context.tls).toBeUndefined();
  });
});
