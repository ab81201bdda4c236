// The browser bundles of the query and search pages: built twice they are byte-identical, they stay within the
// size budget (1 MB gzipped for the query page's scripts), carry no machine paths, and their stylesheet fetches
// nothing from outside the site.
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/config.ts';
import { BUNDLE_PATHS, bundleBrowserAssets, writeBundledAssets, type BundledAsset } from '../../src/publish/bundle.ts';

const decoder = new TextDecoder();

describe('bundleBrowserAssets', () => {
  let first: BundledAsset[];
  let second: BundledAsset[];

  beforeAll(async () => {
    first = await bundleBrowserAssets(ROOT_DIR);
    second = await bundleBrowserAssets(ROOT_DIR);
  });

  it('bundles the query page, its worker, its stylesheet and the search page', () => {
    expect(first.map((a) => a.path).sort()).toEqual(Object.values(BUNDLE_PATHS).sort());
    for (const asset of first) expect(asset.contents.length, asset.path).toBeGreaterThan(100);
  });

  it('gives byte-identical output from one build to the next', () => {
    expect(second.map((a) => a.path)).toEqual(first.map((a) => a.path));
    second.forEach((asset, i) => expect(Buffer.compare(Buffer.from(asset.contents), Buffer.from(first[i]!.contents)), asset.path).toBe(0));
  });

  it('keeps the query page scripts within 1 MB gzipped', () => {
    const scripts = first.filter((a) => a.path.startsWith('query/'));
    const gzipped = scripts.reduce((sum, a) => sum + gzipSync(a.contents, { level: 9 }).length, 0);
    expect(gzipped).toBeGreaterThan(100_000);
    expect(gzipped).toBeLessThanOrEqual(1_000_000);
  });

  it('carries no path of the build machine', () => {
    for (const asset of first) {
      const text = decoder.decode(asset.contents);
      expect(text.includes(ROOT_DIR), asset.path).toBe(false);
      expect(text.includes(os.homedir()) && os.homedir() !== '/', asset.path).toBe(false);
    }
  });

  it("bundles YASGUI's stylesheet with nothing to fetch from elsewhere", () => {
    const css = decoder.decode(first.find((a) => a.path === BUNDLE_PATHS.queryStyle)!.contents);
    expect(css).toContain('.yasqe');
    expect(css).toContain('.yasr');
    expect(css).not.toMatch(/@import/);
    expect(css).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
  });

  it('loads Comunica only in the worker, and YASGUI only in the page', () => {
    const page = decoder.decode(first.find((a) => a.path === BUNDLE_PATHS.queryScript)!.contents);
    const worker = decoder.decode(first.find((a) => a.path === BUNDLE_PATHS.queryWorker)!.contents);
    expect(worker).toContain('@comunica/bus-query-operation:readOnly');
    expect(page).not.toContain('@comunica/bus-query-operation:readOnly');
    expect(page).toContain('yasqe');
    expect(worker).not.toContain('yasqe_queryButton');
  });

  it('writes the assets under the site folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-bundle-'));
    try {
      await writeBundledAssets(dir, first);
      for (const asset of first) expect(Buffer.compare(await readFile(path.join(dir, asset.path)), Buffer.from(asset.contents))).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
