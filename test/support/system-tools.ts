import { execFileSync, spawnSync } from 'node:child_process';

/** The command-line tools the end-to-end checks use, and the Debian package of each. */
export const TOOLS = {
  qpdf: 'qpdf',
  pdftoppm: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdfimages: 'poppler-utils',
  pdfinfo: 'poppler-utils',
} as const;

/** Runs `tool` and returns its standard output; a missing tool is a failure that says what to install. */
export function run(tool: keyof typeof TOOLS, args: readonly string[]): string {
  const probe = spawnSync(tool, ['-v'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      `${tool} is missing: install it with \`apt-get install -y ${TOOLS[tool]}\`, as .ci/run does.`,
    );
  }
  return execFileSync(tool, args, { encoding: 'utf8' });
}
