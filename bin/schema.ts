/**
 * `npm run schema`: writes the report JSON's schema (lib/core/report-schema.ts) as JSON Schema
 * to schemas/report.schema.json. Run it after changing the report model; a test fails while the
 * shipped file and the schema differ.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from '../lib/core/report-schema.ts';

const path = fileURLToPath(REPORT_SCHEMA_FILE);
writeFileSync(path, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path}`);
