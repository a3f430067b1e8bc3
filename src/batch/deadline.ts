/**
 * Grading as of a deadline (batch --deadline): for a submission that is a git
 * repository, the files of the last commit at or before the deadline, read
 * from git's objects (src/discover/git.ts) and graded through the same
 * gradeStatic() as a folder, given as its `source`.
 *
 * Which time: the committer time, the time a commit was made into the
 * history the student handed in (an amend or a rebase renews it; the author
 * time keeps the first writing, days earlier). Both are set by the student's
 * clock, so both can be forged (GIT_COMMITTER_DATE); GitHub Classroom's own
 * deadline uses the push time, which git does not record at all (only
 * GitHub's API does), so a commit made before the deadline and pushed after
 * it counts as on time here.
 *
 * Which history: HEAD's first-parent chain (the branch as the student moved
 * it; the commits of a merged side branch are not candidates of their own).
 */
import { existsSync } from 'node:fs';
import { isoInZone } from '../util/zone.js';
import { dirname, join, resolve } from 'node:path';
import type { Discovered } from '../discover/index.js';
import { openRepository, type Commit } from '../discover/git.js';
import { applyPenalty, formatDuration, latePercent, type LatePolicy } from '../score/late.js';
import type { DeadlineInfo, Report } from '../types.js';
import { UsageError } from '../util/errors.js';
import { shorten } from '../util/escape.js';

export interface DeadlineOptions {
  /** The deadline, milliseconds since the epoch. */
  at: number;
  /** The zone it was given in, as an offset from UTC in minutes (-300 for -05:00); reports show its times there. Default 0. */
  offsetMinutes?: number;
  latePolicy?: LatePolicy;
}

/** The most late commits listed in a report (all are counted). */
export const MAX_LATE_LISTED = 50;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** `--deadline`: an ISO 8601 time with its time zone (a deadline without one means a different instant on every machine). */
export function parseDeadline(text: string): number {
  const t = text.trim();
  if (!ISO_WITH_ZONE.test(t)) {
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(t) ? ` (a date alone: write ${t}T23:59:59 with a zone)` : '';
    throw new UsageError(`--deadline "${text}": expected an ISO 8601 time with its time zone, e.g. 2026-10-15T23:59:00-05:00 or 2026-10-16T04:59:00Z${hint}`);
  }
  const nonexistent = notACalendarTime(t);
  if (nonexistent) throw new UsageError(`--deadline "${text}": ${nonexistent}`);
  const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00'));
  if (Number.isNaN(ms)) throw new UsageError(`--deadline "${text}": not a valid time`);
  return ms;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why a time of the ISO_WITH_ZONE shape names no instant of the calendar, or undefined when it does. Date.parse
 * rolls a day past the month's end over (2026-09-31 is read as October 1, 2026-02-30 as March 2): each field is
 * checked to come back as written from a UTC date built of them all.
 */
function notACalendarTime(t: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/i.exec(t)!;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12) return `month ${m[2]} does not exist (01 to 12)`;
  if (h > 23 || mi > 59 || s > 59) return `${m[4]}:${m[5]}${m[6] === undefined ? '' : `:${m[6]}`} is not a time of day (00:00:00 to 23:59:59)`;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC takes a year below 100 for 19xx
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0);
  // Every field back as written (the time's were checked above): a day past the month's end, or day 00, comes back as another.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return `${m[1]}-${m[2]}-${m[3]} is not a date (${MONTHS[mo - 1]} ${y} has ${days} days)`;
  const zone = /([+-])(\d{2}):?(\d{2})?$/.exec(t);
  if (zone && !/z$/i.test(t) && (Number(zone[2]) > 23 || Number(zone[3] ?? 0) > 59)) return `${zone[0]} is not a time zone offset (-23:59 to +23:59)`;
  return undefined;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The repository a folder sits in, when it is not one itself: the nearest parent with a .git. */
function enclosingRepository(dir: string): string | undefined {
  for (let p = dirname(resolve(dir)); p !== dirname(p); p = dirname(p)) if (existsSync(join(p, '.git'))) return p;
  return undefined;
}
const EMPTY: Discovered = { files: [], names: [], findings: [], skipped: [] };

/**
 * The report of `dir` as of the deadline. `gradeSource` is the one grading
 * pipeline (gradeStatic with the batch's options); it is given the files of a
 * commit, or nothing (grade the folder as it is).
 */
