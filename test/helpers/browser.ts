import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it when missing. No browser is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests keep their screenshots (git-ignored), to be looked at after a run. */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);

/**
 * Headless chromium as this machine allows it: no sandbox (root), no GPU, and no background networking, which the
 * closed network here would refuse many times over.
 */
export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotPath = (name: string): string => path.join(SCREENSHOTS, `${name}.png`);
