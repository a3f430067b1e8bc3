/**
 * Many submissions at once, on every core: the same gradeStatic() as one
 * student, run in worker threads that each load the rubric once. The order of
 * the reports is the order of the folders given.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gradeStatic } from '../grade.js';
import type { Report } from '../types.js';

export interface BatchOptions {
  /** Username per folder (as given); folders not listed have it inferred. */
  usernames?: Readonly<Record<string, string>>;
  env?: string;
  /** A rubric file path (workers load it themselves). */
  rubric?: string;
  set?: readonly string[];
  /** Worker threads; default: one per core. 0 grades in this thread. */
  workers?: number;
}

/** Below this many submissions, starting threads costs more than it saves. */
const MIN_PER_WORKER = 16;
const YOUNG_GEN_MB = Number(process.env.KUBEGRADE_YOUNG_GEN_MB ?? 8);

export async function gradeMany(dirs: readonly string[], options: BatchOptions = {}): Promise<Report[]> {
  const n = Math.min(options.workers ?? availableParallelism(), Math.floor(dirs.length / MIN_PER_WORKER));
  const script = workerScript();
  if (n <= 1 || !script) return dirs.map((d) => gradeOne(d, options));
  const results: Report[] = new Array(dirs.length);
  const chunks: number[][] = Array.from({ length: n }, () => []);
  dirs.forEach((_, i) => chunks[i % n]!.push(i));
  await Promise.all(
    chunks.map(
      (idx) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(script, {
            workerData: { dirs: idx.map((i) => dirs[i]), options: { ...options, workers: 0 } },
            // A small young generation keeps each thread's heap (and the process's RSS) low; scavenges stay cheap.
            resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GEN_MB },
          });
          w.on('message', (m: { i: number; report: Report }) => {
            results[idx[m.i]!] = m.report;
          });
          w.once('error', reject);
          w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a grading worker exited with code ${code}`))));
        }),
    ),
  );
  return results;
}

export function gradeOne(dir: string, options: BatchOptions): Report {
  return gradeStatic(dir, { username: options.usernames?.[dir], env: options.env, rubric: options.rubric, set: options.set }).report;
}

/** The compiled worker; when running from sources (tests), the built one in dist/. */
function workerScript(): URL | undefined {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../dist/batch/worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}
