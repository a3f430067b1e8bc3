/**
 * The class summary of a batch: how many students, the spread of the scores,
 * the checks failed most, and a rubric warning when most of the class fails
 * one check (the rubric, not the class, is then likely wrong: the homework
 * says `rdb`, the cluster calls it `rbd`).
 *
 * Computed from counters, report by report, never from held reports: the
 * scores (one number each, for the median) and per check a count of failures
 * and of the values students wrote (`actual`, filled by the check templates),
 * capped in distinct values. The CLI's stderr, the JSON and the HTML report
 * all print this one summary.
 */
import type { Actual, Report } from '../types.js';
import { forTerminalLine, shorten } from '../util/escape.js';

/** A rubric warning when at least this share of the graded class fails one check. */
export const WARN_SHARE = 0.8;
/** ... and at least this many students were graded (two students failing one check say little). */
export const WARN_MIN_STUDENTS = 5;
/** Distinct values counted per check; the rest are counted as "other". */
const MAX_VALUES = 200;
/** Values listed per check in the summary. */
const SHOWN_VALUES = 5;
/** Checks listed as the most failed. */
const SHOWN_CHECKS = 10;

export interface ValueCount {
  /** What the students wrote, as text (`(not set)` for an absent field). */
  value: string;
  count: number;
}

export interface CheckStat {
  id: string;
  title: string;
  maxPoints: number;
  /** Graded submissions that failed it (status fail or error). */
  failed: number;
  /** failed / graded submissions, 0..1. */
  rate: number;
  /** The rubric parameter the check compares with, when its findings say what students wrote. */
  param?: string;
  /** What students wrote, most common first (at most 5), and how many other values there were. */
  values?: ValueCount[];
  otherValues?: number;
}

export interface RubricWarning {
  check: string;
  failed: number;
  of: number;
  param?: string;
  values?: ValueCount[];
  /** The override that would accept the most common value, e.g. `--set storageClassName=rbd`. */
  set?: string;
  /** One line: `49 of 49 (100%) fail redis-pvc.storage-class: storageClassName: rbd 24, nfs 14 → --set storageClassName=rbd`. */
  message: string;
}

export interface ClassSummary {
  /** Rows in the gradebook: graded, not graded, and roster students without a submission. */
  students: number;
  /** Submissions graded (the statistics below are over these). */
  graded: number;
  /** Submissions that could not be graded (exit code 1). */
  notGraded: number;
  /** Roster students without a submission folder (0 in the gradebook, not in the statistics). */
  missing: number;
  /** The rubric's total (the largest maxScore seen). */
  maxScore: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  fullMarks: number;
  /** Checks that cost points, most failed first (at most 10; 0-point checks are not listed). */
  mostFailed: CheckStat[];
  warnings: RubricWarning[];
}

interface Counter {
  id: string;
  title: string;
  maxPoints: number;
  failed: number;
  param?: string;
  values: Map<string, number>;
  other: number;
}

export class SummaryCounter {
  private scores: number[] = [];
  private notGraded = 0;
  private missing = 0;
  private maxScore = 0;
  private fullMarks = 0;
  private checks = new Map<string, Counter>();

  add(r: Report): void {
    if (r.missing !== undefined || r.noSubmission !== undefined) {
      this.missing++;
      return;
    }
    if (r.error !== undefined) {
      this.notGraded++;
      return;
    }
    this.scores.push(r.score);
    this.maxScore = Math.max(this.maxScore, r.maxScore);
    if (r.score >= r.maxScore) this.fullMarks++;
    for (const c of r.checks) {
      if (c.status === 'skip') continue;
      let k = this.checks.get(c.id);
      if (!k) this.checks.set(c.id, (k = { id: c.id, title: c.title, maxPoints: c.maxPoints, failed: 0, values: new Map(), other: 0 }));
      if (c.status !== 'fail' && c.status !== 'error') continue;
      k.failed++;
      const a = c.actual ?? c.findings?.find((f) => f.actual)?.actual;
      if (a) this.count(k, a);
    }
  }

  private count(k: Counter, a: Actual): void {
    k.param ??= a.param;
    const v = valueText(a.value);
    const n = k.values.get(v);
    if (n !== undefined) k.values.set(v, n + 1);
    else if (k.values.size < MAX_VALUES) k.values.set(v, 1);
    else k.other++;
  }

