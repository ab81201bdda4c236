// npm start's preview (src/serve/preview.ts) as an editor uses it: a page open in Chromium reloads by itself after an edit of
// the data, a broken edit shows its error on the open page while the last good site stays served, and a fix reloads.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPreview, type Preview } from '../../src/serve/preview.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { copyRepository } from '../helpers/repository-copy.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const PAGE = '/priority/child-protection-systems/';
const SUBJECT = '<https://w3id.org/cbss-car/priority/child-protection-systems>';
const note = (text: string) => `\n${SUBJECT} <http://www.w3.org/2004/02/skos/core#editorialNote> "${text}"@en .\n`;

describe('npm start: build, serve, rebuild on change, reload the open page', () => {
  const scratch = useScratchDir('cbss-preview');
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  const logged: string[] = [];

  beforeAll(async () => {
    const repo = await copyRepository(scratch.path);
    const config = repo.config();
    await appendFile(path.join(config.dataDir, 'priorities.ttl'), note('Marker before the edit'));
    const log = { info: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    [preview, browser] = await Promise.all([startPreview(config, { host: '127.0.0.1', port: 0 }, log, 100), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([preview?.close(), browser?.close()]);
  });

  test('an edit reloads the open page; a broken edit shows why and keeps the last good site; a fix reloads again', async () => {
    const url = preview!.server.url + PAGE;
    const dataFile = path.join(scratch.path, 'data', 'priorities.ttl');
    const page = await browser!.newPage();
    await page.goto(url);
    expect(await page.locator('main').textContent()).toContain('Marker before the edit');
    const good = await readFile(dataFile, 'utf8');

    await writeFile(dataFile, good.replace('Marker before the edit', 'Marker after the edit'));
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Marker after the edit'), undefined, { timeout: 120_000 });

    await writeFile(dataFile, good + '\nthis is not Turtle .\n');
    const alert = page.locator('#live-reload-error');
    await alert.waitFor({ timeout: 120_000 });
    expect(await alert.textContent()).toContain('The rebuild failed');
    expect(await alert.textContent()).toContain('priorities.ttl');
    expect(await page.locator('main').textContent()).toContain('Marker after the edit');
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('Marker after the edit');
    expect(logged.some((line) => line.startsWith('The rebuild failed') && line.includes('priorities.ttl'))).toBe(true);

    await writeFile(dataFile, good.replace('Marker before the edit', 'Marker after the fix'));
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Marker after the fix'), undefined, { timeout: 120_000 });
    expect(await page.locator('#live-reload-error').count()).toBe(0);
  }, 400_000);
});
