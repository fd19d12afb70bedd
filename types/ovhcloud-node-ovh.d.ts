/**
 * Minimal declarations for @ovhcloud/node-ovh 3.0.0 (CommonJS, ships none): the factory and the
 * promise API the inventory stage uses.
 */
declare module '@ovhcloud/node-ovh' {
  interface OvhClientOptions {
    /** Preset (`ovh-eu`, `ovh-ca`, `ovh-us`...); overrides host, port and basePath. */
    endpoint?: string;
    appKey: string;
    appSecret: string;
    consumerKey?: string;
    /** Default `eu.api.ovh.com`. Signed as `https://<host><basePath><path>`, never with the port. */
    host?: string;
    /** Default 443. Always HTTPS, through `https.globalAgent`. */
    port?: number;
    /** Default `/1.0`. */
    basePath?: string;
    /** Socket idle timeout in ms, after which the request is aborted. */
    timeout?: number;
    /** Seconds to add to the local clock. Falsy (0 included) means "ask GET /auth/time first". */
    apiTimeDiff?: number;
  }

  /** What `requestPromised` rejects with: not an Error. */
  interface OvhRequestError {
    /** HTTP status, or a socket errno / code, or a `[OVH] ...` sentence. */
    readonly error: number | string;
    /** The `message` field of the API's JSON error body (its errorCode is dropped). */
    readonly message: string | null | undefined;
  }

  interface OvhClient {
    /** Null until the first call fetched GET /auth/time. */
    apiTimeDiff: number | null;
    /** A Bluebird promise; `params` go to the query string for GET/DELETE, to a JSON body otherwise. */
    requestPromised<T = unknown>(method: string, path: string, params?: Record<string, unknown>): Promise<T>;
  }

  function ovh(options: OvhClientOptions): OvhClient;

  export type { OvhClient, OvhClientOptions, OvhRequestError };
  export default ovh;
}
