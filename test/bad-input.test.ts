/**
 * Bad input never crashes kubegrade and never makes it read outside the
 * submission folder: each case gives a finding with file and line, or a
 * clear one-line error (exit 2), and never a stack trace.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic, UsageError } from '../src/index.js';
import { decodeText, discover } from '../src/discover/index.js';
import { parseFile } from '../src/parse/index.js';
import type { Report } from '../src/types.js';
import { GOOD } from './helpers/fixtures.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'kg-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function submission(files: Record<string, string | Buffer>): string {
  const dir = join(root, `s${n++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function check(id: string, r: Report) {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} in report`);
  return c;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** gradeStatic(dir) in a worker thread with a 1 MB stack, from the built library. */
function inWorker(dir: string): Promise<string> {
  const lib = new URL('../dist/index.js', import.meta.url).href;
  const code = `import('${lib}').then(({ gradeStatic }) => require('node:worker_threads').parentPort.postMessage(JSON.stringify(gradeStatic(${JSON.stringify(dir)}, { username: 'jdoe' }).report)))`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits: { stackSizeMb: 1 } });
    w.once('message', (m: string) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: jdoe-test-redis-pvc\n';

describe('bad input', () => {
  it('unparsable YAML: a yaml.parse finding with file, line and column', () => {
    const dir = submission({ 'jdoe-test-redis-pvc.yml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: [unclosed\n' });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.status).toBe('fail');
    expect(c.location?.file).toBe('jdoe-test-redis-pvc.yml');
    expect(c.location?.line).toBeGreaterThanOrEqual(4);
    // kubectl's reason (go-yaml's), in a student's words
    expect(c.message).toMatch(/^jdoe-test-redis-pvc\.yml: the structure ends where it cannot .*kubectl refuses the file \("did not find expected ',' or ']'"\)/);
  });

  it('an empty file: listed as ignored, its role graded as missing', () => {
    const dir = submission({ 'jdoe-test-redis-pvc.yml': '' });
    const { report } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.ignored).toContainEqual({ file: 'jdoe-test-redis-pvc.yml', document: 0, line: 1, reason: 'empty file' });
    expect(check('files.redis-pvc', report).message).toBe('jdoe-test-redis-pvc.yml holds no Redis PersistentVolumeClaim');
    expect(check('yaml.parse', report).status).toBe('pass');
  });

  it('a file with 1,000 documents is read whole', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`).join('---\n');
    const dir = submission({ 'many.yml': docs + '---\n' + PVC });
    const { objects, report } = gradeStatic(dir, { username: 'jdoe' });
    expect(objects.length).toBe(1001);
    expect(report.roles.find((r) => r.role === 'redis-pvc')?.document).toBe(1000);
  });

  it('a 50 MB file: a finding, not read', () => {
    const dir = submission({ 'big.yml': 'a: b\n'.repeat(10 * 1024 * 1024) });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.status).toBe('fail');
    expect(c.message).toBe('big.yml: is 50.0 MiB; kubegrade reads YAML files up to 256 KiB (a manifest is a few KiB)');
    expect(c.location).toEqual({ file: 'big.yml', line: 1, column: 1 });
  });

  it('an alias bomb: a finding, bounded work', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    const dir = submission({ 'bomb.yml': `apiVersion: v1\nkind: ConfigMap\n${bomb.join('\n')}\n` });
    const t = performance.now();
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(performance.now() - t).toBeLessThan(5000); // a guard against runaway expansion, not a speed target
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/^bomb\.yml: document 1 cannot be expanded: .*alias/i);
    expect(c.location).toEqual({ file: 'bomb.yml', line: 6, column: 8 }); // the alias that crossed the bound
  });

  it('aliases inside the node they name (a cycle): a finding with file:line, never a stack overflow', () => {
    for (const [text, line, column] of [
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: &a\n  name: *a\n', 4, 9],
      ['apiVersion: v1\nkind: ConfigMap\ndata: &x [*x]\n', 3, 11],
      ['apiVersion: v1\nkind: ConfigMap\ndata: &x {a: [{b: *x}]}\n', 3, 19],
    ] as const) {
      const dir = submission({ 'c.yml': text });
      const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
      expect(c.status).toBe('fail');
      expect(c.message).toMatch(/^c\.yml: document 1 cannot be read: the alias \*\w is inside the node it names/);
      expect(c.location).toEqual({ file: 'c.yml', line, column });
      const r = cli('check', dir, '-u', 'jdoe', '-f', 'json');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).checks.find((x: { id: string }) => x.id === 'yaml.parse').status).toBe('fail');
    }
  });

  it('nesting deeper than 100 levels, written out or through aliases: a finding, and the same one in any thread', async () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    const block = `apiVersion: v1\nkind: ConfigMap\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
    // 12 anchors, each 9 levels around the one before: 108 levels once expanded, from 78 alias expansions.
    const chain = ['apiVersion: v1', 'kind: ConfigMap', 'a0: &a0 x', ...Array.from({ length: 12 }, (_, i) => `a${i + 1}: &a${i + 1} ${'['.repeat(9)}*a${i}${']'.repeat(9)}`)].join('\n') + '\n';
    for (const [text, message] of [
      // flow collections are stopped as they are read, before the parser builds them (a line of 125,000 [ was 315 MB)
      [flow, /document 1 nests more than 100 levels deep; not read \(nor the rest of the file\)$/],
      [block, /document 1 nests more than 100 levels deep; not read$/],
      [chain, /document 1 nests more than 100 levels deep once its aliases are expanded; not read$/],
    ] as const) {
      const dir = submission({ 'deep.yml': text });
      const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
      expect(c.message).toMatch(message);
      expect(c.location?.line).toBeGreaterThanOrEqual(3);
      if (text === flow) expect(c.location).toEqual({ file: 'deep.yml', line: 3, column: 'data: '.length + 101 }); // the 101st [
      // The same report from a worker thread with a small stack (batch's graders) as from this one.
      const mine = JSON.stringify(gradeStatic(dir, { username: 'jdoe' }).report);
      expect(await inWorker(dir)).toBe(mine);
    }
  });

  it('a file of 130,000 parse errors, or of 150,000 documents: bounded findings, no crash', () => {
    const errors = submission({ 'e.yml': ']\n'.repeat(130_000) });
    const e = check('yaml.parse', gradeStatic(errors, { username: 'jdoe' }).report);
    expect(e.findings).toHaveLength(21);
    expect(e.findings!.at(-1)!.message).toBe('(and more YAML errors from line 21 on, not listed: kubegrade stops reading a file after 20 errors)');
    const docs = submission({ 'd.yml': 'apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(150_000).slice(0, 250_000) });
    const { report, objects } = gradeStatic(docs, { username: 'jdoe' });
    expect(objects).toHaveLength(2000);
    expect(check('yaml.parse', report).message).toBe('d.yml: holds more than 2000 documents; kubegrade reads the first 2000');
    expect(report.ignored.length).toBeLessThanOrEqual(201);
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
  });

  it('findings per check are capped with a count of the rest; a long value is clipped in messages', () => {
    const dups = Array.from({ length: 300 }, () => `  replicas: 1`).join('\n');
    const files: Record<string, string> = { 'dup.yml': `apiVersion: apps/v1\nkind: Deployment\nspec:\n${dups}\n` };
    for (let i = 0; i < 40; i++) files[`f${i}.yml`] = `a: [\n`;
    const c = check('yaml.parse', gradeStatic(submission(files), { username: 'jdoe' }).report);
    expect(c.findings).toHaveLength(51);
    expect(c.findings!.at(-1)!.message).toMatch(/^\(and \d+ more findings, not listed\)$/);
    const long = 'x'.repeat(100_000);
    const img = gradeStatic(submission({ 'd.yml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: jdoe-test-redis-deployment}\nspec:\n  template:\n    spec:\n      containers: [{name: redis, image: "redis${long}"}]\n` }), { username: 'jdoe' }).report;
    for (const ch of img.checks) expect(ch.message.length).toBeLessThanOrEqual(600 + 40);
  });

  it('a binary file named .yml: a finding at the first NUL byte', () => {
    const dir = submission({ 'jdoe-test-redis-pvc.yml': Buffer.from([0x61, 0x3a, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.message).toBe('jdoe-test-redis-pvc.yml: is a binary file, not YAML text');
    expect(c.location).toEqual({ file: 'jdoe-test-redis-pvc.yml', line: 2, column: 5 });
  });

  it('non-UTF-8 bytes are read as U+FFFD, as kubectl reads them (no yaml.parse finding)', () => {
    const latin1 = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata:\n  name: Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const dir = submission({ 'cm.yml': latin1 });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.status).toBe('pass');
  });

  it('UTF-16 with a byte order mark, and UTF-8 with one, are read as kubectl reads them (PowerShell\'s `>` writes UTF-16LE): the same report as UTF-8', () => {
    const good = Object.fromEntries(readdirSync(GOOD).map((f) => [f, readFileSync(join(GOOD, f), 'utf8')]));
    const as = (enc: (t: string) => Buffer) => gradeStatic(submission(Object.fromEntries(Object.entries(good).map(([f, t]) => [f, enc(t)]))), { username: 'jdoe' }).report;
    const plain = as((t) => Buffer.from(t));
    expect(plain.score).toBe(plain.maxScore);
    const le = (t: string) => Buffer.from('\ufeff' + t, 'utf16le');
    for (const enc of [le, (t: string) => le(t).swap16(), (t: string) => Buffer.from('\ufeff' + t)]) {
      const r = as(enc);
      expect(r.checks.map((c) => [c.id, c.status, c.message, c.location])).toEqual(plain.checks.map((c) => [c.id, c.status, c.message, c.location]));
    }
  });

  it('UTF-16 that is not: no byte order mark (read as UTF-8, so binary), a NUL character: a finding with its place; an odd length or half a surrogate pair: U+FFFD there, as kubectl reads it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n';
    const found = (b: Buffer) => {
      const c = check('yaml.parse', gradeStatic(submission({ 'cm.yml': b }), { username: 'jdoe' }).report);
      return [c.message, c.location];
    };
    expect(found(Buffer.from(text, 'utf16le'))).toEqual(['cm.yml: is a binary file, not YAML text', { file: 'cm.yml', line: 1, column: 2 }]);
    // the odd byte is a U+FFFD line of its own: no key, so kubectl refuses the file there
    expect(found(Buffer.concat([Buffer.from('\ufeff' + text, 'utf16le'), Buffer.from([0x61])]))).toEqual([expect.stringMatching(/^cm\.yml: /), { file: 'cm.yml', line: 3, column: 1 }]);
    const readAs = (b: Buffer) => parseFile({ path: 'cm.yml', text: (decodeText(b, 'cm.yml') as { text: string }).text }).documents;
    expect(readAs(Buffer.from('\ufeff' + text, 'utf16le').swap16().subarray(0, 9))).toEqual(['api\ufffd']);
    expect(readAs(Buffer.from('\ufeff\ud800' + text, 'utf16le'))).toEqual([{ '\ufffdapiVersion': 'v1', kind: 'ConfigMap' }]);
    expect(found(Buffer.from('\ufeff' + text + 'data:\n  a: b\0c\n', 'utf16le'))).toEqual(['cm.yml: is a binary file, not YAML text', { file: 'cm.yml', line: 4, column: 7 }]);
  });

  it('symlinks to /etc/passwd and to ../.. are listed, never followed', () => {
    const dir = submission({ 'real.yml': PVC });
    symlinkSync('/etc/passwd', join(dir, 'passwd.yml'));
    symlinkSync('../..', join(dir, 'up'));
    const { report, objects } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.files).toEqual(['real.yml']);
    expect(objects.map((o) => o.file)).toEqual(['real.yml']);
    expect(report.ignored).toContainEqual({ file: 'passwd.yml', document: 0, line: 1, reason: 'a symbolic link: not followed' });
    expect(JSON.stringify(report)).not.toMatch(/root:x:0/);
  });

  it('FIFOs, sockets and devices named .yml are listed with why, and never block the read', async () => {
    const dir = submission({ 'real.yml': PVC });
    execFileSync('mkfifo', [join(dir, 'pipe.yml')]);
    const server = createServer().listen(join(dir, 'sock.yml'));
    await once(server, 'listening');
    symlinkSync('/dev/zero', join(dir, 'zero.yml'));
    try {
      const { report } = gradeStatic(dir, { username: 'jdoe' });
      expect(report.files).toEqual(['real.yml']);
      expect(report.ignored).toEqual(
        expect.arrayContaining([
          { file: 'pipe.yml', document: 0, line: 1, reason: 'a FIFO (named pipe): not read' },
          { file: 'sock.yml', document: 0, line: 1, reason: 'a socket: not read' },
          { file: 'zero.yml', document: 0, line: 1, reason: 'a symbolic link: not followed' },
        ]),
      );
    } finally {
      server.close();
    }
  });

  it('folders past the depth limit are listed as not read (not "no .yml files")', () => {
    const dir = submission({});
    const deep = join(dir, ...Array.from({ length: 18 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'x.yml'), PVC);
    writeFileSync(join(dir, 'd0', 'd1', 'ok.yml'), PVC);
    const { report } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.files).toEqual(['d0/d1/ok.yml']);
    expect(report.ignored).toContainEqual({ file: Array.from({ length: 17 }, (_, i) => `d${i}`).join('/'), document: 0, line: 1, reason: 'a folder more than 16 levels deep: not read' });
  });

  it('a file or folder whose name is not valid UTF-8 is read, its name shown with \\xNN', () => {
    const dir = submission({});
    const sub = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9])]);
    mkdirSync(sub);
    writeFileSync(Buffer.concat([sub, Buffer.from('/jdoe-test-redis-pvc'), Buffer.from([0xff]), Buffer.from('.yml')]), PVC);
    const { report, objects } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.files).toEqual(['caf\\xE9/jdoe-test-redis-pvc\\xFF.yml']);
    expect(objects.map((o) => o.name)).toEqual(['jdoe-test-redis-pvc']);
    expect(check('yaml.parse', report).status).toBe('pass');
  });

  it('a hard link is read as the file it is (README: hard links); the report is that of a copy', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kg-outside-'));
    try {
      writeFileSync(join(outside, 'pvc.yml'), PVC);
      const linked = submission({});
      linkSync(join(outside, 'pvc.yml'), join(linked, 'jdoe-test-redis-pvc.yml'));
      const copied = submission({ 'jdoe-test-redis-pvc.yml': PVC });
      const a = gradeStatic(linked, { username: 'jdoe' }).report;
      const b = gradeStatic(copied, { username: 'jdoe' }).report;
      expect({ ...a, dir: '' }).toEqual({ ...b, dir: '' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a symbolic link swapped in while the folder is read is never followed (a second process swaps, 500 reads)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'kg-secret-'));
    const secret = 'kubegrade-secret-value-7f3a';
    writeFileSync(join(outside, 'secret.yml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${secret}\n`);
    const dir = submission({ 'x.yml': PVC });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'y.yml'), PVC);
    // Atomically replaces x.yml by a link to the secret and back (rename), and sub/ by a link to the outside folder.
    const swapper = spawn(process.execPath, ['-e', `
      const fs = require('fs'); const d = ${JSON.stringify(dir)}; const o = ${JSON.stringify(outside)};
      fs.writeFileSync(o + '/y.yml', fs.readFileSync(o + '/secret.yml'));
      for (let i = 0; ; i++) {
        if (i === 100) process.stdout.write('swapping\\n');
        try { fs.symlinkSync(o + '/secret.yml', d + '/.l'); fs.renameSync(d + '/.l', d + '/x.yml'); } catch {}
        try { fs.writeFileSync(d + '/.f', 'a: 1\\n'); fs.renameSync(d + '/.f', d + '/x.yml'); } catch {}
        if (i % 8 === 0) try { fs.renameSync(d + '/sub', d + '/.sub'); fs.symlinkSync(o, d + '/sub'); fs.unlinkSync(d + '/sub'); fs.renameSync(d + '/.sub', d + '/sub'); } catch {}
      }`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await once(swapper.stdout!, 'data');
      let read = 0;
      for (let i = 0; i < 500; i++) {
        const found = discover(dir);
        for (const f of found.files) expect(f.text).not.toContain(secret);
        read += found.files.length;
      }
      expect(read).toBeGreaterThan(0);
    } finally {
      swapper.kill();
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('batch: a class with a cyclic alias and a folder whose name is not UTF-8 gets its whole gradebook; exit 1 names the folder not graded', () => {
    const cls = join(root, `class${n++}`);
    mkdirSync(cls);
    for (const [name, text] of [
      ['alice', PVC],
      ['bob', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &a\n  name: *a\n'],
    ]) {
      mkdirSync(join(cls, name!));
      writeFileSync(join(cls, name!, 'jdoe-test-redis-pvc.yml'), text!);
    }
    const carol = Buffer.concat([Buffer.from(`${cls}/car`), Buffer.from([0xf6]), Buffer.from('l')]);
    mkdirSync(carol);
    writeFileSync(Buffer.concat([carol, Buffer.from('/jdoe-test-redis-pvc.yml')]), PVC);
    const r = cli('batch', cls, '-f', 'json');
    expect(r.status).toBe(1);
    const reports = (JSON.parse(r.stdout) as { reports: Report[] }).reports;
    expect(reports.map((x) => [x.dir.slice(cls.length + 1), x.error])).toEqual([
      ['alice', undefined],
      ['bob', undefined],
      ['car\\xF6l', 'the folder name is not valid UTF-8 (shown with \\xNN escapes): rename it to grade it'],
    ]);
    expect(check('yaml.parse', reports[1]!).message).toMatch(/^jdoe-test-redis-pvc\.yml: document 1 cannot be read: the alias \*a is inside the node it names/);
    expect(r.stderr).toContain('car\\xF6l');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    rmSync(carol, { recursive: true });
    const ok = cli('batch', cls, '-f', 'csv');
    expect(ok.status).toBe(0); // every submission graded: points lost are no error of the batch
    expect(ok.stdout).toMatch(/^alice,/m);
    expect(ok.stdout).toMatch(/^bob,/m);
  });

  it('a folder that does not exist, or a file: a UsageError, and one line from the CLI with exit 2', () => {
    expect(() => gradeStatic(join(root, 'nope'))).toThrow(UsageError);
    const file = join(submission({ 'a.yml': PVC }), 'a.yml');
    expect(() => gradeStatic(file)).toThrow(/is a file, not a folder/);
    for (const target of [join(root, 'nope'), file]) {
      const r = cli('check', target);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^kubegrade: /);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('a folder with no YAML is no submission: score 0 with the reason (report.missing); check exits 2 with one line, or 1 with the format\'s no submission for a program', () => {
    const dir = submission({ 'README.md': '# hw6\n' });
    const { report } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.files).toEqual([]);
    expect(report.missing).toBe(`no submission: no .yml or .yaml file in ${dir}`);
    expect(report.score).toBe(0);
    expect(report.checks.filter((c) => c.status === 'fail').every((c) => c.message === report.missing)).toBe(true);
    const line = `kubegrade: no submission: no .yml or .yaml file in ${dir}: give the folder that holds the homework's .yml files\n`;
    const text = cli('check', dir, '--username', 'jdoe');
    expect([text.status, text.stdout, text.stderr]).toEqual([2, '', line]);
    // A program asked for its file whatever happens: PrairieLearn's grader fails the job on an empty results.json, and
    // gradable: false keeps the attempt from counting (its entrypoint accepts exit 0 and 1).
    const json = cli('check', dir, '--username', 'jdoe', '--format', 'json');
    expect([json.status, json.stderr]).toEqual([1, line]);
    expect(JSON.parse(json.stdout)).toMatchObject({ score: 0, missing: report.missing });
    const pl = cli('check', dir, '--username', 'jdoe', '--format', 'prairielearn');
    expect([pl.status, pl.stderr]).toEqual([1, line]);
    expect(JSON.parse(pl.stdout)).toMatchObject({ gradable: false, format_errors: [report.missing] });
    // Files only past the depth limit: no submission, and the folder passed over is named.
    const deep = join(dir, ...Array.from({ length: 17 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'jdoe-test-redis-pvc.yml'), PVC);
    const r = cli('check', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`(passed over: ${Array.from({ length: 17 }, (_, i) => `d${i}`).join('/')}: a folder more than 16 levels deep: not read)`);
    // Beside files that are read, the text report names it too.
    writeFileSync(join(dir, 'jdoe-test-redis-pvc.yml'), PVC);
    expect(cli('check', dir).stdout).toContain('note: passed over: d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16 (a folder more than 16 levels deep: not read)');
  });

  it('the built CLI exists (npm test builds it first)', () => {
    expect(existsSync(new URL('../dist/cli/main.js', import.meta.url))).toBe(true);
  });
});
