import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's chromium package installs the browser the end-to-end tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags the toolchain notes measured Chromium with, headless on a server. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium; a missing browser is a failure that says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML report is checked in a real browser. Install it with ` +
        '`apt-get install -y chromium` (Debian), as .ci/run does.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
