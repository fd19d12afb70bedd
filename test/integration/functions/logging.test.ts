import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newApiKey } from '../../../lib/deliver/http/api-keys.ts';
import { PROBLEM_TYPES } from '../../../lib/deliver/http/problem.ts';

/**
 * The functions' log as CloudWatch receives it: a fresh Node process loads the HTTP and worker
 * functions with the log level of VSCOPE_LOG_LEVEL and invokes them, in an environment Lambda
 * would give it (AWS_LAMBDA_INITIALIZATION_TYPE); every line it prints is one JSON entry of
 * Powertools' Logger — INFO and DEBUG on standard output, WARN and ERROR on standard error, both
 * of which Lambda sends to CloudWatch.
 */
const here = new URL('.', import.meta.url).pathname;
type Line = Record<string, unknown>;

async function invoke(logLevel: string): Promise<{ lines: Line[]; output: string; key: string }> {
  const key = newApiKey();
  const env: Record<string, string | undefined> = { ...process.env };
  // Only the configuration decides the level here: no Powertools or Lambda variable of the host.
  for (const name of Object.keys(env))
    if (/^(POWERTOOLS_|AWS_LAMBDA_|VSCOPE_)|^LOG_LEVEL$|^_X_AMZN_TRACE_ID$/.test(name)) delete env[name];
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--no-warnings', `${here}logging.child.ts`],
    {
      env: {
        ...env,
        TZ: 'UTC',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        VSCOPE_LOG_LEVEL: logLevel,
        TEST_API_KEY: key,
      },
      timeout: 120_000,
    },
  );
  const output = `${stdout}${stderr}`;
  const lines = output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .sort((a, b) => String(a.function_request_id).localeCompare(String(b.function_request_id)));
  return { lines, output, key };
}

describe('the functions log', () => {
  it('one JSON line per entry with the request id, the cold start flag, the function and the service', async () => {
    const { lines, output } = await invoke('INFO');
    expect(output).toContain('answers [200,401,{"batchItemFailures":[{"itemIdentifier":"poison"}]}]');
    for (const line of lines) expect(line).toMatchObject({ service: 'vscope-reports' });
    const requests = lines.filter((l) => l.message === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        level: 'INFO',
        function_request_id: 'lambda-1',
        function_name: 'vscope-reports-test-http',
        cold_start: true,
        requestId: 'api-1',
        method: 'GET',
        path: '/v1/openapi.json',
        status: 200,
      }),
      expect.objectContaining({
        level: 'WARN',
        function_request_id: 'lambda-2',
        function_name: 'vscope-reports-test-http',
        cold_start: false,
        requestId: 'api-2',
        method: 'GET',
        path: '/v1/reports',
        status: 401,
        problemType: PROBLEM_TYPES.unauthorized,
      }),
    ]);
    for (const line of requests) expect(line.latencyMs).toEqual(expect.any(Number));
    // The worker's logger is its own function's: its first invocation is a cold start too.
    expect(lines.filter((l) => l.message === 'job failed')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        function_request_id: 'lambda-3',
        function_name: 'vscope-reports-test-worker',
        cold_start: true,
        messageId: 'poison',
        code: 'DELIVERY',
      }),
    ]);
  }, 150_000);

  it('logs nothing below the configured level and never the key presented', async () => {
    const { lines, output, key } = await invoke('WARN');
    expect(output).toContain('answers [200,401,');
    expect(lines.map((l) => [l.level, l.message, l.status])).toEqual([
      ['WARN', 'request', 401],
      ['ERROR', 'job failed', undefined],
    ]);
    expect(output).not.toContain(key);
    expect(output).not.toMatch(/Bearer/i);
  }, 150_000);
});
