import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeJson } from '../../../lib/compose/json.ts';
import { REPORT_SCHEMA_FILE, reportJsonSchema, reportSchema } from '../../../lib/compose/report-schema.ts';
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
