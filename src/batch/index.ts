/**
 * Many submissions at once, on every core: the same gradeStatic() as one
 * student, run in worker threads that each load the rubric once. The calling
 * thread only coordinates (it does not even load the grader), so memory is
 * the workers' small heaps plus whatever the caller keeps: `gradeEach`
 * streams reports in the order of the folders given, `gradeMany` collects
 * them all.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Report } from '../types.js';

export interface BatchOptions {
  /** Username per folder (as given); folders not listed have it inferred. */
  usernames?: Readonly<Record<string, string>>;
  env?: string;
  /** A rubric file path (workers load it themselves). */
  rubric?: string;
  set?: readonly string[];
  /** Worker threads; default: one per core. 0 grades in the calling thread. */
  workers?: number;
}

/** Below this many submissions per thread, starting threads costs more than it saves. */
const MIN_PER_WORKER = 16;
/**
 * Each worker's heap limits, in MB. Grading makes many short-lived parse
 * trees and keeps little: small limits keep the process's RSS low at a small
 * cost in GC. A submission too big for them (a worker out of memory) is
 * graded again in the calling thread, without limits.
 */
const YOUNG_GEN_MB = 4;
const OLD_GEN_MB = 64;

export async function gradeMany(dirs: readonly string[], options: BatchOptions = {}): Promise<Report[]> {
  const out: Report[] = [];
  for await (const r of gradeEach(dirs, options)) out.push(r);
  return out;
}

/** Grades the folders and yields their reports in the order given, as they are ready. */
export async function* gradeEach(dirs: readonly string[], options: BatchOptions = {}): AsyncGenerator<Report> {
  const n = Math.min(options.workers ?? availableParallelism(), Math.floor(dirs.length / MIN_PER_WORKER));
  const script = workerScript();
  if (n <= 1 || !script) {
    const { gradeOne } = await import('./one.js');
    for (const d of dirs) yield gradeOne(d, options);
    return;
  }
  const ready = new Map<number, Report>();
  /** Indexes whose worker died before grading them: graded here instead. */
  const orphans: number[] = [];
  let next = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const workers = Array.from({ length: n }, (_, k) => {
    // Interleaved shares (k, k+n, k+2n, …) keep the results arriving close to the order given.
    const idx = dirs.map((_, i) => i).filter((i) => i % n === k);
    let done = 0;
    const w = new Worker(script, {
      workerData: { dirs: idx.map((i) => dirs[i]), options: { ...options, workers: 0 } },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GEN_MB, maxOldGenerationSizeMb: OLD_GEN_MB },
    });
    w.on('message', (m: { i: number; report?: Report; error?: string }) => {
      done = m.i + 1;
      if (m.error !== undefined) failure ??= new Error(m.error);
      else ready.set(idx[m.i]!, m.report!);
      notify();
    });
    w.once('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') orphans.push(...idx.slice(done));
      else failure ??= e;
      notify();
    });
    w.once('exit', (code) => {
      if (code !== 0 && done < idx.length && !orphans.includes(idx[done]!)) failure ??= new Error(`a grading worker exited with code ${code}`);
      notify();
    });
    return w;
  });
  try {
    while (next < dirs.length) {
      const r = ready.get(next);
      if (r) {
        ready.delete(next++);
        yield r;
        continue;
      }
      if (failure) throw failure;
      if (orphans.includes(next)) {
        const { gradeOne } = await import('./one.js');
        orphans.splice(orphans.indexOf(next), 1);
        ready.set(next, gradeOne(dirs[next]!, options));
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The compiled worker; when running from sources (tests), the built one in dist/. */
function workerScript(): URL | undefined {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../dist/batch/worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}
