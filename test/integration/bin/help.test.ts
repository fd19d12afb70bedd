import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

/** Every command's script and the name its usage line shows. */
const COMMANDS = [
  ['bin/demo.ts', 'npm run demo --'],
  ['bin/report.ts', 'npm run report --'],
  ['bin/serve.ts', 'npm run serve --'],
  ['bin/emulator.ts', 'npm run emulator --'],
  ['bench/run.ts', 'npm run bench --'],
  ['bin/docs-images.ts', 'npm run docs:images --'],
  ['bin/schema.ts', 'npm run schema'],
  ['bin/mail-preview.ts', 'npm run mail:preview --'],
  ['bin/mail-test.ts', 'npm run mail:test --'],
] as const;

describe('every command line', () => {
  for (const [script, name] of COMMANDS) {
    it(`${name} answers --help with its usage, options and examples, and a wrong flag with exit 2`, async () => {
      const [help, wrong] = await Promise.all([
        runCli(script, ['--help']),
        runCli(script, ['--no-such-flag']),
      ]);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout.startsWith(`Usage: ${name}`)).toBe(true);
      expect(help.stdout).toContain('Options:\n');
      expect(help.stdout).toContain('-h, --help');
      expect(help.stdout).toMatch(/Examples:\n {2}npm run /);
      expect(help.stderr).toBe('');

      expect(wrong.code).toBe(2);
      expect(wrong.stdout).toBe('');
      const [usage, problem] = wrong.stderr.split('\n');
      expect(usage).toBe(help.stdout.split('\n')[0]);
      expect(problem).toContain("'--no-such-flag'");
      expect(wrong.stderr).not.toContain('    at ');
    });
  }
});
