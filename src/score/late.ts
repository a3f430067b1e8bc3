/**
 * Stage: score, for work handed in late. The instructor's policy is a few
 * comma-separated terms:
 *
 *   `10%/day`     10% of the maximum score per started day late (also /hour, /h, /d, /week, /w)
 *   `0 after 3d`  nothing after 3 days (also h, m, w)
 *   `max 30%`     never more than 30% off
 *   e.g. `10%/day, 0 after 3d` or `5%/h, max 50%`
 *
 * As Canvas's late policy, a percentage is of the points possible (the
 * maxScore), and a score never goes below 0
 * (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-add-a-late-policy-in-the-Gradebook/ta-p/1060).
 * The penalty is a verdict, so it is computed here and nowhere else; the
 * reporters only show `deadline.penalty`.
 */
import type { LatePenalty, Report } from '../types.js';
import { UsageError } from '../util/errors.js';

export interface LatePolicy {
  /** The policy as written, for the report. */
  text: string;
  /** Percent of maxScore per started unit late. */
  rate?: { percent: number; seconds: number; unit: string };
  /** Late by more than this many seconds: the score is 0. */
  zeroAfter?: number;
  /** The most percent taken off by `rate`. */
  maxPercent?: number;
}

const UNITS: Record<string, { seconds: number; name: string }> = {
  m: { seconds: 60, name: 'minute' },
  min: { seconds: 60, name: 'minute' },
  minute: { seconds: 60, name: 'minute' },
  h: { seconds: 3600, name: 'hour' },
  hour: { seconds: 3600, name: 'hour' },
  d: { seconds: 86400, name: 'day' },
  day: { seconds: 86400, name: 'day' },
  w: { seconds: 7 * 86400, name: 'week' },
  week: { seconds: 7 * 86400, name: 'week' },
};

const unit = (u: string) => UNITS[u.toLowerCase().replace(/s$/, '')] ?? UNITS[u.toLowerCase()];

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;

/** Parses `--late-policy`; a usage error names the term it cannot read and what it takes. */
export function parseLatePolicy(text: string): LatePolicy {
  const policy: LatePolicy = { text: text.trim() };
  const terms = text.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
  const usage = (t: string, why: string) =>
    new UsageError(`--late-policy "${text}": ${why} in "${t}"; write terms like 10%/day, 0 after 3d, max 50% (comma-separated)`);
  if (terms.length === 0) throw usage(text, 'no term');
  for (const t of terms) {
    let m = new RegExp(`^${NUMBER}\\s*%\\s*(?:/|per\\s+)\\s*([a-z]+)$`, 'i').exec(t);
    if (m) {
      const u = unit(m[2]!);
      if (!u) throw usage(t, `unknown unit "${m[2]}"`);
      if (policy.rate) throw usage(t, 'a second rate');
      const percent = Number(m[1]);
      if (percent > 100) throw usage(t, 'more than 100%');
      policy.rate = { percent, seconds: u.seconds, unit: u.name };
      continue;
    }
    m = new RegExp(`^0\\s*(?:%\\s*)?after\\s+${NUMBER}\\s*([a-z]+)$`, 'i').exec(t);
    if (m) {
      const u = unit(m[2]!);
      if (!u) throw usage(t, `unknown unit "${m[2]}"`);
      policy.zeroAfter = Math.min(policy.zeroAfter ?? Infinity, Number(m[1]) * u.seconds);
      continue;
    }
    m = new RegExp(`^max(?:imum)?\\s+${NUMBER}\\s*%$`, 'i').exec(t);
    if (m) {
      if (Number(m[1]) > 100) throw usage(t, 'more than 100%');
      policy.maxPercent = Number(m[1]);
      continue;
    }
    throw usage(t, 'cannot read the term');
  }
  return policy;
}

/** The percent of maxScore a policy takes off work late by `lateBy` seconds, and why, in words. */
export function latePercent(policy: LatePolicy, lateBy: number): { percent: number; reason: string } {
  if (lateBy <= 0) return { percent: 0, reason: 'on time' };
  const late = formatDuration(lateBy);
  if (policy.zeroAfter !== undefined && lateBy > policy.zeroAfter) return { percent: 100, reason: `${late} late: more than ${formatDuration(policy.zeroAfter)}, so 0` };
  if (!policy.rate) return { percent: 0, reason: `${late} late: within ${formatDuration(policy.zeroAfter!)}, no penalty` };
  const units = Math.ceil(lateBy / policy.rate.seconds);
  let percent = units * policy.rate.percent;
  let capped = '';
  if (policy.maxPercent !== undefined && percent > policy.maxPercent) {
    percent = policy.maxPercent;
    capped = ` (at most ${policy.maxPercent}%)`;
  }
  percent = Math.min(100, round(percent));
  return { percent, reason: `${late} late: ${units} started ${policy.rate.unit}${units === 1 ? '' : 's'} × ${policy.rate.percent}% = ${percent}% of the points${capped}` };
}

/**
 * The report with `percent` of its maxScore taken off (never below 0), and
 * `deadline.penalty` saying how much and why. A report without a deadline
 * field gets one only for the penalty.
 */
export function applyPenalty(report: Report, percent: number, reason: string, policy?: string): Report {
  const points = Math.min(report.score, round((report.maxScore * percent) / 100));
  const penalty: LatePenalty = { percent, points, scoreBefore: report.score, reason };
  if (policy !== undefined) penalty.policy = policy;
  return { ...report, score: round(report.score - points), deadline: { ...report.deadline!, penalty } };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** `3d 4h`, `2h 5m`, `1d 1s`, `40s`: how late, in its two largest non-zero units. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length ? shown.map(([n, u]) => `${n}${u}`).join(' ') : '0s';
}
