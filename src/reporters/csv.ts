/**
 * A gradebook: one row per submission, one column per check (its points),
 * then the total. RFC 4180 quoting; columns in rubric order.
 */
import type { Reporter } from './types.js';

const cell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csv: Reporter = {
  name: 'csv',
  description: 'a gradebook: a row per submission, a column per check (points), then the total',
  fileName: 'gradebook.csv',
  create(out) {
    let ids: string[] | undefined;
    return {
      write(r) {
        if (!ids) {
          ids = r.checks.filter((c) => c.status !== 'skip').map((c) => c.id);
          out.write(['submission', 'username', 'score', 'maxScore', ...ids].map(cell).join(',') + '\n');
        }
        const pts = new Map(r.checks.map((c) => [c.id, c.points]));
        out.write([r.dir, r.username, r.score, r.maxScore, ...ids.map((id) => pts.get(id) ?? '')].map(cell).join(',') + '\n');
      },
      flush() {
        if (!ids) out.write(['submission', 'username', 'score', 'maxScore'].join(',') + '\n');
      },
    };
  },
};
