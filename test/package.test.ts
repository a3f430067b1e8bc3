/**
 * The package a student installs: `npm pack`, then `npm install -g` of that
 * tarball into an empty prefix, offline (the package has no dependency to
 * download: everything it runs is bundled into dist/bundle/), then the
 * installed `kubegrade` run from elsewhere and the library imported and
 * type-checked as a program would. The packed and unpacked sizes and the
 * installed tree stay within issue 19's ceilings (what the install was
 * before the rubric-as-data engine), so growth fails here.
 * Slow (a pack, an install and ~30 runs, about a minute): runs in CI (CI=true) or with
 * KUBEGRADE_PACKAGE_TEST=1; needs `npm run build` first (npm test does it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATIC_MAX } from './helpers/rubric.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUN = process.env.CI === 'true' || process.env.CI === '1' || process.env.KUBEGRADE_PACKAGE_TEST === '1';
if (!RUN) console.warn('package.test.ts: skipped (packs and installs, about a minute): set KUBEGRADE_PACKAGE_TEST=1, or CI=true');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; exports: Record<string, { types: string; default: string }> };

/** Issue 19: the student install no larger than before the engine (`npm pack`: 951 KiB packed, 3,407 KiB unpacked). */
export const PACKED_MAX = 951 * 1024;
export const UNPACKED_MAX = 3407 * 1024;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const bytesUnder = (dir: string): number => filesUnder(dir).reduce((n, f) => n + statSync(f).size, 0);

