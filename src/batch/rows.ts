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

export async function* gradeRows(rows: readonly Row[], options: BatchOptions = {}): AsyncGenerator<Report> {
  const dirs: string[] = [];
  const usernames: Record<string, string> = { ...options.usernames };
  for (const r of rows) {
    if (!r.dir) continue;
    dirs.push(r.dir);
    if (r.username) usernames[r.dir] = r.username;
  }
  const graded = gradeEach(dirs, { ...options, usernames })[Symbol.asyncIterator]();
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
  const who = row.student?.name ?? row.username ?? row.student?.githubUsername ?? '';
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
  };
}
