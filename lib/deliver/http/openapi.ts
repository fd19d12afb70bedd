/**
 * The OpenAPI 3.1 description served at `/v1/openapi.json`. A test validates real responses
 * against the schemas below, so the document cannot drift from what the API answers.
 */
import { CSV_FILES, LANGUAGES } from '../../core/types.ts';
import { GENERATOR } from '../../version.ts';
import { JOB_ID_PATTERN } from '../queue/job-message.ts';
import { JOB_STATES } from './job-record.ts';
import { PROBLEM_LIMITS, REPORT_FORMATS, RULES } from './parse-query.ts';
import { FAILURE_CATEGORIES } from './problem.ts';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'requestId'],
  properties: {
    type: { type: 'string', description: 'A URN naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    requestId: { type: 'string', minLength: 1, description: 'Quote it when reporting a failure.' },
    category: {
      type: 'string',
      enum: Object.values(FAILURE_CATEGORIES).map((c) => c.category),
      description:
        'Why a build failed for lack of data (502 only): the metrics endpoint refused the credentials, no series arrived, or coverage was under the configured floor. Nothing was stored; a later request builds again.',
    },
    errors: {
      type: 'array',
      description: `The invalid parameters (400 only): the first ${PROBLEM_LIMITS.maxListed}, in the order found.`,
      maxItems: PROBLEM_LIMITS.maxListed,
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: {
          field: { type: 'string' },
          rule: { type: 'string', enum: Object.values(RULES) },
          message: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
    moreErrors: {
      type: 'integer',
      minimum: 1,
      description:
        'How many further problems `errors` does not list (400 only; absent when it lists them all).',
    },
  },
  additionalProperties: false,
} as const;

const reportSchema = {
  type: 'object',
  description: 'Every figure of the report (the same document as report.json in the bucket).',
  required: [
    'schemaVersion',
    'generator',
    'serviceName',
    'period',
    'generatedAt',
    'intervalSeconds',
    'coverage',
    'datacenters',
    'findings',
    'resolvedFindings',
    'comparison',
    'gaps',
    'summaries',
  ],
  properties: {
    schemaVersion: { type: 'integer', const: 2 },
    generator: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { type: 'string' }, version: { type: 'string' } },
    },
    serviceName: { type: 'string' },
    period: {
      type: 'object',
      required: ['kind', 'label', 'startMs', 'endMs', 'timeZone', 'startIso', 'endIso'],
      properties: {
        kind: { type: 'string', enum: ['week', 'month', 'custom'] },
        label: { type: 'string' },
        startMs: { type: 'integer' },
        endMs: { type: 'integer' },
        timeZone: { type: 'string' },
        startIso: { type: 'string' },
        endIso: { type: 'string' },
      },
    },
    generatedAt: { type: 'string' },
    intervalSeconds: { type: 'number', exclusiveMinimum: 0 },
    coverage: {
      type: 'object',
      required: ['expected', 'received', 'pct'],
      properties: {
        expected: { type: 'number', minimum: 0 },
        received: { type: 'number', minimum: 0 },
        pct: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    datacenters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['datacenterId', 'name', 'tag', 'hosts', 'vms', 'filers', 'rollup'],
        properties: {
          datacenterId: { type: 'integer' },
          name: { type: 'string' },
          tag: { type: 'string' },
          hosts: { type: 'array', items: { type: 'object' } },
          vms: { type: 'array', items: { type: 'object' } },
          filers: { type: 'array', items: { type: 'object' } },
          rollup: { type: 'object' },
        },
      },
    },
    findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
    resolvedFindings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
    comparison: { type: 'object' },
    gaps: { type: 'array' },
    summaries: { type: 'object' },
  },
} as const;

const findingSchema = {
  type: 'object',
  required: [
    'id',
    'rule',
    'severity',
    'status',
    'confidence',
    'subject',
    'title',
    'evidence',
    'recommendation',
  ],
  properties: {
    id: { type: 'string' },
    rule: { type: 'string' },
    severity: { type: 'string', enum: ['critical', 'warning', 'info'] },
    status: { type: 'string', enum: ['new', 'persisting', 'resolved'] },
    confidence: { type: 'string', enum: ['high', 'low'] },
    subject: { type: 'object' },
    title: { type: 'string' },
    evidence: { type: 'object' },
    recommendation: { type: 'string' },
  },
} as const;

