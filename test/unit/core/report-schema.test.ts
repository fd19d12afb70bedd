import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeJson } from '../../../lib/compose/json.ts';
import {
  findingSchema,
  lenient,
  REPORT_SCHEMA_FILE,
  reportJsonSchema,
  reportSchema,
} from '../../../lib/core/report-schema.ts';
import { jsonSchemaValidator } from '../../support/json-schema.ts';
import { buildReportFixture } from '../../support/report-model.ts';

const shipped = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const validate = jsonSchemaValidator(shipped);
const fixture = buildReportFixture();
/** The report JSON as a reader gets it: written by composeJson, parsed back. */
const report = JSON.parse(composeJson(fixture.model)) as Record<string, unknown>;

type Json = Record<string, unknown>;
const edit = (change: (copy: Json) => void): Json => {
  const copy = structuredClone(report);
  change(copy);
  return copy;
};
const first = (copy: Json, key: string) => (copy[key] as Json[])[0] as Json;

describe('report JSON schema', () => {
  it('ships as the JSON Schema of the report model (run `npm run schema` after changing the model)', () => {
    expect(shipped).toEqual(reportJsonSchema());
    expect(shipped.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('describes a real report: the zod schema and an independent validator both accept it', () => {
    expect(reportSchema.safeParse(report).error?.issues ?? []).toEqual([]);
    expect(validate(report)).toEqual([]);
    expect(report.schemaVersion).toBe(2);
  });

  it.each([
    ['a report without its schema version', (c: Json) => delete c.schemaVersion],
    ['another schema version', (c: Json) => Object.assign(c, { schemaVersion: 3 })],
    ['a key the schema does not describe', (c: Json) => Object.assign(c, { extra: true })],
    [
      'a figure that was not a number (NaN is written as null)',
      (c: Json) => Object.assign(c, { coverage: { ...(c.coverage as Json), pct: null } }),
    ],
    ['an unknown severity', (c: Json) => Object.assign(first(c, 'findings'), { severity: 'urgent' })],
    [
      'a metric outside the catalogue',
      (c: Json) => Object.assign(first(c, 'gaps'), { metric: 'vscope.vm.gpu' }),
    ],
    [
      'a finding message without parameters',
      (c: Json) => {
        const messages = first(c, 'findings').messages as Json;
        delete (messages.title as Json).params;
      },
    ],
    [
      'a runway forecast line without its days',
      (c: Json) => {
        const forecasts = (c.findings as Json[]).map((f) => (f.evidence as Json).runway as Json | undefined);
        const forecast = forecasts.find((r) => r !== undefined) as Json;
        delete ((forecast.lines as Json[])[0] as Json).days;
      },
    ],
  ])('rejects %s, with either validator', (_, change) => {
    const broken = edit(change);
    expect(reportSchema.safeParse(broken).success).toBe(false);
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it('accepts a finding read from an older report, without messages', () => {
    const older = edit((c) => delete first(c, 'findings').messages);
    expect(validate(older)).toEqual([]);
    expect(reportSchema.safeParse(older).success).toBe(true);
  });
});

describe('lenient reading of the report schema', () => {
  const finding = first(report, 'findings');
  const later = structuredClone(finding);
  Object.assign(later, { impact: 'high' });
  Object.assign(later.evidence as Json, { chart: 'runway' });
  const title = (later.messages as Json).title as Json;
  Object.assign(title, {
    hint: 'x',
    params: { ...(title.params as Json), clause: [{ key: 'k', params: {}, more: 1 }] },
  });

  it('drops keys it does not know at any depth, recursive messages included', () => {
    const read = lenient(findingSchema).safeParse(later);
    expect(read.error?.issues ?? []).toEqual([]);
    const { impact, ...known } = later;
    expect(impact).toBe('high');
    const { hint: _, ...knownTitle } = title;
    const expectedTitle = {
      ...knownTitle,
      params: { ...(title.params as Json), clause: [{ key: 'k', params: {} }] },
    };
    expect(read.data).toEqual({
      ...known,
      evidence: finding.evidence,
      messages: { ...(later.messages as Json), title: expectedTitle },
    });
  });

  it('checks the keys it knows as strictly as the report schema', () => {
    expect(lenient(findingSchema).safeParse({ ...finding, severity: 'urgent' }).success).toBe(false);
    expect(lenient(findingSchema).safeParse({ ...finding, evidence: { summary: 's' } }).success).toBe(false);
  });

  it('leaves the report schema itself strict', () => {
    lenient(reportSchema);
    expect(findingSchema.safeParse(later).success).toBe(false);
    expect(reportSchema.safeParse({ ...report, extra: true }).success).toBe(false);
  });
});
