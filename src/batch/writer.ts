/**
 * The writing thread of a batch's --out (./write-ahead.ts): it makes the per-student
 * files (pages, feedback, results.json) the calling thread hands it, in order, so that their
 * mkdir, open, write and close run on the other core while the calling thread grades.
 *
 * A job is a folder to make (first) and a file with its whole text, unless the file already
 * there (a re-run's) holds that text; the calling thread has chosen every name (a temporary one, or one inside a temporary folder: src/cli/sink.ts OutTree).
 * With `render` (RenderSetup), a job is a report instead: this thread runs every format on it,
 * into the files the calling thread opened for them, and makes the formats' own files in an
 * OutTree of its own, handed over to the calling thread's at the end (the flush job).
 *
 * Before each job it looks whether it was told to stop (STOP): after that it starts nothing,
 * removes what it made and did not hand over (render), and says EXITED, so that the calling
 * thread, once it has, knows every file there is.
 * The first error ends the thread: it is posted back, with its code, and the calling thread throws it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Renderer } from './render.js';
import { CANCELLED, DONE, EXITED, FAILED, IDLE, makeFolder, NOT_STARTED, POLL_MS, POSTED, RUNNING, sameBytes, STATE, STOP, type RenderJob, type RenderSetup, type WriterJob } from './write-ahead.js';

const { shared, port, render } = workerData as { shared: Int32Array; port: MessagePort; render?: RenderSetup };
/** What a re-run's file already there is read into, to compare. */
const scratch = Buffer.allocUnsafe(1 << 18);
/** Posts the error back, with its code, for the calling thread to throw (its next write, or settle()). */
const fail = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  port.postMessage({ error: { message: e.message, code: e.code, syscall: e.syscall, path: e.path } });
  Atomics.store(shared, FAILED, 1);
};
let renderer: Renderer | undefined;
try {
  renderer = render ? (await import('./render.js')).startRender(render, (warn) => port.postMessage({ warn })) : undefined;
} catch (err) {
  // Not a thread that could not start (its 'error' event needs the calling thread's event loop, which settle() does not return to): an error of the run.
  fail(err);
}

if (Atomics.compareExchange(shared, STATE, NOT_STARTED, RUNNING) === CANCELLED || Atomics.load(shared, FAILED)) {
  Atomics.store(shared, STATE, EXITED);
  Atomics.notify(shared, STATE);
  process.exit(0);
}
for (;;) {
  if (Atomics.load(shared, STOP)) break;
  const m = receiveMessageOnPort(port) as { message: WriterJob | RenderJob } | undefined;
  if (!m) {
    Atomics.store(shared, IDLE, 1);
    const posted = Atomics.load(shared, POSTED);
    if (Atomics.load(shared, STOP)) break;
    // Nothing yet: look again in POLL_MS, or when woken (a backlog, a wait for the files, the stop).
    if (Atomics.load(shared, DONE) >= posted) Atomics.wait(shared, POSTED, posted, POLL_MS);
    Atomics.store(shared, IDLE, 0);
    continue;
  }
  try {
    const job = m.message;
    if ('report' in job) renderer!.write(job.report);
    else if ('flush' in job) port.postMessage({ handOff: renderer!.flush() });
    else run(job);
  } catch (err) {
    fail(err);
    break;
  } finally {
    Atomics.add(shared, DONE, 1);
    Atomics.notify(shared, DONE);
  }
}
renderer?.abort();
Atomics.store(shared, STATE, EXITED);
Atomics.notify(shared, STATE);

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
