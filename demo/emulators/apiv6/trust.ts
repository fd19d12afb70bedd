/**
 * Lets this process's HTTPS global agent trust one more certificate: the official ovh client
 * has no agent or CA option and always goes through `https.globalAgent`. For local demos and
 * tests against the emulator only; never call it in a deployed function.
 */
import https from 'node:https';
import { rootCertificates } from 'node:tls';

type CaOption = NonNullable<https.AgentOptions['ca']>;

function asList(ca: CaOption | undefined): (string | Buffer)[] {
  if (ca === undefined) return [];
  return Array.isArray(ca) ? [...ca] : [ca as string | Buffer];
}

/**
 * Appends `pem` to `https.globalAgent.options.ca` and returns a function that restores the
 * previous value. Setting `ca` replaces Node's bundled roots for the agent, so the first call
 * keeps them in the list: public hosts stay reachable.
 */
export function trustCertificate(pem: string): () => void {
  const options = https.globalAgent.options;
  const previous = options.ca;
  const current = previous === undefined ? [...rootCertificates] : asList(previous);
  if (!current.some((entry) => entry.toString() === pem)) current.push(pem);
  options.ca = current;
  return () => {
    if (previous === undefined) delete options.ca;
    else options.ca = previous;
  };
}
