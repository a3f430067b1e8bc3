/** Batch grading gives the same reports as grading one by one, in the order given. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { gradeEach, gradeMany } from '../src/batch/index.js';
import { submissionsIn } from '../src/batch/roster.js';
import { studentAs } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-many-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 40 students, every fifth with a lowercase access mode
const dirs = Array.from({ length: 40 }, (_, i) => studentAs(join(root, `u${i}`), `u${i}`, (t) => (i % 5 === 0 ? t.replace('- ReadWriteOnce', '- readWriteOnce') : t)));

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

  it('a worker out of memory: its folder is graded again in a worker with a larger heap, bounded; if that runs out too, a row says so', { timeout: 120_000 }, async () => {
    // 10,000 ConfigMap entries (120 KiB, within the bounds): more than a 16 MB worker heap holds.
    const big = join(root, 'big');
    mkdirSync(big);
    cpSync(dirs[3]!, big, { recursive: true });
    const entries = Array.from({ length: 10_000 }, (_, i) => `  k${i}: v`).join('\n');
    writeFileSync(join(big, 'config.yml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${entries}\n`);
    const want = gradeStatic(big).report;
    expect(want.checks.find((c) => c.id === 'yaml.parse')!.status).toBe('pass'); // read and parsed, not passed over as too large

    // The worker alone: it runs out of memory, and its slot names the folder it was grading.
    const shared = new Int32Array(new SharedArrayBuffer(8)).fill(-1);
    shared[0] = 0;
    const w = new Worker(new URL('../dist/batch/worker.js', import.meta.url), {
      workerData: { dirs: [big], options: {}, shared, slot: 1 },
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 16 },
    });
    const code = await new Promise<string | undefined>((resolve) => {
      w.once('error', (e: Error & { code?: string }) => resolve(e.code));
      w.once('message', () => resolve('graded it'));
    });
    expect(code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(shared[1]).toBe(0);

    // In a batch, the worker takes one of the first folders while the calling thread grades the first: every report is check's.
    const list = [big, big, ...dirs.slice(0, 30)];
    const many = await gradeMany(list, { workers: 2, heapMb: { worker: 16 } });
    expect(many.map((r) => r.username)).toEqual(list.map((d) => (d === big ? 'u3' : basename(d))));
    expect(many.slice(0, 2)).toEqual([want, want]);
    // A retry heap too small as well: that folder is a row that says so, the others are graded.
    const bounded = await gradeMany(list, { workers: 2, heapMb: { worker: 16, retry: 16 } });
    const rows = bounded.filter((r) => r.error !== undefined);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      expect(r.error).toBe('grading it needed more than 16 MB of memory');
      expect(r.score).toBe(0);
      expect(r.checks.filter((c) => c.status !== 'skip').every((c) => c.status === 'error' && c.message === 'not graded: grading it needed more than 16 MB of memory')).toBe(true);
    }
    expect(bounded.filter((r) => r.error === undefined)).toEqual(many.filter((_, i) => bounded[i]!.error === undefined));
  });

  it('one folder never stops the class: a folder that is gone, a name that is not UTF-8 are rows that say why', async () => {
    const cls = mkdtempSync(join(tmpdir(), 'kg-class-'));
    try {
      cpSync(dirs[1]!, join(cls, 'alice'), { recursive: true });
      symlinkSync(dirs[2]!, join(cls, 'linked'));
      const bad = Buffer.concat([Buffer.from(`${cls}/jos`), Buffer.from([0xe9])]);
      mkdirSync(bad);
      for (const f of readdirSync(dirs[3]!)) writeFileSync(Buffer.concat([bad, Buffer.from(`/${f}`)]), readFileSync(join(dirs[3]!, f)));
      const found = submissionsIn(cls);
      expect(found.map((d) => basename(d))).toEqual(['alice', 'jos\\xE9', 'linked']);
      const reports = await gradeMany([...found, join(cls, 'gone')]);
      expect(reports.map((r) => r.error)).toEqual([
        undefined,
        'the folder name is not valid UTF-8 (shown with \\xNN escapes): rename it to grade it',
        undefined, // a link to a folder, made by the instructor: graded (src/batch/roster.ts)
        'no such folder',
      ]);
      expect(reports[0]).toEqual(gradeStatic(join(cls, 'alice')).report);
    } finally {
      rmSync(cls, { recursive: true, force: true });
    }
  });

  it('applies per-folder usernames and rubric overrides', async () => {
    const [r] = await gradeMany([dirs[1]!], { usernames: { [dirs[1]!]: 'someone' }, set: ['storageClassName=rbd'] });
    expect(r!.username).toBe('someone');
    expect(r!.checks.find((c) => c.id === 'redis-pvc.storage-class')?.message).toBe('storageClassName is "rdb"; the rubric wants "rbd" (close: check the letters, "rdb" is not "rbd")');
  });
});
