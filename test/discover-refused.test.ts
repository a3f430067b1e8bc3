/**
 * A file or folder of a submission the system refuses to read (EACCES, EIO): the submission is
 * refused whole — `check` exits 2 naming the path and the reason, a batch row is "not graded" —
 * never graded without it, which cost a student the points of a file the grading machine could
 * not read. Root reads every file, so the refusal is made here by node:fs for the paths named in
 * `refuse` (a fake in a unit test); the last test runs the real command as another user (nobody),
 * where this machine lets one run it (root, runuser, the checkout readable by all).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const refuse = new Map<string, string>();
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failing = (name: string) => {
    const code = [...refuse].find(([p]) => name.endsWith(p))?.[1];
    if (code) throw Object.assign(new Error(`${code}: refused, open '${name}'`), { code });
  };
  const openSync = (path: import('node:fs').PathLike, ...rest: unknown[]) => {
    failing(String(path));
    return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
  };
  return { ...fs, default: { ...fs, openSync }, openSync };
});

const { discover } = await import('../src/discover/index.js');
const { gradeMany } = await import('../src/batch/index.js');
const { UsageError } = await import('../src/util/errors.js');

const tmp = mkdtempSync(join(tmpdir(), 'kg-refused-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const GOOD = new URL('../fixtures/good/', import.meta.url).pathname;
let n = 0;
function submission(): string {
  const dir = join(tmp, `s${n++}`);
  mkdirSync(join(dir, 'k8s'), { recursive: true });
  for (const f of readdirSync(GOOD)) copyFileSync(join(GOOD, f), join(dir, f.includes('flask') ? join('k8s', f) : f));
  return dir;
}

describe('a part of the submission the system refuses to read', () => {
  it('a file: discover throws a usage error naming it and the reason; nothing else refused is graded', () => {
    const dir = submission();
    refuse.set('/jdoe-test-redis-pvc.yml', 'EACCES');
    try {
      expect(() => discover(dir)).toThrow(UsageError);
      expect(() => discover(dir)).toThrow(`${dir}/jdoe-test-redis-pvc.yml: cannot be read (EACCES): a submission is graded whole`);
    } finally {
      refuse.clear();
    }
    expect(discover(dir).names).toHaveLength(5);
  });

  it('a folder below it, and an I/O error too', () => {
    const dir = submission();
    refuse.set('/k8s', 'EACCES');
    try {
      expect(() => discover(dir)).toThrow(`${dir}/k8s: cannot be read (EACCES)`);
    } finally {
      refuse.clear();
    }
    refuse.set('/jdoe-test-flask-service.yml', 'EIO');
    try {
      expect(() => discover(dir)).toThrow(`${dir}/k8s/jdoe-test-flask-service.yml: cannot be read (EIO)`);
    } finally {
      refuse.clear();
    }
  });

  it('in a batch: that row is not graded, with the file and the reason; the others are graded', async () => {
    const a = submission();
    const b = submission();
    writeFileSync(join(a, 'extra-a.yml'), 'kind: ConfigMap\n');
    refuse.set('/extra-a.yml', 'EACCES');
    try {
      const [ra, rb] = await gradeMany([a, b], { workers: 1 });
      expect(ra!.error).toBe('extra-a.yml: cannot be read (EACCES): a submission is graded whole, as kubectl applies a folder whole; make it readable (chmod a+r), or grade as a user who can read it');
      expect(ra!.score).toBe(0);
      expect(rb!.error).toBeUndefined();
      expect(rb!.score).toBe(rb!.maxScore);
    } finally {
      refuse.clear();
    }
  });
});

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const asNobody = (args: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], { encoding: 'utf8', cwd: tmpdir() });
const canRunAsNobody =
  process.getuid?.() === 0 &&
  spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)}, require('fs').constants.R_OK)`]).status === 0;

describe.skipIf(!canRunAsNobody)('the command, as a user the file refuses (runuser -u nobody)', () => {
  it('check exits 2 with the path and the reason; batch grades the rest and says which row it could not grade', () => {
    chmodSync(tmp, 0o755);
    const root = join(tmp, 'class');
    mkdirSync(root);
    chmodSync(root, 0o755);
    const a = submission();
    const b = submission();
    for (const [d, to] of [[a, 'a'], [b, 'b']] as const) {
      spawnSync('mv', [d, join(root, to)]);
      spawnSync('chmod', ['-R', 'a+rX', join(root, to)]);
    }
    chmodSync(join(root, 'a', 'jdoe-test-redis-pvc.yml'), 0o000);
    const one = asNobody(['check', join(root, 'a')]);
    expect(one.status).toBe(2);
    expect(one.stderr).toBe(`kubegrade: ${join(root, 'a')}/jdoe-test-redis-pvc.yml: cannot be read (EACCES): a submission is graded whole, as kubectl applies a folder whole; make it readable (chmod a+r), or grade as a user who can read it\n`);
    const all = asNobody(['batch', root, '--format', 'csv', '--quiet']);
    expect(all.status).toBe(1);
    const rows = all.stdout.trim().split('\n');
    expect(rows[2]).toMatch(/^a,,,,47,"not graded: jdoe-test-redis-pvc\.yml: cannot be read \(EACCES\)/);
    expect(rows[3]).toMatch(/^b,,jdoe,47,47,/);
    expect(all.stderr).toContain(`${join(root, 'a')}: not graded: jdoe-test-redis-pvc.yml: cannot be read (EACCES)`);
  });
});
