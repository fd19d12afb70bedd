/**
 * HTTPS servers on 127.0.0.1 presenting a certificate that a client should refuse, one per way
 * a certificate goes wrong: untrusted (self-signed, in no CA list), for another host name, or
 * expired. Each certificate is made with `selfsigned` at start and returned as `pem`, for a test
 * to trust where the case needs it trusted (the wrong-host and expired cases).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export type CertificateCase = 'untrusted' | 'wrong-host' | 'expired';

export interface TlsServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The certificate presented, PEM. */
  readonly pem: string;
  /** Requests that got past the handshake: none, when every client refused the certificate. */
  readonly requests: { count: number };
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

async function certificate(kind: CertificateCase): Promise<{ key: string; cert: string }> {
  const now = Date.now();
  const [notBeforeDate, notAfterDate] =
    kind === 'expired'
      ? [new Date(now - 10 * DAY_MS), new Date(now - DAY_MS)]
      : [new Date(now - 60_000), new Date(now + DAY_MS)];
  const name = kind === 'wrong-host' ? 'other.example' : 'localhost';
  // Only the wrong-host certificate misses the address the tests connect to.
  const altNames: { type: 2 | 7; ip?: string; value?: string }[] =
    kind === 'wrong-host'
      ? [{ type: 2, value: 'other.example' }]
      : [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ];
  const pems = await generate(
    [
      { name: 'commonName', value: name },
      // A unique subject: OpenSSL finds a trusted certificate by subject name.
      { name: 'organizationName', value: `TLS test ${kind} ${randomBytes(6).toString('hex')}` },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

/** An HTTPS server with a certificate of the given case; it answers 200 `{}` to anything that gets through. */
export async function startTlsServer(kind: CertificateCase): Promise<TlsServer> {
  const { key, cert } = await certificate(kind);
  const requests = { count: 0 };
  const server = createServer({ key, cert }, (req, res) => {
    requests.count++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    url: `https://127.0.0.1:${port}`,
    pem: cert,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