  result(): ClassSummary {
    const graded = this.scores.length;
    const sorted = Float64Array.from(this.scores).sort();
    const round = (n: number) => Math.round(n * 100) / 100;
    const median = graded === 0 ? null : graded % 2 ? sorted[(graded - 1) / 2]! : round((sorted[graded / 2 - 1]! + sorted[graded / 2]!) / 2);
    const stats = [...this.checks.values()].map((k) => toStat(k, graded));
    const mostFailed = stats
      .filter((s) => s.failed > 0 && s.maxPoints > 0)
      .sort((a, b) => b.failed - a.failed || (a.id < b.id ? -1 : 1))
      .slice(0, SHOWN_CHECKS);
    const warnings = graded >= WARN_MIN_STUDENTS ? stats.filter((s) => s.maxPoints > 0 && s.failed / graded >= WARN_SHARE).sort((a, b) => b.failed - a.failed || (a.id < b.id ? -1 : 1)).map((s) => warning(s, graded)) : [];
    return {
      students: graded + this.notGraded + this.missing,
      graded,
      notGraded: this.notGraded,
      missing: this.missing,
      maxScore: this.maxScore,
      mean: graded ? round(this.scores.reduce((a, b) => a + b, 0) / graded) : null,
      median,
      min: graded ? sorted[0]! : null,
      max: graded ? sorted[graded - 1]! : null,
      fullMarks: this.fullMarks,
      mostFailed,
      warnings,
    };
  }
}

/** The text of a value as students wrote it, and as `--set` takes it. */
function valueText(v: Actual['value']): string {
  if (v === null) return '(not set)';
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}

function toStat(k: Counter, graded: number): CheckStat {
  const s: CheckStat = { id: k.id, title: k.title, maxPoints: k.maxPoints, failed: k.failed, rate: graded ? Math.round((k.failed / graded) * 1000) / 1000 : 0 };
  if (k.param) {
    s.param = k.param;
    s.values = [...k.values].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    const hidden = s.values.slice(SHOWN_VALUES).reduce((n, v) => n + v.count, 0) + k.other;
    s.values = s.values.slice(0, SHOWN_VALUES);
    if (hidden) s.otherValues = hidden;
  }
  return s;
}

const pct = (n: number, of: number) => `${Math.round((n / of) * 100)}%`;

function warning(s: CheckStat, graded: number): RubricWarning {
  const w: RubricWarning = { check: s.id, failed: s.failed, of: graded, message: '' };
  let tail = 'check the rubric (its parameters, or the check\'s points) before publishing these grades';
  if (s.param && s.values?.length) {
    w.param = s.param;
    w.values = s.values;
    const top = s.values.find((v) => v.value !== '(not set)');
    const list = s.values.map((v) => `${shorten(v.value, 40)} ${v.count}`).join(', ') + (s.otherValues ? `, other ${s.otherValues}` : '');
    if (top) w.set = `--set ${s.param}=${setValue(top.value)}`;
    tail = `${s.param}: ${list}${w.set ? ` → ${w.set}` : ''}`;
  }
  w.message = `${s.failed} of ${graded} (${pct(s.failed, graded)}) fail ${s.id}: ${tail}`;
  return w;
}

/** A value as a shell word for `--set k=v`: quoted when it holds anything a shell would act on. */
function setValue(v: string): string {
  return /^[\w.:/@%+=,[\]-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** The summary as lines for stderr (student values escaped for a terminal). */
export function formatSummary(s: ClassSummary): string {
  const lines: string[] = [];
  const parts = [`${s.graded} graded`];
  if (s.missing) parts.push(`${s.missing} without a submission (0 in the gradebook, not in these figures)`);
  if (s.notGraded) parts.push(`${s.notGraded} could not be graded`);
  lines.push(`class: ${s.students} student${s.students === 1 ? '' : 's'} · ${parts.join(' · ')}`);
  if (s.graded) lines.push(`scores (of ${s.maxScore}): mean ${s.mean}, median ${s.median}, min ${s.min}, max ${s.max} · ${s.fullMarks} full marks`);
  if (s.mostFailed.length) lines.push(`most failed: ${s.mostFailed.slice(0, 5).map((c) => `${c.id} ${c.failed} (${pct(c.failed, s.graded)})`).join(', ')}`);
  for (const w of s.warnings) lines.push(`rubric warning: ${w.message}`);
  return lines.map((l) => `kubegrade: ${forTerminalLine(l)}\n`).join('');
}
