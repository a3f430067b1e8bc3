/**
 * Issue 17, items 3 and 4: objects as the cluster would hold them, and choices that never depend
 * on the file system or on which of two equal candidates comes first by path.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import type { Report } from '../src/types.js';
import { GOOD } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-objects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** fixtures/good with `files` added or replaced (null: removed). */
function good(files: Record<string, string | null> = {}, base = root): string {
  const dir = join(base, `s${n++}`);
  cpSync(GOOD, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }
  return dir;
}
const read = (f: string) => readFileSync(join(GOOD, f), 'utf8');
const grade = (dir: string): Report => gradeStatic(dir, { username: 'jdoe' }).report;
const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;
const failing = (r: Report) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('deterministic choices (issue 17, item 4)', () => {
  it('a byte-identical backup copy of the PVC in a-copy.yml does not take the role from the file with the expected name', () => {
    const r = grade(good({ 'a-copy.yml': read('jdoe-test-redis-pvc.yml') }));
    expect(r.roles.find((a) => a.role === 'redis-pvc')!.file).toBe('jdoe-test-redis-pvc.yml');
    expect(check(r, 'files.redis-pvc').status).toBe('pass');
  });

  it('40,000 empty files beside a submission leave its grade as it is (the entry budget walks names in byte order, not readdir order)', () => {
    // tmpfs lists the newest first: the submission's files, made first, come last there.
    const base = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/kg-objects-') : root;
    try {
      const dir = good({}, base);
      for (let i = 0; i < 40_000; i++) writeFileSync(join(dir, `zz-${String(i).padStart(5, '0')}`), '');
      const r = grade(dir);
      expect(failing(r)).toEqual([]);
      expect(r.score).toBe(r.maxScore);
      expect(r.files).toHaveLength(5);
    } finally {
      if (base !== root) rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('linear and bounded (issue 17, item 5)', () => {
  const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: jdoe-test-flask-deployment\nspec:\n';
  const unknown = (n: number) => head + Array.from({ length: n }, (_, i) => `  f${i}: 1\n`).join('');

  it('22,000 unknown fields under spec: 50 findings listed, and the rest counted once ("and 21952 more"), by both parse paths', () => {
    for (const text of [unknown(22_000), unknown(22_000).replace('name: jdoe', 'name: &n jdoe')]) {
      const r = grade(good({ 'jdoe-test-flask-deployment.yml': text }));
      const c = check(r, 'schema.flask-deployment');
      expect(c.message).toMatch(/ \(and 22001 more\)$/);
      expect(c.findings).toHaveLength(51);
      expect(c.findings!.at(-1)!.message).toBe('(and 21952 more findings, not listed)');
      expect(c.findings![49]!.location).toEqual({ file: 'jdoe-test-flask-deployment.yml', line: 53, column: 3 });
    }
  }, 60_000);

  it('~1,350 sibling [[[…]]] 95 deep: past 50,000 lists a file is not read further, with a finding at the place', () => {
    const sibling = '['.repeat(95) + ']'.repeat(95);
    const r = grade(good({ 'deep.yml': `a: [${Array(1350).fill(sibling).join(',')}]\n` }));
    const c = check(r, 'yaml.parse');
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/^deep\.yml: document 1 is past 50,000 list items and \[ \] or \{ \} collections in this file; not read/);
    expect(c.location).toMatchObject({ file: 'deep.yml', line: 1 });
    // The rest of the submission is graded as it is.
    expect(failing(r)).toEqual(['yaml.parse']);
  });
});
