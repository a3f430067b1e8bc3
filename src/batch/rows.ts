/**
 * A batch as a stream of gradebook rows: the graded submissions from
 * gradeEach (in order, as they are ready), each with its roster student, and
 * between them a report for each roster student without a submission (score 0,
 * `missing` says why). Nothing is held: memory does not grow with the class.
 */
import { loadRubric, render } from '../rubric/index.js';
import type { CheckResult, Report } from '../types.js';
import { gradeEach, type BatchOptions } from './index.js';
import type { Row } from './roster.js';

export async function* gradeRows(rows: readonly Row[], options: BatchOptions & { usernameFrom?: 'files' | 'roster' } = {}): AsyncGenerator<Report> {
  const dirs: string[] = [];
  // The roster's username: what the grade uses with usernameFrom 'roster'; by default only when the files name none
  // (a roster's username column may hold GitHub logins, and grading with one would fail every name check).
  const fromRoster: Record<string, string> = {};
  for (const r of rows) {
    if (!r.dir) continue;
    dirs.push(r.dir);
    if (r.username) fromRoster[r.dir] = r.username;
  }
  const { usernameFrom, ...rest } = options;
  const names = usernameFrom === 'roster' ? { usernames: { ...options.usernames, ...fromRoster } } : { fallbackUsernames: { ...options.fallbackUsernames, ...fromRoster } };
  const graded = gradeEach(dirs, { ...rest, ...names })[Symbol.asyncIterator]();
  try {
    for (const row of rows) {
      if (!row.dir) {
        yield missingReport(row, options);
        continue;
      }
      const next = await graded.next();
      if (next.done) throw new Error(`batch: no report for ${row.dir}`);
      const r = next.value;
      if (row.student) r.student = row.student;
      yield r;
    }
  } finally {
    await graded.return?.(undefined);
  }
}

/** The row of a roster student without a submission: every static check failed with the reason, score 0. */
export function missingReport(row: Row, options: Pick<BatchOptions, 'rubric' | 'set' | 'env'>): Report {
  const rubric = loadRubric(options.rubric, { set: options.set });
  const reason = row.missing ?? 'no submission';
  const env = options.env ?? rubric.params.env;
  const params = { ...rubric.params, env, username: row.username ?? '' };
  const checks: CheckResult[] = rubric.checks.map((c) =>
    c.type === 'live'
      ? { id: c.id, title: render(c.meta.title, params), status: 'skip', points: 0, maxPoints: c.points, message: 'live check: run with --live against a cluster' }
      : { id: c.id, title: render(c.meta.title, params), status: 'fail', points: 0, maxPoints: c.points, message: reason },
  );
  const maxScore = checks.reduce((n, c) => (c.status === 'skip' ? n : n + c.maxPoints), 0);
  const who = row.student?.name ?? row.username ?? row.student?.githubUsername ?? row.student?.identifier ?? '';
  return {
    username: row.username ?? row.student?.githubUsername ?? '',
    env,
    score: 0,
    maxScore,
    checks,
    dir: '',
    rubric: { name: rubric.name, title: rubric.title },
    usernameInfo: { value: row.username ?? '', source: row.username ? 'option' : 'none', ...(row.username ? {} : { note: `${who || 'this student'} has no submission` }) },
    roles: [],
    files: [],
    ignored: [],
    ...(row.student ? { student: row.student } : {}),
    missing: reason,
    noSubmission: { reason },
  };
}
