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
  render(reports) {
    const ids = reports[0]?.checks.filter((c) => c.status !== 'skip').map((c) => c.id) ?? [];
    const rows = [['submission', 'username', 'score', 'maxScore', ...ids].map(cell).join(',')];
    for (const r of reports) {
      const pts = new Map(r.checks.map((c) => [c.id, c.points]));
      rows.push([r.dir, r.username, r.score, r.maxScore, ...ids.map((id) => pts.get(id) ?? '')].map(cell).join(','));
    }
    return rows.join('\n') + '\n';
  },
};
