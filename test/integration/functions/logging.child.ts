/**
 * Child process of logging.test.ts: loads the HTTP and worker functions as Lambda does (the
 * configuration, log level included, from the environment) and invokes them with Lambda contexts.
 * Its standard output is the functions' log, nothing else; the answers go to standard error.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../../lib/deliver/http/api-keys.ts';

const KEY = process.env.TEST_API_KEY ?? '';
Object.assign(process.env, {
  VSCOPE_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'vscope-logging-')),
  VSCOPE_HTTP_API_KEYS: JSON.stringify([{ id: 'ops', sha256: hashApiKey(KEY), services: ['*'] }]),
});
delete process.env.TEST_API_KEY;

const context = (name: string, requestId: string) => ({
  getRemainingTimeInMillis: () => 60_000,
  awsRequestId: requestId,
  functionName: `vscope-reports-test-${name}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-3:000000000000:function:vscope-reports-test-${name}`,
  memoryLimitInMB: '1024',
});
const httpEvent = (path: string, requestId: string, authorization?: string) => ({
  rawPath: path,
  rawQueryString: 'service=pcc-192-0-2-10&from=2026-11-09&to=2026-11-16',
  headers: authorization ? { authorization } : {},
  requestContext: { requestId, http: { method: 'GET' } },
});

const http = (await import('../../../functions/http.ts')).handler;
const worker = (await import('../../../functions/worker.ts')).handler;
const answers = [
  await http(httpEvent('/v1/openapi.json', 'api-1'), context('http', 'lambda-1')),
  // A key that is not configured: 401, and its text must appear nowhere in the log.
  await http(httpEvent('/v1/reports', 'api-2', `Bearer ${KEY}-unknown`), context('http', 'lambda-2')),
  await worker(
    { Records: [{ messageId: 'poison', body: '{"v":1,"kind":"weekly"}', eventSource: 'aws:sqs' }] },
    context('worker', 'lambda-3'),
  ),
];
process.stderr.write(
  `answers ${JSON.stringify(answers.map((a) => ('statusCode' in a ? a.statusCode : a)))}\n`,
);
