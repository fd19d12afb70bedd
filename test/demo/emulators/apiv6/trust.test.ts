import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { trustCertificate } from '../../../../demo/emulators/apiv6/trust.ts';

const PEM_A = '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n';
const PEM_B = '-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n';

/** Read through a function so the compiler does not narrow the option after a `delete`. */
function currentCa(): unknown {
  return https.globalAgent.options.ca;
}

describe('trustCertificate', () => {
  const original = https.globalAgent.options.ca;
  afterEach(() => {
    if (original === undefined) delete https.globalAgent.options.ca;
    else https.globalAgent.options.ca = original;
  });

  it('adds the PEM to the global agent while keeping the bundled roots', () => {
    delete https.globalAgent.options.ca;
    trustCertificate(PEM_A);
    const ca = currentCa() as string[];
    expect(ca.at(-1)).toBe(PEM_A);
    expect(ca.slice(0, -1)).toEqual([...rootCertificates]);
  });

  it('appends to an existing list once, however often it is called', () => {
    https.globalAgent.options.ca = PEM_A;
    trustCertificate(PEM_B);
    trustCertificate(PEM_B);
    expect(currentCa()).toEqual([PEM_A, PEM_B]);
  });

  it('returns a function that restores the previous value', () => {
    delete https.globalAgent.options.ca;
    const undoA = trustCertificate(PEM_A);
    const undoB = trustCertificate(PEM_B);
    undoB();
    expect((currentCa() as string[]).includes(PEM_B)).toBe(false);
    undoA();
    expect(currentCa()).toBeUndefined();
  });
});
