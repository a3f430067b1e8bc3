/** One submission of a batch: the library's gradeStatic(), with the batch's options. */
import { gradeStatic } from '../grade.js';
import type { Report } from '../types.js';
import type { BatchOptions } from './index.js';

export function gradeOne(dir: string, options: BatchOptions): Report {
  return gradeStatic(dir, { username: options.usernames?.[dir], env: options.env, rubric: options.rubric, set: options.set }).report;
}
