// `node --import ./record-imports.mjs`: records module resolutions to $TEST_IMPORTS_FILE.
import { register } from 'node:module';

register('./import-hooks.mjs', import.meta.url, { data: { file: process.env.TEST_IMPORTS_FILE } });
