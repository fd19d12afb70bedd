/**
 * `npm run schema`: writes the report JSON's schema (lib/compose/report-schema.ts) as JSON Schema
 * to schemas/report.schema.json and formats it with Biome. Run it after changing the report
 * model; a test fails while the shipped file and the schema differ.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from '../lib/compose/report-schema.ts';
import { runCommand } from './cli.ts';

const spec = {
  name: 'npm run schema --',
  synopsis: '',
  summary:
    "Writes the report JSON's schema (lib/compose/report-schema.ts) as JSON Schema to\n" +
    'schemas/report.schema.json, then formats it. Run it after changing the report model.',
  options: {},
  examples: ['npm run schema'],
} as const;

await runCommand(spec, () => {
  const path = fileURLToPath(REPORT_SCHEMA_FILE);
  writeFileSync(path, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
  // Formatted here rather than by a second command in the npm script, which would receive the
  // script's arguments (`npm run schema -- --help` would reach Biome).
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  execFileSync(process.execPath, [biome, 'format', '--write', path], { stdio: 'ignore' });
  console.log(`wrote ${path}`);
});
