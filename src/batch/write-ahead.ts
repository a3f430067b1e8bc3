/**
 * Writing behind for a batch's --out: a thread of its own (./writer.ts) makes the per-student
 * files (4,000 for a class of 1,000 in every format: a folder, an open, a write and a close
 * each) while the calling thread grades the next students. Either the calling thread names
 * every file (src/cli/sink.ts OutTree: a temporary name, or a name inside a temporary folder)
 * and hands over its text, or (RenderSetup, what a batch uses) it hands over the reports and
 * the writer renders the formats and names their files itself, in an OutTree of its own that
 * it hands back at the end. Nothing is under a final name until OutTree.commit().
 *
 * Bounded: at most MAX_BEHIND files (MAX_BEHIND_RENDER reports) are waiting; past that the calling thread waits for the
 * writer (Atomics.wait: it need not return to the event loop). Synchronous throughout, as the
 * writes it replaces were: `settle()` returns once every file handed over is written, and
 * throws the writer's first error (ENOSPC, EACCES, …) as the write itself would have; `stop()`,
 * safe in a signal handler, returns once the writer has finished the file (or report) it was making and
 * will start no other, so that what is on disk is known and can be removed (with render, the writer removes what it made).
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Report } from '../types.js';
import { threadScript, workerThreads } from './threads.js';

/** Slots of the shared counters. */
export const POSTED = 0;
export const DONE = 1;
export const STOP = 3;
export const FAILED = 4;
/** The writer is waiting for work (it looks again every POLL_MS without being woken). */
export const IDLE = 5;
/**
 * The writer's life: NOT_STARTED, then RUNNING (it took it, once set up) or CANCELLED (stop() took it
 * first: the writer then does nothing), then EXITED (it has left its loop, and with `render`
 * removed what it made unless it handed it over). stop() waits for EXITED once the writer runs.
 */
export const STATE = 2;
export const NOT_STARTED = 0;
export const RUNNING = 1;
export const CANCELLED = 2;
export const EXITED = 3;
/** Files handed over and not yet written, at most. */
export const MAX_BEHIND = 64;
/**
 * Reports waiting, at most, for a writer with `render`: a report is 10–15 KB as a structured clone, and the
 * writer takes 100–200 ms to load the formats and the rubric before its first, while the grading thread goes on.
 */
export const MAX_BEHIND_RENDER = 512;
/**
 * The calling thread wakes an idle writer only once this many files wait (or when it waits
 * itself): waking a thread costs the waker 50–150 µs on 2 busy cores (the woken thread preempts
 * it), which for every file would be most of what the writer saves. An idle writer looks every POLL_MS.
 */
export const WAKE_AT = 16;
export const POLL_MS = 2;
/**
 * Below this many students the writing thread is not started (its start costs the other core
 * tens of ms, a class of a hundred writes its files in less), nor on one core (it would only
 * take turns with the grader).
 */
export const MIN_WRITE_BEHIND = 128;
export const writeBehindFor = (students: number) => students >= MIN_WRITE_BEHIND && availableParallelism() >= 2;

export interface WriterJob {
  /** A folder to make first: with `recursive`, and those above it; else it alone (there already is fine). */
  folder?: string;
  recursive?: boolean;
  /** Post the folder back when it was made (OutTree.abort() removes it again). */
  note?: boolean;
  path: string;
  text: string;
  /** A file whose bytes, when they are `text`'s, mean there is nothing to write (a re-run's unchanged file): `path` is then posted back as kept, not made. */
  unless?: string;
}

/**
 * With `render` (a batch's --out of 128 students or more, src/cli/batch.ts): the writer also
 * renders. Every format runs in it, on the reports the calling thread hands over, into the
 * files the calling thread opened for them (`fd`, in the order of `formats`), and the files of
 * the formats' own are made there (an OutTree of its own, handed over at the end: OutTree.adopt).
 * The grading thread then only grades and posts each report (a structured clone, 30–40 µs).
 */
export interface RenderSetup {
  outDir: string;
  formats: readonly { name: string; fd: number }[];
  /** RenderOptions.extra. */
  extra: Readonly<Record<string, string | undefined>>;
  /** The rubric as the batch loads it (RenderOptions.rubric, loaded again in the writer). */
  rubric?: string;
  set?: readonly string[];
  /** The rubrics the calling thread read from pipes (rubric/index.ts rubricTexts): the writer cannot read them again. */
  rubricTexts?: [string, string][];
}

/** A job of a writer with `render`: a report to render into every format, or the end (every format flushed, the files handed over). */
export type RenderJob = { report: Report } | { flush: true };

/** What a writer with `render` hands over at the end: its OutTree's files (OutTree.handOff). */
export interface HandOff {
  temps: [string, string | undefined][];
  staged: [string, string | undefined][];
  /** Folders it made (the first of each mkdir), and every folder it made or found. */
  created: string[];
  made: string[];
}

export interface WriteBehind {
  write(job: WriterJob | RenderJob): void;
  /**
   * Every file handed over is written: the folders the writer made (with `note`), and the paths it did not make (`unless`), since the last call;
   * with `render`, after the flush job, its files (HandOff). Throws the writer's error.
   */
  settle(): { created: string[]; kept: string[]; handOff?: HandOff };
  /** The writer starts nothing more; returns once it is idle, with the folders it made (with `note`). */
  stop(): string[];
}

/**
 * Starts the writer, or returns undefined when there is no built script for it (the GitHub Action's bundle).
 * `render`: it renders too (RenderSetup); `warn`: the formats' lines for the user, said when the calling thread next hears from it.
 */
