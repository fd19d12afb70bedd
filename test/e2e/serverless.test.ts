import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  type DemoEnvironment,
  startDemoEnvironment,
} from '../../demo/emulators/demo-environment.ts';
import { hashApiKey, newApiKey } from '../../lib/deliver/http/api-keys.ts';

/**
 * The deployment artefacts: `npm run package` (serverless package, offline, no credentials)
 * produces the CloudFormation template and one zip per function; then the HTTP function runs
 * under serverless-offline on 127.0.0.1, bundled by serverless-esbuild as it is for Lambda.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const exec = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'vscope-sls-package-'));
const KEY = newApiKey();
type Resource = { Type: string; Properties: Record<string, unknown> };
let template: { Resources: Record<string, Resource> };

/** A resource of the template, which must be there. */
function resource(name: string): Resource {
  const found = template.Resources[name];
  if (!found) throw new Error(`no ${name} in the template`);
  return found;
}

type Statement = { Action: string | string[]; Resource: unknown };

/** The statements of a role's inline policy. */
function statements(role: string): Statement[] {
  const policies = resource(role).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

/** `Fn::Sub` of an object ARN under the reports bucket (CloudFormation syntax, not a JS template). */
const underBucket = (prefix: string) =>
  JSON.stringify({ 'Fn::Sub': ['$', '{ReportsBucket.Arn}/', prefix].join('') });
let packageLog = '';
let packageErrors = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const { stdout, stderr } = await exec(process.execPath, ['build/package.mjs', '--package', out], {
    cwd: ROOT,
    timeout: 300_000,
  });
  packageLog = stdout;
  packageErrors = stderr;
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 320_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('serverless package', () => {
  it('produces one zip per function and prints their sizes', () => {
    for (const fn of ['http', 'monthly', 'weekly', 'worker'])
      expect(packageLog).toMatch(new RegExp(`${fn}\\.zip\\s+\\d+ KiB`));
  });

  it('prints no warning and no deprecation', () => {
    const lines = `${packageLog}\n${packageErrors}`.split('\n');
    expect(lines.filter((line) => /deprecat|warning/i.test(line))).toEqual([]);
  });

  it('alarms on the dead-letter queue and on every function error, to one SNS topic', () => {
    const topic = { Ref: 'AlarmsTopic' };
    expect(resource('AlarmsTopic').Type).toBe('AWS::SNS::Topic');
    expect(resource('JobsDeadLetterAlarm').Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['JobsDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topic],
    });
    for (const fn of ['Weekly', 'Monthly', 'Worker', 'Http']) {
      expect(resource(`${fn}ErrorsAlarm`).Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${fn}LambdaFunction` } }],
        AlarmActions: [topic],
      });
    }
    // The subscription is a deployment parameter: without one, the condition leaves it out.
    const subscription = template.Resources.AlarmsEmailSubscription as Resource & { Condition?: string };
    expect(subscription.Condition).toBe('HasAlarmEmail');
    expect(subscription.Properties).toMatchObject({ TopicArn: topic, Protocol: 'email', Endpoint: '' });
    expect(JSON.stringify((template as { Conditions?: unknown }).Conditions)).toContain('HasAlarmEmail');
  });

  it('wires the events: scheduler with time zone, SQS with partial batch failures, HTTP API routes', () => {
    const weekly = resource('WeeklySchedulerSchedule1').Properties;
    expect(weekly.ScheduleExpression).toBe('cron(0 6 ? * MON *)');
    expect(weekly.ScheduleExpressionTimezone).toBe('Europe/Paris');
    expect(resource('MonthlySchedulerSchedule1').Type).toBe('AWS::Scheduler::Schedule');
    expect(resource('WorkerEventSourceMappingSQSJobsQueue').Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 1,
    });
    const routes = Object.values(template.Resources).filter((x) => x.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((x) => x.Properties.RouteKey).sort()).toEqual([
      'GET /v1/jobs/{id}',
      'GET /v1/openapi.json',
      'GET /v1/reports',
    ]);
    for (const fn of ['Http', 'Weekly', 'Monthly', 'Worker']) {
      const props = resource(`${fn}LambdaFunction`).Properties;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Role).toEqual({ 'Fn::GetAtt': [`${fn}Role`, 'Arn'] });
    }
  });

  it('gives each function a role limited to its own bucket prefixes', () => {
    const objectResources = (role: string) =>
      statements(role)
        .filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))
        .flatMap((st) => [st.Resource].flat())
        .map((res) => JSON.stringify(res));
    expect(objectResources('HttpRole')).toEqual(['reports/*/adhoc/*', 'jobs/*'].map(underBucket));
    expect(objectResources('WorkerRole')).toEqual(
      ['reports/*/weekly/*', 'reports/*/monthly/*', 'archive/*', 'reports/*/adhoc/*', 'jobs/*', 'runs/*'].map(
        underBucket,
      ),
    );
    // The API queues the builds it answers 202, and only sends.
    const sends = (role: string) =>
      statements(role).filter((st) => [st.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sends('HttpRole')).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } },
    ]);
    expect(objectResources('WeeklyRole')).toEqual([]);
    expect(objectResources('MonthlyRole')).toEqual([]);
    const everything = JSON.stringify(template.Resources);
    expect(everything).not.toMatch(/"Resource":"\*"/);
  });

  it('takes settings from SSM and secrets from Secrets Manager at deploy time, not at packaging', () => {
    const env = (
      resource('HttpLambdaFunction').Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(env.VSCOPE_HTTP_API_KEYS).toBe('{{resolve:ssm:/vscope-reports/dev/http-api-keys}}');
    expect(env.VSCOPE_OVH_APP_SECRET).toBe(
      '{{resolve:secretsmanager:vscope-reports/dev:SecretString:ovhAppSecret}}',
    );
    expect(env.VSCOPE_S3_BUCKET).toEqual({ Ref: 'ReportsBucket' });
  });
});

describe('HTTP function under serverless-offline', () => {
  let demo: DemoEnvironment;
  let offline: ChildProcess;
  let url = '';
  let output = '';
  let scratch = '';
  const hadBuildFolder = existsSync(join(ROOT, '.esbuild'));

  beforeAll(async () => {
    const from = Date.parse('2026-11-09T00:00:00+01:00') / 1000;
    demo = await startDemoEnvironment({ range: { fromSec: from - 86_400, toSec: from + 3 * 86_400 } });
    scratch = mkdtempSync(join(tmpdir(), 'vscope-offline-'));
    const ca = join(scratch, 'apiv6-ca.pem');
    writeFileSync(ca, demo.apiv6.ca);
    const [httpPort, lambdaPort] = [await freePort(), await freePort()];
    offline = spawn(
      'npx',
      [
        'serverless',
        'offline',
        'start',
        '--stage',
        'local',
        '--localEnvironment',
        '--host',
        '127.0.0.1',
        '--httpPort',
        String(httpPort),
        '--lambdaPort',
        String(lambdaPort),
      ],
      {
        cwd: ROOT,
        detached: true,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TMPDIR: scratch,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          // The APIv6 emulator's certificate, trusted by the whole offline process.
          NODE_EXTRA_CA_CERTS: ca,
          TZ: 'UTC',
          VSCOPE_OUTPUT_DIR: scratch,
          VSCOPE_OVH_HOST: demo.apiv6.host,
          VSCOPE_OVH_PORT: String(demo.apiv6.port),
          VSCOPE_OVH_APP_KEY: DEMO_CREDENTIALS.appKey,
          VSCOPE_OVH_APP_SECRET: DEMO_CREDENTIALS.appSecret,
          VSCOPE_OVH_CONSUMER_KEY: DEMO_CREDENTIALS.consumerKey,
          VSCOPE_OVH_METRICS_USER_ID: String(DEMO_CREDENTIALS.metricsUserId),
          VSCOPE_HTTP_API_KEYS: JSON.stringify([{ id: 'e2e', sha256: hashApiKey(KEY), services: ['*'] }]),
        },
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Server ready/.test(output)) resolve(`http://127.0.0.1:${httpPort}`);
      };
      offline.stdout?.on('data', onData);
      offline.stderr?.on('data', onData);
      offline.once('exit', (code) => reject(new Error(`serverless offline exited (${code}):\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (offline?.pid && offline.exitCode === null) {
      const exited = new Promise((resolve) => offline.once('exit', resolve));
      process.kill(-offline.pid, 'SIGTERM');
      await exited;
    }
    await demo?.close();
    // serverless-esbuild's build folder outlives a stopped `serverless offline`.
    if (!hadBuildFolder) rmSync(join(ROOT, '.esbuild'), { recursive: true, force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('serves the OpenAPI document and refuses a request without a key', async () => {
    expect((await fetch(`${url}/v1/openapi.json`)).status).toBe(200);
    const r = await fetch(`${url}/v1/reports?service=x&from=2026-11-09&to=2026-11-10`);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('builds the JSON and the PDF report of the demo service from the bundled handler', async () => {
    const query = `service=${demo.inventory.serviceName}&from=2026-11-09&to=2026-11-11`;
    const headers = { authorization: `Bearer ${KEY}` };
    const json = await fetch(`${url}/v1/reports?${query}&format=json`, { headers });
    expect(json.status, output).toBe(200);
    expect(((await json.json()) as { serviceName: string }).serviceName).toBe(demo.inventory.serviceName);
    const pdf = await fetch(`${url}/v1/reports?${query}&format=pdf`, { headers });
    expect(pdf.status, output).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
