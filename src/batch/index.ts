/**
 * Many submissions at once, on every core: the same gradeStatic() as one
 * student, run by the calling thread and by worker threads that each load the
 * rubric once. Graders take the next folder from a shared counter (an
 * Atomics.add on a SharedArrayBuffer), so a fast grader never waits for a slow
 * one and the reports arrive close to the order given. `gradeEach` streams
 * them in that order, `gradeMany` collects them all.
 *
 * Why the calling thread grades too: a coordinating-only caller leaves a core
 * to its workers' JIT and GC threads, and every extra isolate costs its own
 * warm-up and tens of MB (bench/run.js measures it).
 *
 * How many graders by default: one per core but one (at least one), the last
 * core left to V8's garbage-collector and compiler threads and to the writer.
 * Measured on 2 cores (bench:peers, class of 1,000 and 4,000): a second grader
 * made a class of 1,000 no faster (1.97 s vs 1.86 s, medians of 6 pairs), a
 * class of 4,000 1.15× faster, and cost 1.6× the CPU time and twice the
 * memory (98 → 190–250 MB at 4,000, growing with the class; one grader:
 * 94 MB at 1,000, 98–100 MB at 4,000). `workers` (the CLI's --threads) says
 * otherwise.
 */
import type { Worker as WorkerType } from 'node:worker_threads';
import type { Report } from '../types.js';
import type { DeadlineOptions } from './deadline.js';
import { notGraded } from '../grade.js';
import { checkParam, loadRubric, rubricTexts } from '../rubric/index.js';
import { schemaDirs } from '../schema/index.js';
import { gradeOne } from './one.js';
import { startPrefetch } from './prefetch.js';
import { defaultThreads, threadScript, workerThreads } from './threads.js';

export interface BatchOptions {
  /** Username per folder (as given); folders not listed have it inferred. */
  usernames?: Readonly<Record<string, string>>;
  /** Username per folder to grade with when its files name none (a roster's, by default). */
  fallbackUsernames?: Readonly<Record<string, string>>;
  env?: string;
  /** A rubric file path (workers load it themselves). */
  rubric?: string;
  set?: readonly string[];
  /** Folders of JSON Schemas for custom resources (--schema). */
  schemaDirs?: readonly string[];
  /** Grading threads, the calling one included; default: one per core but one (defaultThreads()). 0 or 1: the calling thread alone. */
  workers?: number;
  /** Grade each git repository as of this deadline (./deadline.ts); other folders as they are. */
  deadline?: DeadlineOptions;
  /** Lines of context around each finding to put in the report's `excerpts` (for the html format); default none. */
  excerpts?: number;
  /**
   * False: no reading thread (./prefetch.ts) for a class graded by the calling thread alone, which then reads
   * each folder itself. For a caller whose own thread has the other core (batch's writing thread): a reading
   * thread there gets little of that core, the grader stops waiting for it and reads the folder itself, and
   * the reader's copy is work thrown away. Default true.
   */
  readAhead?: boolean;
  /** Old-generation heap of each grading worker and of the retry of one that ran out, in MB (tuning and tests; default 64 and RETRY_OLD_GEN_MB). */
  heapMb?: { worker?: number; retry?: number };
}

/** Below this many submissions per thread, starting a thread costs more than it saves. */
const MIN_PER_THREAD = 16;
/**
 * Below this many submissions, the reading thread (./prefetch.ts) costs more than it saves: it
 * takes 70–140 ms of the other core to start, and saves about 0.25 ms a submission.
 * Measured on 2 cores: 100 submissions 0.43 s with it vs 0.41 s without.
 */
export const MIN_READ_AHEAD = 256;
/**
 * Each worker's heap limits, in MB. Grading makes many short-lived parse
 * trees and keeps little: bounded heaps keep the process's RSS low at a small
 * cost in GC. A submission too big for them (a worker out of memory) is
 * graded again in a worker of its own with RETRY_OLD_GEN_MB — far more than
 * the bounds of discover and parse let a submission need, so its report is
 * the one `check` gives — and if that runs out too, it is a row that says so.
 * Never an unbounded retry in the calling thread.
 */
const YOUNG_GEN_MB = 16;
const OLD_GEN_MB = 64;
export const RETRY_OLD_GEN_MB = 1024;

/** The shared counters: [next folder to take, then per worker the folder it is grading or -1]. */
export interface WorkerData {
  dirs: readonly string[];
  options: BatchOptions;
  shared: Int32Array;
  slot: number;
  /** The rubrics the calling thread read from pipes (rubric/index.ts rubricTexts): this thread cannot read them again. */
  rubricTexts: [string, string][];
}

export async function gradeMany(dirs: readonly string[], options: BatchOptions = {}): Promise<Report[]> {
  const out: Report[] = [];
  for await (const r of gradeEach(dirs, options)) out.push(r);
  return out;
}

