/**
 * Reading ahead for a batch graded by the calling thread alone: a thread of its own
 * (./reader.ts) runs discover() on the next folders while the calling thread grades, so the
 * grader's time goes to parse, schema and checks, and the reading (a fifth of a class's time:
 * an open, fstat, read and close per file, a readdir per folder) runs on the other core.
 *
 * The same discover() as everywhere, the same report: a folder's files come from the reader
 * when it has them (gradeStatic's `source`) and from the grader's own discover() when not, so
 * nothing depends on which thread read a folder. Bounded: the reader is at most AHEAD folders
 * ahead (a folder is at most MAX_TOTAL_BYTES), and the grader never waits on it for long — a
 * reader that is behind, slow or gone leaves the folder to the grader.
 *
 * Synchronous on the grader's side (receiveMessageOnPort, Atomics.wait): the grader does not
 * have to return to the event loop to get a folder's files.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Discovered } from '../discover/index.js';
import { threadScript, workerThreads } from './threads.js';

/** Slots of the shared counters: the next folder to read, the folders the grader is done with, the messages posted. */
export const NEXT = 0;
export const CONSUMED = 1;
export const POSTED = 2;
/** How many folders the reader reads ahead of the grader at most. */
export const AHEAD = 8;
/** How often a reader that is AHEAD folders ahead looks whether the grader has taken one, in ms. */
export const POLL_MS = 2;
/**
 * The longest the grader waits for a folder the reader has taken but not posted yet; past it, the grader reads
 * it itself (and drops the reader's copy when it comes). A reader at nice 19 is preempted by V8's compiler
 * and collector threads for milliseconds at a time on 2 cores: waiting for it then cost a batch a fifth
 * of its grading thread (bench:peers' class of 1,000, in take()), where reading the folder costs ~0.3 ms.
 */
const WAIT_MS = 0.5;
/** The reader's heap, in MB: it holds one folder at a time (at most MAX_TOTAL_BYTES of text); what it has posted waits in the channel, at most AHEAD folders. */
const READER_OLD_GEN_MB = 48;

export interface ReaderData {
  dirs: readonly string[];
  shared: Int32Array;
}

export interface Prefetch {
  /** The files of dirs[i], when the reader read them; undefined: the grader discovers the folder itself. Call in order, i = 0, 1, … */
  take(i: number): Discovered | undefined;
  /** How many folders have been taken so far, by the reader and the grader (for tests: the reader stays within AHEAD). */
  taken(): number;
  /** How many folders the reader has posted so far (for tests). */
  posted(): number;
  stop(): Promise<void>;
}

/** Starts the reader for `dirs`, or returns undefined where it cannot help (one core, no built reader). */
export function startPrefetch(dirs: readonly string[]): Prefetch | undefined {
  if (availableParallelism() < 2) return undefined;
  const script = threadScript('reader.js');
  if (!script) return undefined;
  const wt = workerThreads();
  const shared = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new wt.MessageChannel();
  let worker: Worker | undefined = new wt.Worker(script, {
    workerData: { dirs, shared, port: port2 },
    transferList: [port2],
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: READER_OLD_GEN_MB },
  });
  // A reader that fails is only a reader less: the grader reads what it did not.
  worker.on('error', () => {});
  worker.unref();
  const drop = () => {
    Atomics.store(shared, NEXT, dirs.length); // the reader takes nothing more
    const w = worker;
    worker = undefined;
    port1.close();
    return w?.terminate().then(() => undefined) ?? Promise.resolve();
  };
  return {
    take(i) {
      // No notify: waking the reader costs the grader 50–150 µs a call on 2 busy cores (the woken
      // thread preempts it); the reader looks again every POLL_MS instead.
      Atomics.store(shared, CONSUMED, i);
      if (!worker) return undefined;
      // Not taken by the reader yet: the grader takes it (the reader is behind).
      if (Atomics.compareExchange(shared, NEXT, i, i + 1) === i) return undefined;
      let waited = false;
      for (;;) {
        const posted = Atomics.load(shared, POSTED);
        const m = wt.receiveMessageOnPort(port1 as MessagePort) as { message: { i: number; source?: Discovered } } | undefined;
        if (m) {
          if (m.message.i === i) return m.message.source;
          if (m.message.i > i) break; // cannot happen (the reader posts in order, the grader takes in order): read it here
          continue;
        }
        // Still with the reader after one short wait: read here (the reader's copy is passed over when it comes).
        if (waited) return undefined;
        Atomics.wait(shared, POSTED, posted, WAIT_MS);
        waited = true;
      }
      void drop();
      return undefined;
    },
    taken: () => Math.min(Atomics.load(shared, NEXT), dirs.length),
    posted: () => Atomics.load(shared, POSTED),
    stop: drop,
  };
}