export function gradeAsOf(dir: string, d: DeadlineOptions, gradeSource: (source?: Discovered) => Report, refuse: (why: string) => Report): Report {
  const at = new Date(d.at).toISOString().replace('.000Z', 'Z');
  const zone = d.offsetMinutes ? { zone: isoInZone(d.at, d.offsetMinutes).slice(-6) } : {};
  const repo = openRepository(dir);
  if (!('history' in repo)) {
    // What is on disk now is not what was handed in by the deadline: no grade, rather than a wrong one.
    const outer = enclosingRepository(dir);
    const why = outer
      ? `--deadline: ${dir} is a folder inside the repository ${outer}, not a repository of its own; one repository holding every student's folder has no commit per student to pick, so this row is not graded (grade each student's own clone, or run without --deadline)`
      : `--deadline: ${repo.reason}, so what was handed in by the deadline cannot be told; this row is not graded (grade its clone, or run without --deadline)`;
    return { ...refuse(why), deadline: { at, ...zone, repository: false, lateCommits: [], lateCommitCount: 0, note: why } };
  }
  const { history } = repo;
  const lateBy = (c: Commit) => c.time - d.at / 1000;
  const i = history.commits.findIndex((c) => lateBy(c) <= 0);
  const late = i < 0 ? history.commits : history.commits.slice(0, i);
  const base: DeadlineInfo = {
    at,
    ...zone,
    repository: true,
    lateCommits: late.slice(0, MAX_LATE_LISTED).map((c) => ({ commit: c.sha, time: iso(c.time), lateBy: lateBy(c), subject: shorten(c.subject, 200) })),
    lateCommitCount: late.length,
  };
  if (history.shallow) base.shallow = true;
  const graded = (c: Commit, extra: Partial<DeadlineInfo> = {}): Report => {
    const r = gradeSource(repo.files(c.sha));
    return { ...r, deadline: { ...base, commit: c.sha, time: iso(c.time), lateBy: Math.max(0, lateBy(c)), ...extra } };
  };
  const head = history.commits[0];
  const onTime = i >= 0 ? history.commits[i] : undefined;
  const policy = d.latePolicy;

  if (!head) {
    const r = { ...gradeSource(EMPTY), deadline: { ...base, note: 'the repository has no commit: nothing was handed in' } };
    return applyPenalty(r, 100, 'no commit in the repository', policy?.text);
  }
  if (!onTime) {
    const lost = history.shallow && !history.commits[history.commits.length - 1]!.hasParent;
    const why = lost
      ? `the clone is shallow (git clone --depth) and its oldest commit, ${history.commits[history.commits.length - 1]!.sha.slice(0, 12)}, is after the deadline: the deadline commit may exist but is not in this clone (git -C ${dir} fetch --unshallow, then grade again)`
      : history.truncated
        ? `none of the newest ${history.commits.length} commits is at or before the deadline (older ones were not read)`
        : `every commit is after the deadline (the first, ${history.commits[history.commits.length - 1]!.sha.slice(0, 12)}, by ${formatDuration(lateBy(history.commits[history.commits.length - 1]!))})`;
    if (lost) {
      const refusal = `--deadline: ${why}; this row is not graded`;
      return { ...refuse(refusal), deadline: { ...base, note: refusal } };
    }
    if (!policy) {
      const r = { ...gradeSource(EMPTY), deadline: { ...base, note: `${why}; nothing on time to grade (a --late-policy grades the latest commit with its penalty)` } };
      return applyPenalty(r, 100, 'nothing committed by the deadline');
    }
    const { percent, reason } = latePercent(policy, lateBy(head));
    return applyPenalty(graded(head, { note: `${why}; graded the latest commit with the late policy` }), percent, reason, policy.text);
  }
  if (!policy || head === onTime) {
    const r = graded(onTime);
    return policy ? applyPenalty(r, 0, 'on time', policy.text) : r;
  }
  // A late policy and late commits: the latest, penalised, when it beats the one at the deadline.
  const { percent, reason } = latePercent(policy, lateBy(head));
  const latest = applyPenalty(graded(head), percent, reason, policy.text);
  const atDeadline = applyPenalty(graded(onTime), 0, 'on time', policy.text);
  if (latest.score > atDeadline.score) {
    return { ...latest, deadline: { ...latest.deadline!, note: `graded the latest commit: ${latest.score} after its penalty beats ${atDeadline.score} for the commit at the deadline` } };
  }
  return {
    ...atDeadline,
    deadline: { ...atDeadline.deadline!, note: `graded the commit at the deadline: the latest commit scores ${latest.score} after its penalty (${latest.deadline!.penalty!.scoreBefore} before)` },
  };
}
