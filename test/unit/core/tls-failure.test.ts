import { describe, expect, it } from 'vitest';
import { tlsFailureOf } from '../../../lib/core/tls-failure.ts';

const coded = (code: string, extra: object = {}) => Object.assign(new Error(code), { code }, extra);

describe('tlsFailureOf', () => {
  it('tells the three kinds of certificate failure apart', () => {
    const kind = (code: string) => tlsFailureOf(coded(code), 'h:443', 'k')?.kind;
    expect(kind('SELF_SIGNED_CERT_IN_CHAIN')).toBe('untrusted');
    expect(kind('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('untrusted');
    expect(kind('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('untrusted');
    expect(kind('CERT_HAS_EXPIRED')).toBe('expired');
    expect(kind('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('wrong-host');
  });

  it('finds the failure under the errors that wrap it', () => {
    const wrapped = new Error('outer', { cause: { error: 'x', cause: coded('CERT_HAS_EXPIRED') } });
    expect(tlsFailureOf(wrapped, 'h', 'k')?.code).toBe('CERT_HAS_EXPIRED');
  });

  it('names the host, the setting and, for a wrong host, the names the certificate lists', () => {
    const failure = tlsFailureOf(
      coded('ERR_TLS_CERT_ALTNAME_INVALID', { cert: { subjectaltname: 'DNS:api.example' } }),
      '127.0.0.1:8443',
      'ovh.host',
    );
    expect(failure?.explanation).toBe(
      'the TLS certificate of 127.0.0.1:8443 is for another host name (ERR_TLS_CERT_ALTNAME_INVALID; it is for DNS:api.example): set ovh.host to a name the certificate lists.',
    );
  });

  it('leaves other failures alone', () => {
    expect(tlsFailureOf(coded('ECONNREFUSED'), 'h', 'k')).toBeNull();
    expect(tlsFailureOf('CERT_HAS_EXPIRED', 'h', 'k')).toBeNull();
    expect(tlsFailureOf(null, 'h', 'k')).toBeNull();
  });
});
