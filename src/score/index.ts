/**
 * Stage: score. Sums the points of the checks that ran; a `skip` (a live
 * check in a static run) counts toward neither score nor maxScore.
 */
import type { Report } from '../types.js';

export function score(report: Report): Report {
  let total = 0;
  let max = 0;
  for (const c of report.checks) {
    if (c.status === 'skip') continue;
    total += c.points;
    max += c.maxPoints;
  }
  return { ...report, score: round(total), maxScore: round(max) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Exit code for a report: 0 full marks, 1 points lost. */
export function exitCodeFor(reports: readonly Report[]): 0 | 1 {
  return reports.every((r) => r.score >= r.maxScore) ? 0 : 1;
}
