/**
 * The instructor's analysis sheet: one row per student, one column per check
 * with the points it gave, and under the header a `max` row with each
 * column's maximum. A 0-point check (`schema.other`) is not scored, so its
 * cells say `ok` or `finding` rather than a 0 that would read as a failure.
 * The `note` column says why a row is not a graded submission. RFC 4180,
 * columns in rubric order, cells escaped against spreadsheet formulas.
 */
import type { CheckResult, Report } from '../types.js';
import { csvCell } from '../util/escape.js';
import { rowName } from './names.js';
import { absent, lateLine } from './common.js';
import type { Reporter } from './types.js';

const FIXED = ['submission', 'student', 'username', 'score', 'maxScore', 'note'];

export const csv: Reporter = {
  name: 'csv',
  description: 'an analysis sheet: a row per student, a column per check (points), a "max" row under the header',
  fileName: 'gradebook.csv',
  create(out) {
    let columns: Pick<CheckResult, 'id' | 'maxPoints'>[] | undefined;
    const line = (cells: unknown[]) => out.write(cells.map(csvCell).join(',') + '\n');
    const header = (r: Report) => {
      columns = r.checks.filter((c) => c.status !== 'skip').map((c) => ({ id: c.id, maxPoints: c.maxPoints }));
      line([...FIXED, ...columns.map((c) => c.id)]);
      line(['max', '', '', r.maxScore, r.maxScore, '', ...columns.map((c) => (c.maxPoints > 0 ? c.maxPoints : 'not scored'))]);
    };
    return {
      write(r) {
        if (!columns) header(r);
        const byId = new Map(r.checks.map((c) => [c.id, c]));
        const none = absent(r);
        const note = none ?? (r.error !== undefined ? `not graded: ${r.error}` : [lateLine(r), r.usernameInfo.note].filter(Boolean).join('; '));
        line([
          rowName(r),
          r.student?.name ?? r.student?.identifier ?? '',
          r.username,
          r.error !== undefined ? '' : r.score,
          r.maxScore,
          note,
          ...columns!.map(({ id, maxPoints }) => {
            const c = byId.get(id);
            if (!c || c.status === 'skip' || none !== undefined) return none !== undefined && maxPoints > 0 ? 0 : '';
            if (maxPoints === 0) return c.status === 'pass' ? 'ok' : 'finding';
            return c.points;
          }),
        ]);
      },
      flush() {
        if (!columns) line(FIXED);
      },
    };
  },
};
