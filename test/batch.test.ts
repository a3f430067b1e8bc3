/** Batch grading gives the same reports as grading one by one, in the order given. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { gradeEach, gradeMany } from '../src/batch/index.js';
import { GOOD } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-many-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 40 students, every fifth with a lowercase access mode
const dirs = Array.from({ length: 40 }, (_, i) => {
  const u = `u${i}`;
  const dir = join(root, u);
  cpSync(GOOD, dir, { recursive: true });
  for (const f of readdirSync(dir)) {
    let text = readFileSync(join(dir, f), 'utf8').replaceAll('jdoe', u);
    if (i % 5 === 0) text = text.replace('- ReadWriteOnce', '- readWriteOnce');
    rmSync(join(dir, f));
    writeFileSync(join(dir, f.replace('jdoe', u)), text);
  }
  return dir;
});

describe('gradeMany / gradeEach', () => {
  it('on worker threads, gives the reports of gradeStatic, in order', async () => {
    const many = await gradeMany(dirs, { workers: 2 });
    expect(many.map((r) => r.username)).toEqual(dirs.map((_, i) => `u${i}`));
    expect(many).toEqual(dirs.map((d) => gradeStatic(d).report));
    expect(many.filter((r) => r.score < r.maxScore).length).toBe(8);
  });

  it('streams in order', async () => {
    const seen: string[] = [];
    for await (const r of gradeEach(dirs, { workers: 2 })) seen.push(r.username);
    expect(seen).toEqual(dirs.map((_, i) => `u${i}`));
  });

  it('applies per-folder usernames and rubric overrides', async () => {
    const [r] = await gradeMany([dirs[1]!], { usernames: { [dirs[1]!]: 'someone' }, set: ['storageClassName=rbd'] });
    expect(r!.username).toBe('someone');
    expect(r!.checks.find((c) => c.id === 'redis-pvc.storage-class')?.message).toBe('storageClassName is "rdb"; the rubric wants "rbd" (close: check the letters, "rdb" is not "rbd")');
  });
});
