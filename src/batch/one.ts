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
  const fallback = opts.username ? undefined : options.fallbackUsernames?.[dir];
  // The files' username; the fallback (the roster's) when they name none.
  const graded = (source?: Discovered): Report => {
    const r = gradeStatic(dir, source ? { ...opts, source } : opts).report;
    return fallback && r.usernameInfo.source === 'none' ? gradeStatic(dir, { ...opts, ...(source ? { source } : {}), username: fallback }).report : r;
  };
  try {
    if (options.deadline) return nothingHandedIn(gradeAsOf(dir, options.deadline, (s) => graded(s ?? undefined), (why) => notGraded(dir, why, opts)));
    return nothingHandedIn(graded(source));
  } catch (err) {
    // One submission never stops the class: whatever went wrong becomes its row.
    return notGraded(dir, whyNot(dir, err), opts);
  }
}

/**
 * A submission without a .yml or .yaml file (an empty folder, a README alone, a commit without
 * them) is "no submission", score 0, in every format: not the points its absent objects happen
 * to earn (2/47: nothing to contradict a label), and not below an unparsable one.
 */
export function nothingHandedIn(r: Report): Report {
  if (r.error !== undefined || r.files.length > 0 || r.noSubmission) return r.noSubmission && r.score !== 0 ? { ...r, score: 0 } : r;
  const reason = r.deadline?.commit ? `no .yml or .yaml file in commit ${r.deadline.commit.slice(0, 12)}` : r.deadline?.repository && !r.deadline.commit ? (r.deadline.note ?? 'nothing committed by the deadline') : `no .yml or .yaml file in ${r.dir}`;
  return { ...r, score: 0, noSubmission: { reason: `no submission: ${reason}` } };
}

/** A folder name that is not UTF-8 cannot be opened from its \xNN form (submissionsIn lists it so): its row says so. */
function refusedFolder(dir: string): string | undefined {
  if (/\\x[0-9A-F]{2}/.test(basename(dir)) && !existsSync(dir)) return 'the folder name is not valid UTF-8 (shown with \\xNN escapes): rename it to grade it';
  return undefined;
}

/** Why a folder could not be graded, in one line. */
export function whyNot(dir: string, err: unknown): string {
  if (err instanceof UsageError) return err.message.startsWith(dir) ? err.message.slice(dir.length).replace(/^[:\s/]+/, '') : err.message;
  const e = err as Error;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'grading it exceeded the stack (a bug in kubegrade: please report it)';
  return `grading it failed: ${oneLine(e?.message ?? String(err))} (a bug in kubegrade: please report it)`;
}