const jobSchema = {
  type: 'object',
  description: 'An on-demand job: the report it builds, its state and how far it got.',
  required: ['id', 'status', 'progress', 'createdAt', 'updatedAt', 'request'],
  properties: {
    id: {
      type: 'string',
      pattern: JOB_ID_PATTERN.source,
      description: 'Derived from the artefact: equal requests share a job.',
    },
    status: {
      type: 'string',
      enum: [...JOB_STATES],
      description:
        'queued (waiting for a worker) or running; a 202 that joined a job as it ended may say done or failed (poll Location).',
    },
    progress: {
      type: 'object',
      required: ['stage', 'detail'],
      properties: {
        stage: {
          type: 'string',
          description:
            'queued, running, then the pipeline stage reached: discover, fetch, aggregate, findings, charts, compose, store.',
        },
        detail: { type: 'string' },
      },
      additionalProperties: false,
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    request: {
      type: 'object',
      description: 'The report asked for, canonical: the same parameters ask for the same artefact.',
      required: ['service', 'datacenter', 'from', 'to', 'tz', 'format', 'lang'],
      properties: {
        service: { type: 'string' },
        datacenter: { type: ['string', 'null'] },
        from: { type: 'string' },
        to: { type: 'string' },
        tz: { type: 'string' },
        format: { type: 'string', enum: [...REPORT_FORMATS] },
        lang: { type: 'string', enum: [...LANGUAGES] },
        table: { type: 'string', enum: [...CSV_FILES] },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

const jobHeaders = {
  'Retry-After': { description: 'Seconds to wait before polling again.', schema: { type: 'integer' } },
  'X-Request-Id': { $ref: '#/components/headers/RequestId' },
} as const;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
});

/** The document, with the deployment's span limit in it. */
export function openApiDocument(maxSpanDays: number) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'vscope-reports',
      version: GENERATOR.version,
      description:
        'On-demand reports of OVHcloud Hosted Private Cloud infrastructure from vScope metrics. ' +
        'Equal requests reuse the stored report; large documents are answered with 303 to a time-limited link; ' +
        'large builds are answered 202 with a job to poll.',
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/reports': {
        get: {
          operationId: 'getReport',
          summary: 'A report of one service over a range, as JSON, PDF, HTML or CSV.',
          parameters: [
            {
              name: 'service',
              in: 'query',
              required: true,
              schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
              example: 'pcc-192-0-2-10',
            },
            {
              name: 'datacenter',
              in: 'query',
              required: false,
              description: 'Datacenter id or name; every datacenter when absent.',
              schema: { type: 'string' },
            },
            {
              name: 'from',
              in: 'query',
              required: true,
              description: 'Start (inclusive): a date or a local date-time in tz, or with an offset.',
              schema: { type: 'string' },
              example: '2026-11-16',
            },
            {
              name: 'to',
              in: 'query',
              required: true,
              description: `End (exclusive), after from, in the past, at most ${maxSpanDays} days after from.`,
              schema: { type: 'string' },
              example: '2026-11-23',
            },
            {
              name: 'tz',
              in: 'query',
              required: false,
              description: 'IANA time zone of the dates and of the report.',
              schema: { type: 'string' },
              example: 'Europe/Paris',
            },
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: [...REPORT_FORMATS], default: 'json' },
            },
            { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: [...LANGUAGES] } },
            {
              name: 'Prefer',
              in: 'header',
              required: false,
              description:
                "`respond-async`: answer 202 and build in the background. Builds larger than the deployment's synchronous budget are answered that way anyway.",
              schema: { type: 'string' },
              example: 'respond-async',
            },
            {
              name: 'table',
              in: 'query',
              required: false,
              description: 'The CSV table (format=csv only).',
              schema: { type: 'string', enum: [...CSV_FILES], default: 'vms' },
            },
          ],
          responses: {
            '200': {
              description: 'The report.',
              headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Report' } },
                'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
                'text/html': { schema: { type: 'string' } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            '303': {
              description: 'The document is large: fetch it from the presigned URL in Location (expires).',
              headers: {
                Location: { required: true, schema: { type: 'string', format: 'uri' } },
                'X-Request-Id': { $ref: '#/components/headers/RequestId' },
              },
            },
            '202': {
              description:
                'The report is being built (asked with `Prefer: respond-async`, too large to build within the request, or already under way for an equal request): poll Location.',
              headers: {
                Location: {
                  required: true,
                  description: '`/v1/jobs/{id}`',
                  schema: { type: 'string', format: 'uri-reference' },
                },
                'Preference-Applied': {
                  description: '`respond-async` when the request asked for it.',
                  schema: { type: 'string' },
                },
                ...jobHeaders,
              },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
            },
            '400': problem('Invalid parameters: `errors` names each field and the rule it breaks.'),
            '401': problem('Missing or unknown API key.'),
            '403': problem('The key may not read this service (whether or not it exists).'),
            '404': problem('The service has no such datacenter.'),
            '500': problem('Internal failure; quote the request id.'),
            '501': problem('This deployment does not produce the document asked for.'),
            '502': problem('A service the report depends on failed; quote the request id.'),
          },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          operationId: 'getJob',
          summary: 'An on-demand job a 202 pointed to: its progress, then its report.',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: JOB_ID_PATTERN.source },
            },
          ],
          responses: {
            '200': {
              description: 'Queued or running: the job and its progress. Poll again after Retry-After.',
              headers: jobHeaders,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
            },
            '303': {
              description:
                'Done: the report at Location, the URL a synchronous request would give (a presigned URL that expires, or the report request itself when the store cannot sign links).',
              headers: {
                Location: { required: true, schema: { type: 'string', format: 'uri-reference' } },
                'X-Request-Id': { $ref: '#/components/headers/RequestId' },
              },
            },
            '401': problem('Missing or unknown API key.'),
            '404': problem(
              'No such job (or not one of a service the key may read), its report is gone, or the build failed to find the datacenter.',
            ),
            '500': problem('The build failed, or stopped before it finished; request the report again.'),
            '501': problem('The build failed: this deployment does not produce the document asked for.'),
            '502': problem('The build failed: a service the report depends on failed.'),
          },
        },
      },
      '/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          security: [],
          summary: 'This document.',
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key issued by the operator.' },
      },
      headers: {
        RequestId: { description: 'Identifies the request in the logs.', schema: { type: 'string' } },
      },
      schemas: { Problem: problemSchema, Report: reportSchema, Finding: findingSchema, Job: jobSchema },
    },
  };
}