/** Grades the folders and yields their reports in the order given, as they are ready. */
export async function* gradeEach(dirs: readonly string[], options: BatchOptions = {}): AsyncGenerator<Report> {
  // A broken rubric or option is the whole run's usage error (UsageError), found here once; after this,
  // whatever goes wrong with one folder is that folder's row (gradeOne, notGraded).
  loadRubric(options.rubric, { set: options.set });
  if (options.env !== undefined) checkParam('env', options.env, `--env ${JSON.stringify(options.env)}`);
  if (options.schemaDirs?.length) schemaDirs(options.schemaDirs);
  const threads = Math.min(options.workers ?? defaultThreads(), Math.floor(dirs.length / MIN_PER_THREAD));
  const script = threadScript('worker.js');
  if (threads <= 1 || !script) {
    // The calling thread grades alone: a reading thread reads the folders ahead of it (./prefetch.ts).
    const ahead = dirs.length >= MIN_READ_AHEAD && !options.deadline && options.readAhead !== false ? startPrefetch(dirs) : undefined;
    try {
      for (let i = 0; i < dirs.length; i++) yield gradeOne(dirs[i]!, options, ahead?.take(i));
    } finally {
      await ahead?.stop();
    }
    return;
  }
  const shared = new Int32Array(new SharedArrayBuffer(4 * threads)).fill(-1);
  shared[0] = 0;
  const ready = new Map<number, Report>();
  /** Retries of folders whose worker ran out of memory, under way. */
  const retries: Promise<void>[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const { Worker } = workerThreads();
  const workers: WorkerType[] = Array.from({ length: threads - 1 }, (_, k) => {
    const slot = k + 1;
    const data: WorkerData = { dirs, options: { ...options, workers: 0 }, shared, slot, rubricTexts: rubricTexts() };
    const w = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GEN_MB, maxOldGenerationSizeMb: options.heapMb?.worker ?? OLD_GEN_MB } });
    w.on('message', (m: { i: number; report: Report }) => {
      ready.set(m.i, m.report);
      notify();
    });
    // A worker that dies takes no more folders (the others and the calling thread take them); the one it was grading
    // is retried with a larger heap when it ran out of memory, else becomes a row that says what happened.
    const died = (why: string, oom: boolean) => {
      const i = Atomics.exchange(shared, slot, -1);
      if (i < 0 || ready.has(i)) return;
      if (oom) retries.push(retry(script, dirs, i, options).then((r) => void ready.set(i, r)).finally(notify));
      else ready.set(i, notGradedRow(dirs[i]!, why, options));
      notify();
    };
    w.once('error', (e: Error & { code?: string }) => died(`its grading thread failed: ${e.message}`, e.code === 'ERR_WORKER_OUT_OF_MEMORY'));
    w.once('exit', (code) => died(`its grading thread exited with code ${code}`, false));
    return w;
  });
  const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    let next = 0;
    while (next < dirs.length) {
      const r = ready.get(next);
      if (r) {
        ready.delete(next++);
        yield r;
        continue;
      }
      const i = Atomics.add(shared, 0, 1);
      if (i < dirs.length) {
        ready.set(i, gradeOne(dirs[i]!, options));
        await yieldToEvents(); // let the workers' reports in
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    Atomics.store(shared, 0, dirs.length); // the workers take nothing more
    await Promise.all([...workers.map((w) => w.terminate()), ...retries]);
  }
}

/** Grades dirs[i] in a worker of its own with RETRY_OLD_GEN_MB of heap; a row that says so if that is not enough either. */
function retry(script: URL, dirs: readonly string[], i: number, options: BatchOptions): Promise<Report> {
  const shared = new Int32Array(new SharedArrayBuffer(8)).fill(-1);
  shared[0] = 0;
  const data: WorkerData = { dirs: [dirs[i]!], options: { ...options, workers: 0 }, shared, slot: 1, rubricTexts: rubricTexts() };
  const limit = options.heapMb?.retry ?? RETRY_OLD_GEN_MB;
  const { Worker } = workerThreads();
  const w = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GEN_MB, maxOldGenerationSizeMb: limit } });
  return new Promise<Report>((resolve) => {
    w.once('message', (m: { report: Report }) => resolve(m.report));
    w.once('error', (e: Error & { code?: string }) =>
      resolve(notGradedRow(dirs[i]!, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `grading it needed more than ${limit} MB of memory` : `its grading thread failed: ${e.message}`, options)),
    );
    w.once('exit', (code) => resolve(notGradedRow(dirs[i]!, `its grading thread exited with code ${code}`, options)));
  }).finally(() => void w.terminate());
}

function notGradedRow(dir: string, why: string, options: BatchOptions): Report {
  return notGraded(dir, why, { username: options.usernames?.[dir], env: options.env, rubric: options.rubric, set: options.set, schemaDirs: options.schemaDirs });
}
