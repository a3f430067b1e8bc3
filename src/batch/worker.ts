/** A grading worker thread: takes the next folder from the shared counter, grades it, posts the report back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerData } from './index.js';
import { gradeOne } from './one.js';
import { primeRubricTexts } from '../rubric/index.js';

const { dirs, options, shared, slot, rubricTexts } = workerData as WorkerData;
primeRubricTexts(rubricTexts);
for (;;) {
  const i = Atomics.add(shared, 0, 1);
  if (i >= dirs.length) break;
  Atomics.store(shared, slot, i);
  // gradeOne() turns any failure into the folder's row; only running out of memory ends this thread (index.ts).
  parentPort!.postMessage({ i, report: gradeOne(dirs[i]!, options) });
  Atomics.store(shared, slot, -1);
}
