/**
 * Bad input never crashes kubegrade and never makes it read outside the
 * submission folder: each case gives a finding with file and line, or a
 * clear one-line error (exit 2), and never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic, UsageError } from '../src/index.js';
import type { Report } from '../src/types.js';

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

const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: jdoe-test-redis-pvc\n';

describe('bad input', () => {
  it('unparsable YAML: a yaml.parse finding with file, line and column', () => {
    const dir = submission({ 'jdoe-test-redis-pvc.yml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: [unclosed\n' });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.status).toBe('fail');
    expect(c.location?.file).toBe('jdoe-test-redis-pvc.yml');
    expect(c.location?.line).toBeGreaterThanOrEqual(4);
    expect(c.message).toMatch(/^jdoe-test-redis-pvc\.yml: invalid YAML/);
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
    expect(c.message).toBe('big.yml: is 50.0 MiB; kubegrade reads YAML files up to 1.0 MiB (a manifest is a few KiB)');
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
    expect(c.location).toEqual({ file: 'bomb.yml', line: 1, column: 1 });
  });

  it('a binary file named .yml: a finding at the first NUL byte', () => {
    const dir = submission({ 'jdoe-test-redis-pvc.yml': Buffer.from([0x61, 0x3a, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.message).toBe('jdoe-test-redis-pvc.yml: is a binary file, not YAML text');
    expect(c.location).toEqual({ file: 'jdoe-test-redis-pvc.yml', line: 2, column: 5 });
  });

  it('non-UTF-8 bytes: a finding at the first bad byte', () => {
    const latin1 = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  name: Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const dir = submission({ 'cm.yml': latin1 });
    const c = check('yaml.parse', gradeStatic(dir, { username: 'jdoe' }).report);
    expect(c.message).toBe('cm.yml: is not valid UTF-8 (byte 0xe9 at offset 48)');
    expect(c.location).toEqual({ file: 'cm.yml', line: 4, column: 12 });
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

  it('a folder with no YAML: a report that says so, every role missing', () => {
    const dir = submission({ 'README.md': '# hw6\n' });
    const { report } = gradeStatic(dir, { username: 'jdoe' });
    expect(report.files).toEqual([]);
    expect(check('files.redis-pvc', report).message).toBe('no Redis PersistentVolumeClaim found, so no jdoe-test-redis-pvc.yml holds one');
    expect(report.score).toBeLessThan(report.maxScore);
    const r = cli('check', dir, '--username', 'jdoe');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`note: no .yml or .yaml files in ${dir}`);
  });

  it('the built CLI exists (npm test builds it first)', () => {
    expect(existsSync(new URL('../dist/cli/main.js', import.meta.url))).toBe(true);
  });
});
