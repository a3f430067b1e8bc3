/** One submission of a batch: the library's gradeStatic(), with the batch's options; as of a deadline when one is given. */
import { gradeStatic } from '../grade.js';
import type { Report } from '../types.js';
import { gradeAsOf } from './deadline.js';
import type { BatchOptions } from './index.js';

export function gradeOne(dir: string, options: BatchOptions): Report {
  const opts = { username: options.usernames?.[dir], env: options.env, rubric: options.rubric, set: options.set, excerpts: options.excerpts, schemaDirs: options.schemaDirs };
  if (options.deadline) return gradeAsOf(dir, options.deadline, (source) => gradeStatic(dir, { ...opts, source }).report);
  return gradeStatic(dir, opts).report;
}
