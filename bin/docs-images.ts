/**
 * `npm run docs:images -- [--from <folder>]`: the pictures of a report shown in the README, from
 * the files `npm run demo` wrote (by default the newest report.pdf under ./reports):
 *
 *   docs/report-pdf-page1.png     the PDF's cover
 *   docs/report-pdf-summary.png   its executive summary
 *   docs/report-pdf-vms.png       the first page of a VMs table
 *   docs/report-html.png          the HTML report in Chromium, desktop width
 *   docs/report-html-phone.png    the same on a phone-sized screen
 *
 * The HTML pictures come from the tests' browser (@sparticuz/chromium from npm, or the one
 * `VSCOPE_CHROMIUM` names). The PDF pages are rasterised by poppler's pdftoppm (Debian
 * `poppler-utils`): no rasteriser from npm is a dependency, and this is a docs tool, not a test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/support/chromium.ts';
import { openPdf, pdfPageTexts } from '../test/support/pdf-text.ts';
import { runCommand } from './cli.ts';

const DOCS = resolve(import.meta.dirname, '../docs');
const RESOLUTION_DPI = '80';

function newestReport(root: string): string {
  const found = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'report.pdf')
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found[0]) throw new Error(`No report.pdf under ${root}: run \`npm run demo\` first.`);
  return dirname(found[0]);
}

/** Fails, saying what to install, when poppler's pdftoppm is not on the PATH. */
function requirePdftoppm(): void {
  if (spawnSync('pdftoppm', ['-v']).error) {
    throw new Error(
      'pdftoppm is missing: the PDF pictures are rasterised by poppler. Install it with ' +
        '`apt-get install -y poppler-utils` (Debian), then run `npm run docs:images` again.',
    );
  }
}

/** The first page whose text begins with `text` (a section's first page), 1-based. */
async function pageWith(pdf: string, text: string): Promise<number> {
  const pages = await pdfPageTexts(await openPdf(new Uint8Array(readFileSync(pdf))));
  const index = pages.findIndex((page) => page.trimStart().startsWith(text));
  if (index < 0) throw new Error(`No page of ${pdf} contains '${text}'.`);
  return index + 1;
}

function pdfPage(pdf: string, page: number, name: string): void {
  const work = mkdtempSync(join(tmpdir(), 'vscope-docs-'));
  try {
    const prefix = join(work, 'page');
    execFileSync('pdftoppm', [
      '-r',
      RESOLUTION_DPI,
      '-png',
      '-singlefile',
      '-f',
      `${page}`,
      '-l',
      `${page}`,
      pdf,
      prefix,
    ]);
    copyFileSync(`${prefix}.png`, join(DOCS, name));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function htmlShots(html: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const desktop = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
    await desktop.goto(pathToFileURL(html).href);
    await desktop.screenshot({ path: join(DOCS, 'report-html.png') });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(`${pathToFileURL(html).href}#summary`);
    await phone.screenshot({ path: join(DOCS, 'report-html-phone.png') });
  } finally {
    await browser.close();
  }
}

const spec = {
  name: 'npm run docs:images --',
  synopsis: '[--from DIR]',
  summary:
    "Writes the README's pictures of a report (docs/report-*.png) from the files `npm run demo` wrote.\n" +
    "Needs poppler-utils (pdftoppm) for the PDF pages; the browser is the tests' (npm, or VSCOPE_CHROMIUM).",
  options: {
    from: {
      type: 'string',
      value: 'DIR',
      description: 'folder holding report.pdf and report.html',
      defaultText: 'the folder of the newest report.pdf under ./reports',
    },
  },
  examples: [
    'npm run demo && npm run docs:images',
    'npm run docs:images -- --from reports/pcc-192-0-2-10/weekly/2026-W47',
  ],
} as const;

await runCommand(spec, async (values) => {
  const folder = values.from ?? newestReport(resolve('reports'));
  const pdf = join(folder, 'report.pdf');
  requirePdftoppm();
  mkdirSync(DOCS, { recursive: true });
  pdfPage(pdf, 1, 'report-pdf-page1.png');
  pdfPage(pdf, await pageWith(pdf, 'Executive summary'), 'report-pdf-summary.png');
  pdfPage(pdf, await pageWith(pdf, 'Datacenter '), 'report-pdf-vms.png');
  await htmlShots(join(folder, 'report.html'));
  console.log(`docs images written to ${DOCS} from ${folder}`);
});
