/**
 * The APIv6 request signature, as computed by every official client and checked by the API:
 *
 *   "$1$" + sha1hex(appSecret + "+" + consumerKey + "+" + METHOD + "+" + url + "+" + body + "+" + timestamp)
 *
 * `url` is `https://` + host (no port) + base path + path and query; `body` is the raw request
 * body, empty for GET.
 */
import { createHash } from 'node:crypto';

export interface SignatureInput {
  readonly appSecret: string;
  readonly consumerKey: string;
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly timestamp: number | string;
}

/** Computes the `X-Ovh-Signature` header value of one request. */
export function ovhSignature(input: SignatureInput): string {
  const { appSecret, consumerKey, method, url, body, timestamp } = input;
  const payload = [appSecret, consumerKey, method, url, body, String(timestamp)].join('+');
  return `$1$${createHash('sha1').update(payload, 'utf8').digest('hex')}`;
}
