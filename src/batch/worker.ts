/** A grading worker thread: takes the next folder from the shared counter, grades it, posts the report back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerData } from './index.js';
import { gradeOne } from './one.js';
import { UsageError } from '../util/errors.js';

const { dirs, options, shared, slot } = workerData as WorkerData;
for (;;) {
  const i = Atomics.add(shared, 0, 1);
  if (i >= dirs.length) break;
  Atomics.store(shared, slot, i);
  try {
    parentPort!.postMessage({ i, report: gradeOne(dirs[i]!, options) });
  } catch (err) {
    // A usage problem (a --schema file that does not compile) is the run's, not the folder's.
    if (err instanceof UsageError) parentPort!.postMessage({ i, error: err.message, usage: true });
    else parentPort!.postMessage({ i, error: `${dirs[i]}: ${err instanceof Error ? err.message : String(err)}` });
  }
  Atomics.store(shared, slot, -1);
}
