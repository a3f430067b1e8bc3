/**
 * The package a student installs: `npm pack`, then `npm install <tarball>`
 * into an empty folder (its dependencies from the npm registry), then the
 * installed `kubegrade` run from elsewhere. A static install downloads none
 * of the live pass's clients (they are bundled into the command's lazy
 * chunks), stays within 15 MB, and `--version` is kubegrade's own.
 * Slow (a pack and an install, ~20 s): runs in CI (CI=true) or with
 * KUBEGRADE_PACKAGE_TEST=1; needs `npm run build` first (npm test does it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATIC_MAX } from './helpers/rubric.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUN = process.env.CI === 'true' || process.env.CI === '1' || process.env.KUBEGRADE_PACKAGE_TEST === '1';
if (!RUN) console.warn('package.test.ts: skipped (packs and installs, ~20 s): set KUBEGRADE_PACKAGE_TEST=1, or CI=true');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += bytesUnder(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

describe.runIf(RUN)('the packed package, installed into an empty folder', () => {
  let work: string;
  let bin: string;
  let installed: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kg-package-'));
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    installed = join(work, 'student');
    mkdirSync(installed);
    execFileSync(NPM, ['install', '--no-audit', '--no-fund', join(work, filename)], { cwd: installed, stdio: ['ignore', 'ignore', 'inherit'] });
    bin = join(installed, 'node_modules', '.bin', 'kubegrade');
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const run = (args: string[], cwd: string) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: work, NO_COLOR: '1' } });

  it('grades the bundled example from another folder', () => {
    const elsewhere = mkdtempSync(join(work, 'elsewhere-'));
    const r = run(['check', join(installed, 'node_modules', 'kubegrade', 'fixtures', 'good')], elsewhere);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`score ${STATIC_MAX}/${STATIC_MAX} · full marks`);
  });

  it('--version is kubegrade\'s own, not the current folder\'s package.json', () => {
    const other = mkdtempSync(join(work, 'project-'));
    writeFileSync(join(other, 'package.json'), '{"name": "homework", "version": "9.9.9"}');
    expect(run(['--version'], other).stdout).toBe(`${VERSION}\n`);
  });

  it('downloads none of the live pass\'s clients, stays within 15 MB, and --live still loads (bundled)', () => {
    const nm = join(installed, 'node_modules');
    for (const dep of ['@kubernetes/client-node', 'ioredis', 'undici']) expect(existsSync(join(nm, dep)), dep).toBe(false);
    expect(bytesUnder(nm)).toBeLessThan(15 * 1024 * 1024);
    const kubeconfig = join(work, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\nusers: [{name: u, user: {token: t}}]\n');
    const r = run(['check', join(nm, 'kubegrade', 'fixtures', 'good'), '--live', '--kubeconfig', kubeconfig, '--timeout-connect', '2', '--no-progress'], work);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kubegrade: cannot reach the API server at https:\/\/127\.0\.0\.1:9/m);
  });
});

describe('--live without the live pass\'s dependencies (the per-module build, as a library user has it)', () => {
  it('is a usage error naming what to install, not a stack trace', async () => {
    const { importLive } = await import('../src/cli/common.js');
    const missing = Object.assign(new Error("Cannot find package '@kubernetes/client-node' imported from /x/dist/live/kube.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importLive(() => Promise.reject(missing))).rejects.toThrow(/^--live needs the live pass's dependencies, and @kubernetes\/client-node is not installed: npm install @kubernetes\/client-node ioredis undici/);
    const other = Object.assign(new Error("Cannot find module '/x/dist/live/cli.js'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importLive(() => Promise.reject(other))).rejects.toBe(other);
  });
});