export function startWriteBehind(render?: RenderSetup, warn?: (message: string) => void): WriteBehind | undefined {
  const script = threadScript('writer.js');
  if (!script) return undefined;
  const wt = workerThreads();
  const shared = new Int32Array(new SharedArrayBuffer(4 * 6));
  const { port1, port2 } = new wt.MessageChannel();
  const worker: Worker = new wt.Worker(script, { workerData: { shared, port: port2, render }, transferList: [port2] });
  worker.unref();
  // A writer that fails posts its error first; an 'error' event is only a thread that could not start (then settle() waits it out below).
  worker.on('error', () => Atomics.store(shared, FAILED, 2));
  const maxBehind = render ? MAX_BEHIND_RENDER : MAX_BEHIND;
  let posted = 0;
  let stopped = false;
  const created: string[] = [];
  const kept: string[] = [];
  let handOff: HandOff | undefined;
  /** The writer's messages so far: the folders it made, the files it kept, its files (render), the formats' warnings, and its error (thrown). */
  const collect = (): string[] => {
    let error: NodeJS.ErrnoException | undefined;
    for (let m; (m = wt.receiveMessageOnPort(port1 as MessagePort)); ) {
      const msg = m.message as { created?: string; kept?: string; warn?: string; handOff?: HandOff; error?: { message: string; code?: string; syscall?: string; path?: string } };
      if (msg.created) created.push(msg.created);
      if (msg.kept) kept.push(msg.kept);
      if (msg.warn !== undefined) warn?.(msg.warn);
      if (msg.handOff) handOff = msg.handOff;
      if (msg.error && !error) error = Object.assign(new Error(msg.error.message), { code: msg.error.code, syscall: msg.error.syscall, path: msg.error.path });
    }
    if (error) throw error;
    return created.splice(0);
  };
  /** Waits until at most `behind` files are waiting, or the writer failed. */
  const waitFor = (behind: number) => {
    for (;;) {
      const done = Atomics.load(shared, DONE);
      if (posted - done <= behind || Atomics.load(shared, FAILED)) return;
      wake();
      Atomics.wait(shared, DONE, done, 1000);
    }
  };
  /** The writer woken if it is idle (it says IDLE before it looks at POSTED and waits: no wake-up is lost). */
  const wake = () => {
    if (Atomics.load(shared, IDLE)) Atomics.notify(shared, POSTED);
  };
  const failed = () => {
    if (Atomics.load(shared, FAILED) === 2) throw new Error('the writing thread of --out could not start');
    collect();
  };
  return {
    write(job) {
      if (stopped) throw new Error('write-behind: stopped');
      if (Atomics.load(shared, FAILED)) failed();
      port1.postMessage(job);
      Atomics.store(shared, POSTED, ++posted);
      const behind = posted - Atomics.load(shared, DONE);
      if (behind > maxBehind) waitFor(maxBehind / 2);
      else if (behind >= WAKE_AT) wake();
    },
    settle() {
      waitFor(0);
      if (Atomics.load(shared, FAILED)) failed();
      const made = collect();
      const handed = handOff;
      handOff = undefined;
      return { created: made, kept: kept.splice(0), ...(handed ? { handOff: handed } : {}) };
    },
    stop() {
      if (!stopped) {
        stopped = true;
        Atomics.store(shared, STOP, 1);
        Atomics.notify(shared, POSTED);
        // A writer that has not taken RUNNING yet never will; one that has looks at STOP before each job, and says EXITED once out of its loop.
        if (Atomics.compareExchange(shared, STATE, NOT_STARTED, CANCELLED) !== NOT_STARTED) {
          while (Atomics.load(shared, STATE) !== EXITED && Atomics.load(shared, FAILED) !== 2) Atomics.wait(shared, STATE, RUNNING, 100);
        }
        void worker.terminate();
      }
      try {
        return collect();
      } catch {
        return created.splice(0); // its error was said already, or is not the point now
      }
    },
  };
}

/**
 * Makes `folder`: with `recursive`, and those above it; else it alone, its parent being there (a
 * student's folder beside others). Returns the first folder it made, or undefined when it was there.
 */
export function makeFolder(folder: string, recursive: boolean): string | undefined {
  if (recursive) return makeFolders(folder);
  try {
    mkdirSync(folder);
    return folder;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return undefined;
  }
}

/**
 * `folder` and those above it that are missing, each made once, from the top; returns the first it made, or
 * undefined when it was there (what mkdirSync(folder, { recursive: true }) returns). Not Node's recursive mkdir:
 * where a folder cannot be made and its parent is there (/proc/x: ENOENT, /proc: EEXIST) that one makes the parent
 * and tries again, for ever at 100% CPU; here the folder's own error is thrown. A file in the way is ENOTDIR.
 */
export function makeFolders(folder: string): string | undefined {
  const missing: string[] = [];
  for (let d = folder; ; d = dirname(d)) {
    let st;
    try {
      st = statSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: d });
      break;
    }
    missing.push(d);
    if (dirname(d) === d) break;
  }
  let first: string | undefined;
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      first ??= d;
    } catch (err) {
      // Made meanwhile (another run into the same folder) is fine; anything else, or a file made there, is the error.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
  return first;
}

/** Whether `path` is a file (not a link) holding exactly `bytes` (read into `scratch` when it fits). */
export function sameBytes(path: string, bytes: Uint8Array, scratch: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return false; // gone, a link, not readable: written anew
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size !== bytes.length) return false;
    const into = bytes.length <= scratch.length ? scratch.subarray(0, bytes.length) : Buffer.allocUnsafe(bytes.length);
    let got = 0;
    for (let n; got < into.length && (n = readSync(fd, into, got, into.length - got, got)) > 0; ) got += n;
    return got === bytes.length && into.equals(bytes);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
