// Debian's chromium, driven through playwright-core, for the accessibility tests and for recording the
// Accept header a real browser sends; and the built site served to it for the tests of its pages.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { StaticServer } from '../../src/serve/serve.ts';
import { serveDirectory } from './serve.ts';

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

export interface SiteInBrowser {
  /** The launched chromium; read it inside a test or hook, once the setup has run. */
  readonly browser: Browser;
  /** The address the site is served at, without trailing slash (e.g. http://127.0.0.1:41234). */
  readonly url: string;
}

/** Serve siteDir (src/serve/serve.ts) and launch chromium before the tests of the enclosing describe (or file); close both after them. */
export function useSiteInBrowser(siteDir: string): SiteInBrowser {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  beforeAll(async () => {
    const [served, launched] = await Promise.allSettled([serveDirectory(siteDir), launchBrowser()]);
    // Keep whatever started, so that afterAll closes it even when the other failed.
    if (served.status === 'fulfilled') server = served.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (served.status === 'rejected') throw served.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useSiteInBrowser: the ${what} is not running (read it inside a test or hook)`);
    return value;
  };
  return {
    get browser() {
      return started(browser, 'browser');
    },
    get url() {
      return started(server, 'server').url;
    },
  };
}
