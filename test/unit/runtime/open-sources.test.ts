import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { ConfigError, ERROR_CODES, InventoryError } from '../../../lib/core/errors.ts';
import type { OvhApi } from '../../../lib/discover/ovh-api.ts';
import { FETCH_DEFAULTS } from '../../../lib/fetch/fetch-series.ts';
import { PLAN_DEFAULTS } from '../../../lib/fetch/plan-queries.ts';
import { fetchOptions, openOvhApi, servicesToReport } from '../../../lib/runtime/open-sources.ts';

/** An in-memory APIv6 that answers GET from a table and records each call with its signal. */
function fakeApi(answers: Record<string, unknown>) {
  const calls: { path: string; signal: AbortSignal | undefined }[] = [];
  const api: OvhApi = {
    get: async (path, signal) => {
      calls.push({ path, signal });
      if (!(path in answers)) throw new Error(`unexpected GET ${path}`);
      return answers[path];
    },
    post: async (path) => {
      throw new Error(`unexpected POST ${path}`);
    },
  };
  return { api, calls };
}

describe('servicesToReport', () => {
  it('reports on the configured services without asking APIv6', async () => {
    const { api, calls } = fakeApi({ '/dedicatedCloud': ['pcc-other'] });
    const config = loadConfig({ VSCOPE_OVH_SERVICES: 'pcc-1-2-3-4, pcc-5-6-7-8' });
    expect(await servicesToReport(config, api)).toEqual(['pcc-1-2-3-4', 'pcc-5-6-7-8']);
    expect(calls).toEqual([]);
  });

  it('lists every service the credentials can see when none is configured', async () => {
    const { api, calls } = fakeApi({ '/dedicatedCloud': ['pcc-a', 'pcc-b'] });
    const signal = new AbortController().signal;
    expect(await servicesToReport(loadConfig({}), api, signal)).toEqual(['pcc-a', 'pcc-b']);
    expect(calls).toEqual([{ path: '/dedicatedCloud', signal }]);
  });

  it('names the missing credentials and their variables when it has neither services nor APIv6', async () => {
    const error = await servicesToReport(loadConfig({}), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const { code, context, expose, message } = error as ConfigError;
    expect({ code, key: context.key, expose }).toEqual({
      code: ERROR_CODES.config,
      key: 'ovh.appKey',
      expose: true,
    });
    for (const name of ['ovh.appKey', 'ovh.appSecret', 'ovh.consumerKey', 'VSCOPE_OVH_CONSUMER_KEY']) {
      expect(message).toContain(name);
    }
  });

  it('fails with the path when APIv6 answers something other than a list of names', async () => {
    const { api } = fakeApi({ '/dedicatedCloud': [{ serviceName: 'pcc-a' }] });
    const error = await servicesToReport(loadConfig({}), api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryError);
    expect((error as InventoryError).message).toMatch(
      /^APIv6 \/dedicatedCloud answered an unexpected shape: 0: /,
    );
  });
});

describe('openOvhApi', () => {
  it('has no client unless the application key, secret and consumer key are all set', () => {
    const all = { VSCOPE_OVH_APP_KEY: 'k', VSCOPE_OVH_APP_SECRET: 's', VSCOPE_OVH_CONSUMER_KEY: 'c' };
    for (const missing of Object.keys(all)) {
      const env = Object.fromEntries(Object.entries(all).filter(([name]) => name !== missing));
      expect(openOvhApi(loadConfig(env)), missing).toBeNull();
    }
  });
});

describe('fetchOptions', () => {
  it('fetches with the fetch defaults when nothing is configured', () => {
    const { baseIntervalSeconds, maxPointsPerSeries, maxSubQueriesPerRequest, concurrency } = FETCH_DEFAULTS;
    expect(fetchOptions(loadConfig({}))).toEqual({
      baseIntervalSeconds,
      maxPointsPerSeries,
      maxSubQueriesPerRequest,
      concurrency,
      bucketStamp: 'start',
    });
  });

  it('carries the configured limits and bucket stamp, at the native sample spacing', () => {
    const config = loadConfig({
      VSCOPE_METRICS_MAX_POINTS: '5000',
      VSCOPE_METRICS_MAX_SUBQUERIES: '7',
      VSCOPE_METRICS_CONCURRENCY: '3',
      VSCOPE_METRICS_BUCKET_STAMP: 'end',
    });
    expect(fetchOptions(config)).toEqual({
      baseIntervalSeconds: PLAN_DEFAULTS.baseIntervalSeconds,
      maxPointsPerSeries: 5000,
      maxSubQueriesPerRequest: 7,
      concurrency: 3,
      bucketStamp: 'end',
    });
  });
});
