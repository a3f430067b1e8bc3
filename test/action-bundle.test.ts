/**
 * The committed action (action/dist/, action.yml's runs.main) is what the
 * sources build: rebuilt into a temporary folder by the same script, it gives
 * the committed bytes, file for file (a brotli file is compared by its
 * content, the form Node loads). Each committed file stays under 1 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JavaScript build script, no declarations
import { bundleAction, walk } from '../scripts/bundle.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const COMMITTED = join(ROOT, 'action', 'dist');
const content = (f: string) => (f.endsWith('.br') ? brotliDecompressSync(readFileSync(f)) : readFileSync(f));

describe('the committed action bundle', () => {
  it('is what `npm run build:action` makes of the sources (if not: run it and commit action/dist)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kg-action-bundle-'));
    try {
      await bundleAction(out, { compress: false }); // brotli at quality 11 is slow; contents are compared
      const built = (walk(out) as string[]).map((f) => relative(out, f));
      const committed = (walk(COMMITTED) as string[]).map((f) => relative(COMMITTED, f));
      expect(committed.map((f) => f.replace(/\.br$/, '')), 'action/dist is stale: run `npm run build:action` and commit action/dist').toEqual(built);
      for (const f of committed) {
        const same = content(join(COMMITTED, f)).equals(readFileSync(join(out, f.replace(/\.br$/, ''))));
        expect(same, `action/dist/${f} is stale: run \`npm run build:action\` and commit action/dist`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps every committed file under 1 MB', () => {
    for (const f of walk(COMMITTED) as string[]) expect(readFileSync(f).length, relative(ROOT, f)).toBeLessThan(1_000_000);
  });
});
