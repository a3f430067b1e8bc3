/** One submission of a batch: the library's gradeStatic(), with the batch's options; as of a deadline when one is given. */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { gradeStatic, notGraded } from '../grade.js';
import { oneLine } from '../parse/index.js';
import { UsageError } from '../util/errors.js';
import type { Report } from '../types.js';
import type { Discovered } from '../discover/index.js';
import { gradeAsOf } from './deadline.js';
import type { BatchOptions } from './index.js';

/** `source`: the folder's files when already read (./prefetch.ts); else they are read here. */
export function gradeOne(dir: string, options: BatchOptions, source?: Discovered): Report {
  const opts = { username: options.usernames?.[dir], env: options.env, rubric: options.rubric, set: options.set, excerpts: options.excerpts, schemaDirs: options.schemaDirs };
  const refused = refusedFolder(dir);
  if (refused) return notGraded(dir, refused, opts);
  try {
    if (options.deadline) return gradeAsOf(dir, options.deadline, (source) => gradeStatic(dir, { ...opts, source }).report);
    return gradeStatic(dir, source ? { ...opts, source } : opts).report;
  } catch (err) {
    // One submission never stops the class: whatever went wrong becomes its row.
    return notGraded(dir, whyNot(dir, err), opts);
  }
}

/** A folder name that is not UTF-8 cannot be opened from its \xNN form (submissionsIn lists it so): its row says so. */
function refusedFolder(dir: string): string | undefined {
  if (/\\x[0-9A-F]{2}/.test(basename(dir)) && !existsSync(dir)) return 'the folder name is not valid UTF-8 (shown with \\xNN escapes): rename it to grade it';
  return undefined;
}

/** Why a folder could not be graded, in one line. */
export function whyNot(dir: string, err: unknown): string {
  if (err instanceof UsageError) return err.message.startsWith(dir) ? err.message.slice(dir.length).replace(/^[:\s]+/, '') : err.message;
  const e = err as Error;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'grading it exceeded the stack (a bug in kubegrade: please report it)';
  return `grading it failed: ${oneLine(e?.message ?? String(err))} (a bug in kubegrade: please report it)`;
}
