/** A grading worker thread: grades its share of folders and posts each report back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchOptions } from './index.js';
import { gradeOne } from './one.js';

const { dirs, options } = workerData as { dirs: string[]; options: BatchOptions };
dirs.forEach((dir, i) => {
  try {
    parentPort!.postMessage({ i, report: gradeOne(dir, options) });
  } catch (err) {
    parentPort!.postMessage({ i, error: `${dir}: ${err instanceof Error ? err.message : String(err)}` });
  }
});
