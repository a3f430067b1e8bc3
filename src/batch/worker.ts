/** A grading worker thread: grades its share of folders and posts each report back. */
import { parentPort, workerData } from 'node:worker_threads';
import { gradeOne, type BatchOptions } from './index.js';

const { dirs, options } = workerData as { dirs: string[]; options: BatchOptions };
dirs.forEach((dir, i) => {
  parentPort!.postMessage({ i, report: gradeOne(dir, options) });
});
