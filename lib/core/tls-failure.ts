/**
 * Certificate failures told apart from other connection failures. "Unreachable, check the
 * network" sends an operator the wrong way when the server answered with a certificate this
 * process refuses: the fix is a CA to trust, a host name to correct, or a certificate to renew.
 * Node and OpenSSL name the failure in `error.code`; both HTTP clients pass that error on.
 */

export const TLS_FAILURE_KINDS = {
  untrusted: 'untrusted',
  expired: 'expired',
  wrongHost: 'wrong-host',
} as const;

export type TlsFailureKind = (typeof TLS_FAILURE_KINDS)[keyof typeof TLS_FAILURE_KINDS];

/** OpenSSL's and Node's codes, by what the operator has to do about them. */
const CODES: Readonly<Record<string, TlsFailureKind>> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
};

/** A certificate failure: its kind, Node's code, and a sentence saying what is wrong and what to do. */
export interface TlsFailure {
  readonly kind: TlsFailureKind;
  readonly code: string;
  readonly explanation: string;
}

/** Deep enough for any wrapping we or a client library add. */
const MAX_CAUSES = 5;

interface CodedError {
  readonly code: string;
  /** Node's ERR_TLS_CERT_ALTNAME_INVALID carries the certificate it refused. */
  readonly cert?: { readonly subjectaltname?: unknown };
}

function findCoded(error: unknown): CodedError | null {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code in CODES) return current as CodedError;
    current = cause;
  }
  return null;
}

/**
 * The certificate failure in `error` or its causes, or null. `host` is the name connected to,
 * `hostKey` the configuration key that sets it, both for the explanation.
 */
export function tlsFailureOf(error: unknown, host: string, hostKey: string): TlsFailure | null {
  const found = findCoded(error);
  const kind = found ? CODES[found.code] : undefined;
  if (!found || !kind) return null;
  const { code } = found;
  // The names the certificate is for: the value the setting should hold.
  const names = typeof found.cert?.subjectaltname === 'string' ? found.cert.subjectaltname : '';
  const explanation =
    kind === 'untrusted'
      ? `the TLS certificate of ${host} is not trusted (${code}): it is self-signed or issued by an authority this machine does not know. ` +
        'If the server is yours (a private CA, a local emulator), start the command with NODE_EXTRA_CA_CERTS=<file of its CA certificate, PEM>; ' +
        `otherwise check that ${hostKey} names the real server and that no proxy intercepts TLS.`
      : kind === 'expired'
        ? `the TLS certificate of ${host} has expired or is not valid yet (${code}): the server's certificate must be renewed; check also this machine's clock.`
        : `the TLS certificate of ${host} is for another host name (${code}${names ? `; it is for ${names}` : ''}): set ${hostKey} to a name the certificate lists.`;
  return { kind, code, explanation };
}
