/**
 * The writing thread of a batch's --out (./write-ahead.ts): it makes the per-student
 * files (pages, feedback, results.json) the calling thread hands it, in order, so that their
 * mkdir, open, write and close run on the other core while the calling thread grades and renders.
 *
 * A job is a folder to make (first) and a file with its whole text, unless the file already
 * there (a re-run's) holds that text; the calling thread has chosen every name (a temporary one, or one inside a temporary folder: src/cli/sink.ts OutTree).
 * Before each job it says it is busy and looks whether it was told to stop (STOP): after that it
 * starts nothing, so the calling thread, once this thread is not busy, knows every file there is.
 * The first error ends the thread: it is posted back, with its code, and the calling thread throws it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BUSY, DONE, FAILED, IDLE, makeFolder, POLL_MS, POSTED, sameBytes, STOP, type WriterJob } from './write-ahead.js';

const { shared, port } = workerData as { shared: Int32Array; port: MessagePort };
/** What a re-run's file already there is read into, to compare. */
const scratch = Buffer.allocUnsafe(1 << 18);

for (;;) {
  Atomics.store(shared, BUSY, 1);
  if (Atomics.load(shared, STOP)) break;
  const m = receiveMessageOnPort(port) as { message: WriterJob } | undefined;
  if (!m) {
    Atomics.store(shared, BUSY, 0);
    Atomics.notify(shared, BUSY);
    Atomics.store(shared, IDLE, 1);
    const posted = Atomics.load(shared, POSTED);
    if (Atomics.load(shared, STOP)) break;
    // Nothing yet: look again in POLL_MS, or when woken (a backlog, a wait for the files, the stop).
    if (Atomics.load(shared, DONE) >= posted) Atomics.wait(shared, POSTED, posted, POLL_MS);
    Atomics.store(shared, IDLE, 0);
    continue;
  }
  try {
    run(m.message);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    port.postMessage({ error: { message: e.message, code: e.code, syscall: e.syscall, path: e.path } });
    Atomics.store(shared, FAILED, 1);
    break;
  } finally {
    Atomics.add(shared, DONE, 1);
    Atomics.notify(shared, DONE);
  }
}
Atomics.store(shared, BUSY, 0);
Atomics.notify(shared, BUSY);

function run(job: WriterJob): void {
  const bytes = Buffer.from(job.text, 'utf8');
  if (job.unless !== undefined && sameBytes(job.unless, bytes, scratch)) {
    port.postMessage({ kept: job.path });
    return;
  }
  if (job.folder !== undefined) {
    const first = makeFolder(job.folder, job.recursive === true);
    if (first && job.note) port.postMessage({ created: first });
  }
  const fd = openSync(job.path, 'w');
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}
