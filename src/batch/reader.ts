/**
 * The reading thread of a batch graded by the calling thread alone (./prefetch.ts): it runs
 * discover() on the folders ahead of the grader, never more than AHEAD folders ahead, and posts
 * each folder's files on the channel it was given. A folder whose discover() throws (no such
 * folder, unreadable) is posted without files: the grader then discovers it itself, and so the
 * row says what `check` would.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { discover, type Discovered } from '../discover/index.js';
import { AHEAD, CONSUMED, NEXT, POLL_MS, POSTED, type ReaderData } from './prefetch.js';

const { dirs, shared, port } = workerData as ReaderData & { port: MessagePort };
lowerPriority();
for (;;) {
  const i = Atomics.load(shared, NEXT);
  if (i >= dirs.length) break;
  const consumed = Atomics.load(shared, CONSUMED);
  if (i - consumed >= AHEAD) {
    Atomics.wait(shared, CONSUMED, consumed, POLL_MS);
    continue;
  }
  // The grader may have taken this folder itself (it does when the reader is behind).
  if (Atomics.compareExchange(shared, NEXT, i, i + 1) !== i) continue;
  let source: Discovered | undefined;
  try {
    source = discover(dirs[i]!);
  } catch {
    source = undefined;
  }
  port.postMessage({ i, source });
  Atomics.add(shared, POSTED, 1);
  Atomics.notify(shared, POSTED);
}
port.close();

/**
 * The reader gives way to the grader: on 2 cores the grader, V8's collector and compiler
 * threads and the reader are more threads than cores, and a grader preempted by the reader is
 * what the reader was to save. Linux: the nice value of this thread alone (setpriority on its
 * thread id, from /proc/thread-self). Elsewhere, or when refused, it runs as it is.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed: the same reader, at the same priority
  }
}
