import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (tools/setup.sh installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env['TRIBUTARY_CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Launches real headless Chromium for a browser test. `--no-sandbox` because CI runs as root, where
 * Chromium refuses its sandbox; the pages under test are our own, served from localhost.
 */
export async function launchHeadlessChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: run tools/setup.sh (it installs Debian's chromium) or set TRIBUTARY_CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}
