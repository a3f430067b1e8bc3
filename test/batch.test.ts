/** Batch grading gives the same reports as grading one by one, in the order given. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
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

  it('a submission too big for a worker heap is graded in the calling thread', async () => {
    // A ConfigMap of 86,000 entries (just under the 1 MiB a file may have): more than a worker's heap limit, within the calling thread's.
    const big = join(root, 'big');
    mkdirSync(big);
    cpSync(dirs[3]!, big, { recursive: true });
    const entries = Array.from({ length: 86_000 }, (_, i) => `  k${i}: v`).join('\n');
    writeFileSync(join(big, 'config.yml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${entries}\n`);

    // The worker alone: it runs out of memory, and its slot names the folder it was grading.
    const shared = new Int32Array(new SharedArrayBuffer(8)).fill(-1);
    shared[0] = 0;
    const w = new Worker(new URL('../dist/batch/worker.js', import.meta.url), {
      workerData: { dirs: [big], options: {}, shared, slot: 1 },
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 },
    });
    const code = await new Promise<string | undefined>((resolve) => {
      w.once('error', (e: Error & { code?: string }) => resolve(e.code));
      w.once('message', () => resolve('graded it'));
    });
    expect(code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(shared[1]).toBe(0);

    // In a batch, whichever thread takes it, its report is there, in order.
    const list = [...dirs.slice(0, 20), big, ...dirs.slice(20)];
    const many = await gradeMany(list, { workers: 2 });
    expect(many.map((r) => r.username)).toEqual(list.map((d) => (d === big ? 'u3' : basename(d))));
    expect(many[20]!.files).toContain('config.yml');
    expect(many[20]!.checks.find((c) => c.id === 'yaml.parse')!.status).toBe('pass'); // read and parsed, not passed over as too large
  });

  it('applies per-folder usernames and rubric overrides', async () => {
    const [r] = await gradeMany([dirs[1]!], { usernames: { [dirs[1]!]: 'someone' }, set: ['storageClassName=rbd'] });
    expect(r!.username).toBe('someone');
    expect(r!.checks.find((c) => c.id === 'redis-pvc.storage-class')?.message).toBe('storageClassName is "rdb"; the rubric wants "rbd" (close: check the letters, "rdb" is not "rbd")');
  });
});
