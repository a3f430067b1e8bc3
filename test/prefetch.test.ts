/** Reading ahead (src/batch/prefetch.ts): the reader's files are discover()'s, in order, bounded, and a batch's reports do not change. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/discover/index.js';
import { gradeStatic } from '../src/index.js';
import { gradeEach, MIN_READ_AHEAD } from '../src/batch/index.js';
import { AHEAD, startPrefetch } from '../src/batch/prefetch.js';
import { studentAs } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-ahead-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 30 students, each with files of their own (a username in every name and label), every third with a fault
const students = Array.from({ length: 30 }, (_, i) => studentAs(join(root, `s${i}`), `s${i}`, (t) => (i % 3 === 0 ? t.replace('replicas: 2', 'replicas: 3') : t)));
const file = join(root, 'a-file.yml');
writeFileSync(file, 'kind: Pod\n');
/** Students, a folder that is not there and a file in between. */
const list = [...students.slice(0, 10), join(root, 'gone'), ...students.slice(10, 20), file, ...students.slice(20)];
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
/** Waits (10 s at most, a loaded machine) until `ok()`; whether it came. */
const until = (ok: () => boolean) => {
  for (const end = Date.now() + 10_000; Date.now() < end; pause(5)) if (ok()) return true;
  return ok();
};

describe('startPrefetch', () => {
  it('gives each folder its own discover() files, in order; a folder discover() refuses is left to the grader', () => {
    const ahead = startPrefetch(list)!;
    expect(ahead).toBeDefined(); // this machine has two cores and the built reader (npm run build)
    try {
      let fromReader = 0;
      for (let i = 0; i < list.length; i++) {
        expect(until(() => ahead.posted() > i)).toBe(true); // a grader that lets the reader read each folder first
        const got = ahead.take(i);
        if (got) {
          fromReader++;
          expect(got).toEqual(discover(list[i]!));
        } else if (list[i] === file || list[i]!.endsWith('/gone')) expect(() => discover(list[i]!)).toThrow();
      }
      // All but the ones discover() refuses came from the reader (a reader that never delivered fails here).
      expect(fromReader).toBe(list.length - 2);
    } finally {
      void ahead.stop();
    }
  });

  it('reads at most AHEAD folders ahead of the grader', async () => {
    const ahead = startPrefetch(list)!;
    try {
      expect(ahead.take(0)).toBeUndefined(); // the reader has not started: the grader takes the first itself
      expect(until(() => ahead.taken() === AHEAD)).toBe(true); // folders 0 to AHEAD - 1 (the first by the grader)
      pause(200);
      expect(ahead.taken()).toBe(AHEAD); // and no further
      for (let i = 1; i <= 5; i++) expect(ahead.take(i)).toEqual(discover(list[i]!));
      expect(until(() => ahead.taken() === 5 + AHEAD)).toBe(true); // the grader is at folder 5
      pause(200);
      expect(ahead.taken()).toBe(5 + AHEAD);
    } finally {
      await ahead.stop();
    }
  });

  it('a grader faster than the reader reads what the reader has not: the same files either way', async () => {
    const ahead = startPrefetch(list)!;
    const got = list.map((d, i) => ahead.take(i) ?? (() => { try { return discover(d); } catch { return 'refused'; } })());
    await ahead.stop();
    expect(got).toEqual(list.map((d) => { try { return discover(d); } catch { return 'refused'; } }));
  });

  it('stopped, it gives nothing more and the grader reads every folder', async () => {
    const ahead = startPrefetch(list)!;
    expect(until(() => ahead.taken() > 0)).toBe(true);
    await ahead.stop();
    for (let i = 0; i < list.length; i++) expect(ahead.take(i)).toBeUndefined();
  });
});

describe('a batch that reads ahead', () => {
  it(`(${MIN_READ_AHEAD}+ folders, one grading thread) gives every folder the report gradeStatic gives it, in order`, { timeout: 60_000 }, async () => {
    const many = Array.from({ length: MIN_READ_AHEAD + 20 }, (_, i) => list[i % list.length]!);
    const seen = [];
    for await (const r of gradeEach(many, { workers: 1 })) seen.push(r);
    const want = new Map(list.map((d) => [d, (() => { try { return gradeStatic(d).report; } catch { return undefined; } })()]));
    expect(seen.length).toBe(many.length);
    for (let i = 0; i < many.length; i++) {
      const w = want.get(many[i]!);
      if (w) expect(seen[i]).toEqual(w);
      else expect(seen[i]!.error).toBe(many[i]!.endsWith('/gone') ? 'no such folder' : `${file} is a file, not a folder: give the folder that holds the submission's YAML files`.slice(file.length).replace(/^[:\s]+/, ''));
    }
    expect(seen.filter((r) => r.score < r.maxScore && !r.error).length).toBe(many.filter((d) => /\/s\d+$/.test(d) && Number(d.match(/s(\d+)$/)![1]) % 3 === 0).length);
  });

  /** Node's worker threads of this process, as Linux names them. */
  const workerThreadsNow = () => readdirSync('/proc/self/task').filter((t) => { try { return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'WorkerThread'; } catch { return false; } }).length;
  it.runIf(process.platform === 'linux')('starts its reading thread by default, and none with readAhead: false (batch --out, whose writing thread has the other core)', { timeout: 60_000 }, async () => {
    const many = Array.from({ length: MIN_READ_AHEAD + 20 }, (_, i) => list[i % list.length]!);
    for (const [readAhead, more] of [[undefined, 1], [false, 0]] as const) {
      const before = workerThreadsNow();
      let during = -1;
      let n = 0;
      for await (const r of gradeEach(many, { workers: 1, readAhead })) {
        expect(r.dir).toBe(many[n]);
        if (++n === 100) during = workerThreadsNow();
      }
      expect(during - before, `readAhead ${readAhead}`).toBe(more);
    }
  });
});
