/**
 * `npm run schema`: writes the JSON Schemas that ship with the project, each generated from its
 * zod schema — the report JSON's (lib/core/report-schema.ts) to schemas/report.schema.json,
 * the configuration file's (lib/config/config.ts) to schemas/config.schema.json — and the
 * configuration example with every default to config.example.json, then formats them. Run it
 * after changing the report model or the configuration; a test fails while a shipped file and
 * its source differ.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_EXAMPLE_FILE,
  CONFIG_SCHEMA_FILE,
  configExample,
  configJsonSchema,
} from '../lib/config/config-file-schema.ts';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from '../lib/core/report-schema.ts';
import { runCommand } from './cli.ts';

const spec = {
  name: 'npm run schema --',
  synopsis: '',
  summary:
    "Writes the report JSON's schema to schemas/report.schema.json, the configuration file's to\n" +
    'schemas/config.schema.json and every default to config.example.json, then formats them.\n' +
    'Run it after changing the report model or the configuration.',
  options: {},
  examples: ['npm run schema'],
} as const;

await runCommand(spec, () => {
  const outputs: ReadonlyArray<readonly [URL, Record<string, unknown>]> = [
    [REPORT_SCHEMA_FILE, reportJsonSchema()],
    [CONFIG_SCHEMA_FILE, configJsonSchema()],
    [CONFIG_EXAMPLE_FILE, configExample()],
  ];
  const paths = outputs.map(([file, content]) => {
    const path = fileURLToPath(file);
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
    return path;
  });
  // Formatted here rather than by a second command in the npm script, which would receive the
  // script's arguments (`npm run schema -- --help` would reach Biome).
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  execFileSync(process.execPath, [biome, 'format', '--write', ...paths], { stdio: 'ignore' });
  for (const path of paths) console.log(`wrote ${path}`);
});
