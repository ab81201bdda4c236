// Every HTML page of the built site passes the Nu HTML Checker (vnu-jar, the W3C validator) with no error.
// All pages are checked in one run of the checker (about 10 s for ~280 pages on this machine), together with
// a deliberately invalid page that must fail, which proves the checker ran and reports errors.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';
import { listFiles } from './helpers/site.ts';

const run = promisify(execFile);
const siteDir = inject('siteDir');
const VNU_JAR = path.join(ROOT_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const INVALID_PAGE = path.join(ROOT_DIR, 'test', 'fixtures', 'html', 'invalid.html');

interface VnuMessage {
  readonly type: 'error' | 'info' | 'non-document-error';
  readonly subType?: string;
  readonly url?: string;
  readonly message: string;
  readonly lastLine?: number;
  readonly extract?: string;
}

let messages: VnuMessage[];
let checkedFiles: string[];

beforeAll(async () => {
  // The checker exits non-zero when it finds errors; its JSON report is on stderr either way.
  const result = await run('java', ['-jar', VNU_JAR, '--format', 'json', '--skip-non-html', '--verbose', siteDir, INVALID_PAGE], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
    if (typeof error.stderr !== 'string' || !error.stderr.trim().startsWith('{')) throw error;
    return { stdout: error.stdout ?? '', stderr: error.stderr };
  });
  messages = (JSON.parse(result.stderr) as { messages: VnuMessage[] }).messages;
  checkedFiles = result.stdout.split('\n').filter((line) => line.trim().endsWith('.html'));
}, 300_000);

/** The local path a message is about (the checker writes file URLs as file:/path). */
function messageFile(m: VnuMessage): string {
  return m.url?.startsWith('file:') ? fileURLToPath(m.url) : (m.url ?? '?');
}

function describeMessage(m: VnuMessage): string {
  return `${path.relative(siteDir, messageFile(m))}:${m.lastLine ?? '?'}: ${m.message}`;
}

describe('HTML validity (Nu HTML Checker)', () => {
  it('checked every HTML page of the site', async () => {
    const pages = (await listFiles(siteDir)).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(100);
    expect(checkedFiles.length).toBe(pages.length + 1);
    // The documentation pages (site/docs/*.md) are among them.
    expect(checkedFiles.filter((file) => file.includes(`${path.sep}docs${path.sep}`)).length).toBeGreaterThanOrEqual(6);
  });

  it('finds the errors of a deliberately invalid page', () => {
    const errors = messages.filter((m) => m.type === 'error' && messageFile(m) === INVALID_PAGE);
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });

  it('finds no error in any page of the site', () => {
    const errors = messages.filter((m) => m.type !== 'info' && messageFile(m) !== INVALID_PAGE);
    expect(errors.map(describeMessage)).toEqual([]);
  });
});