describe.runIf(RUN)('the packed package, installed with npm install -g into an empty prefix, offline', () => {
  let work: string;
  let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
  let bin: string;
  let lib: string; // the prefix's lib folder: a program there imports the installed package
  let pkg: string; // the installed package
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kg-package-'));
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    [packed] = JSON.parse(out) as [typeof packed];
    const prefix = join(work, 'prefix');
    // --offline: a dependency to download would fail the install.
    execFileSync(NPM, ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, packed.filename)], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    lib = process.platform === 'win32' ? prefix : join(prefix, 'lib');
    pkg = join(lib, 'node_modules', 'kubegrade');
    bin = process.platform === 'win32' ? join(prefix, 'kubegrade.cmd') : join(prefix, 'bin', 'kubegrade');
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const env = () => ({ PATH: process.env.PATH ?? '', HOME: work, NO_COLOR: '1' });
  const run = (args: string[], cwd: string) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: env() });

  it(`is at most ${PACKED_MAX / 1024} KiB packed and ${UNPACKED_MAX / 1024} KiB unpacked, installed alone (no dependency), and ships no per-module build`, () => {
    expect(packed.size).toBeLessThanOrEqual(PACKED_MAX);
    expect(packed.unpackedSize).toBeLessThanOrEqual(UNPACKED_MAX);
    expect(readdirSync(join(lib, 'node_modules'))).toEqual(['kubegrade']);
    expect(existsSync(join(pkg, 'node_modules'))).toBe(false);
    expect(bytesUnder(join(lib, 'node_modules'))).toBeLessThanOrEqual(UNPACKED_MAX);
    const shipped = packed.files.map((f) => f.path);
    expect(shipped.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/'))).toEqual([]);
    expect(shipped.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('grades the bundled example from another folder', () => {
    const elsewhere = mkdtempSync(join(work, 'elsewhere-'));
    const r = run(['check', join(pkg, 'fixtures', 'good')], elsewhere);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`score ${STATIC_MAX}/${STATIC_MAX} · full marks`);
  });

  it('--version is kubegrade\'s own, not the current folder\'s package.json', () => {
    const other = mkdtempSync(join(work, 'project-'));
    writeFileSync(join(other, 'package.json'), '{"name": "homework", "version": "9.9.9"}');
    expect(run(['--version'], other).stdout).toBe(`${PKG.version}\n`);
  });

  it('rubric --list names every shipped rubric, and each grades the example as the checkout does, byte for byte', () => {
    const list = run(['rubric', '--list'], work);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    const names = list.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]!);
    const files = readdirSync(join(ROOT, 'rubrics')).filter((f) => f.endsWith('.yml')).map((f) => f.replace(/\.yml$/, ''));
    expect(names.sort()).toEqual(files.sort());
    const example = join(pkg, 'fixtures', 'good');
    for (const name of names) {
      const args = ['check', '.', '--rubric', name, '--format', 'json', '-u', 'jdoe'];
      const installed = run(args, example);
      const checkout = spawnSync(process.execPath, [join(ROOT, 'bin/kubegrade.js'), ...args], { cwd: example, encoding: 'utf8', env: env() });
      expect(installed.stderr, name).toBe('');
      expect([0, 1], name).toContain(installed.status);
      expect(installed.status, name).toBe(checkout.status);
      expect(installed.stdout, name).toBe(checkout.stdout);
      expect((JSON.parse(installed.stdout) as { checks: unknown[] }).checks.length, name).toBeGreaterThan(0);
    }
  }, 180_000);

  it('--schema DIR compiles a custom resource\'s schema (ajv, bundled)', () => {
    const sub = join(work, 'with-widget');
    mkdirSync(sub);
    for (const f of readdirSync(join(pkg, 'fixtures', 'good'))) writeFileSync(join(sub, f), readFileSync(join(pkg, 'fixtures', 'good', f)));
    writeFileSync(join(sub, 'widget.yml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n');
    const schemas = join(work, 'schemas');
    mkdirSync(schemas);
    writeFileSync(join(schemas, 'widget-example.com-v1.json'), JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } }));
    const other = (args: string[]) => {
      const r = run(['check', sub, '-u', 'jdoe', '--format', 'json', ...args], work);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { checks: { id: string; status: string; message: string }[] }).checks.find((c) => c.id === 'schema.other')!;
    };
    expect(other([]).message).toMatch(/not validated \(kind Widget: no schema/);
    const validated = other(['--schema', schemas]);
    expect(validated.status).toBe('fail');
    expect(validated.message).not.toMatch(/not validated/);
  });

  it('downloads none of the live pass\'s clients, and --live still loads (bundled)', () => {
    for (const dep of ['@kubernetes/client-node', 'ioredis', 'undici']) expect(existsSync(join(lib, 'node_modules', dep)), dep).toBe(false);
    const kubeconfig = join(work, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\nusers: [{name: u, user: {token: t}}]\n');
    const r = run(['check', join(pkg, 'fixtures', 'good'), '--live', '--kubeconfig', kubeconfig, '--timeout-connect', '2', '--no-progress'], work);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kubegrade: cannot reach the API server at https:\/\/127\.0\.0\.1:9/m);
  });

  it('the library: "kubegrade" and "kubegrade/live" export what the per-module build exports, and grade', () => {
    const program = join(lib, 'program.mjs');
    writeFileSync(program, `import * as kg from 'kubegrade';
import * as live from 'kubegrade/live';
const report = await kg.grade(process.argv[2], { username: 'jdoe' });
const kube = live.connectKube({ kubeconfig: process.argv[3] });
console.log(JSON.stringify({ kg: Object.keys(kg).sort(), live: Object.keys(live).sort(), score: report.score, exit: kg.exitCodeFor([report]), reporters: [...kg.REPORTERS.keys()].length, kube: kube instanceof live.ClientKube }));
`);
    const kubeconfig = join(work, 'kubeconfig');
    const r = spawnSync(process.execPath, [program, join(pkg, 'fixtures', 'good'), kubeconfig], { cwd: work, encoding: 'utf8', env: env() });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    const names = (file: string) => {
      const m = spawnSync(process.execPath, ['--input-type=module', '-e', `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(join(ROOT, file))})).sort()))`], { encoding: 'utf8' });
      return JSON.parse(m.stdout) as string[];
    };
    expect(got).toEqual({ kg: names('dist/index.js'), live: names('dist/live/index.js'), score: STATIC_MAX, exit: 0, reporters: 12, kube: true });
  });

  it('the library\'s types: every declaration the two entries import is shipped, and a program type-checks against them', () => {
    const shipped = new Set(packed.files.map((f) => f.path));
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      if (!shipped.has(path)) return void missing.push(path);
      for (const m of readFileSync(join(pkg, path), 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.\.?\/[^'"]+)\.js['"]/g)) visit(join(dirname(path), `${m[1]}.d.ts`));
    };
    for (const e of Object.values(PKG.exports)) visit(relative('.', e.types));
    expect(missing).toEqual([]);
    expect(seen.size).toBeGreaterThan(10);

    const dir = join(lib, 'typed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    writeFileSync(join(dir, 'program.ts'), `import { grade, loadRubric, REPORTERS, exitCodeFor, UsageError, type Report, type Rubric } from 'kubegrade';
import { connectKube, liveRunner, DEFAULT_TIMEOUTS, SILENT, KubeError } from 'kubegrade/live';
export async function run(dir: string): Promise<0 | 1> {
  const rubric: Rubric = loadRubric();
  const report: Report = await grade(dir, { username: 'jdoe' });
  // @ts-expect-error grade takes a folder, not a number (were the types missing, grade would be any)
  await grade(42);
  const kube = connectKube({ context: 'x' });
  const runner = liveRunner({ kube, namespace: 'n', timeouts: DEFAULT_TIMEOUTS, progress: SILENT });
  // @ts-expect-error a live runner needs a connection and a namespace
  liveRunner({ timeouts: DEFAULT_TIMEOUTS });
  void runner; void rubric; void REPORTERS.get('json'); void new UsageError('x'); void KubeError;
  return exitCodeFor([report]);
}
`);
    // skipLibCheck as a program usually has it (the live types name @kubernetes/client-node's, an optional peer dependency).
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
      files: ['program.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('--live without the live pass\'s dependencies (the per-module build, as a checkout built with tsc alone has it)', () => {
  it('is a usage error naming what to install, not a stack trace', async () => {
    const { importLive } = await import('../src/cli/common.js');
    const missing = Object.assign(new Error("Cannot find package '@kubernetes/client-node' imported from /x/dist/live/kube.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importLive(() => Promise.reject(missing))).rejects.toThrow(/^--live needs the live pass's dependencies, and @kubernetes\/client-node is not installed: npm install @kubernetes\/client-node ioredis undici/);
    const other = Object.assign(new Error("Cannot find module '/x/dist/live/cli.js'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importLive(() => Promise.reject(other))).rejects.toBe(other);
  });
});
