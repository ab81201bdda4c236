// Debian's chromium, driven through playwright-core, for the accessibility tests and for recording the
// Accept header a real browser sends.
import { chromium, type Browser } from 'playwright-core';

/** Where Debian installs chromium (.ci/run installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags chromium needs on this machine: no sandbox, no GPU, and no network traffic of its own. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Launch headless chromium with the standard flags; the caller closes it. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS], headless: true });
}
