/**
 * `npm run schema`: writes the JSON Schemas that ship with the project, each generated from its
 * zod schema — the report JSON's (lib/core/report-schema.ts) to schemas/report.schema.json,
 * the configuration file's (lib/config/config.ts) to schemas/config.schema.json — and the
 * configuration example with every default to config.example.json. Run it after changing the
 * report model or the configuration; a test fails while a shipped file and its source differ.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_EXAMPLE_FILE,
  CONFIG_SCHEMA_FILE,
  configExample,
  configJsonSchema,
} from '../lib/config/config-file-schema.ts';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from '../lib/core/report-schema.ts';

const outputs: ReadonlyArray<readonly [URL, Record<string, unknown>]> = [
  [REPORT_SCHEMA_FILE, reportJsonSchema()],
  [CONFIG_SCHEMA_FILE, configJsonSchema()],
  [CONFIG_EXAMPLE_FILE, configExample()],
];
for (const [file, content] of outputs) {
  const path = fileURLToPath(file);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
