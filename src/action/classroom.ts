/**
 * The GitHub Classroom autograding result: the JSON that classroom-resources'
 * grader actions emit as their `result` output (base64), so that
 * classroom-resources/autograding-grading-reporter can take kubegrade's next
 * to its other graders (`runners: kubegrade`, env `KUBEGRADE_RESULTS`).
 *
 * The shape, from their code (autograding-command-grader and
 * autograding-io-grader src/main.js): `{version: 1, status, max_score,
 * tests: [{name, status, score, message, test_code, filename, line_no,
 * duration}]}`. The reporter reads it two ways (src/notify-classroom.js and
 * src/helpers/test-helpers.js): the points it sends to Classroom are the sum
 * of the tests' `score`s, and the score in its console table is
 * (tests passed / tests) × max_score. So that both are kubegrade's score, each
 * check becomes as many tests as it has points' units (a 2-point check is two
 * tests of one point, both passed or both failed); when the rubric's points
 * have no common unit that keeps the list short, one test per check (the sum
 * stays exact; only the console table's ratio is then approximate).
 */
import { submissionPrefix } from '../reporters/common.js';
import type { CheckResult, Report } from '../types.js';
import { shorten } from '../util/escape.js';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  duration: number;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

/** Tests at most: the result travels in an environment variable (Linux caps one at 128 KiB). */
const MAX_TESTS = 200;

export function classroomResult(r: Report): ClassroomResult {
  const graded = r.checks.filter((c) => c.status !== 'skip' && c.maxPoints > 0);
  const unit = pointUnit(graded.map((c) => c.maxPoints));
  const units = unit ? graded.reduce((n, c) => n + Math.round(c.maxPoints / unit), 0) : Infinity;
  const split = units <= MAX_TESTS;
  const tests: ClassroomTest[] = [];
  // File names as the repository has them (the report's are relative to the submission folder).
  const prefix = submissionPrefix(r.dir);
  for (const c of graded) {
    const n = split ? Math.round(c.maxPoints / unit!) : 1;
    const each = split ? unit! : c.maxPoints;
    for (let i = 1; i <= n; i++) tests.push(test(c, n > 1 ? `${c.id} (${i}/${n})` : c.id, c.status === 'pass' ? each : 0, prefix));
  }
  const status = graded.some((c) => c.status === 'fail') ? 'fail' : graded.some((c) => c.status === 'error') ? 'error' : 'pass';
  return { version: 1, status, max_score: r.maxScore, tests };
}

export const encodeClassroomResult = (r: ClassroomResult) => Buffer.from(JSON.stringify(r)).toString('base64');

function test(c: CheckResult, name: string, score: number, prefix: string): ClassroomTest {
  const status = c.status === 'pass' ? 'pass' : c.status === 'error' ? 'error' : 'fail';
  const more = c.findings && c.findings.length > 1 ? ` (${c.findings.length} findings)` : '';
  return {
    name,
    status,
    score: round(score),
    message: shorten(`${c.title}: ${c.message}${more}${c.hint && status !== 'pass' ? ` — fix: ${c.hint}` : ''}`, 300),
    test_code: `kubegrade explain ${c.id}`,
    filename: c.location ? prefix + c.location.file : '',
    line_no: c.location?.line ?? 0,
    duration: c.durationMs ?? 0,
  };
}

/** The largest unit every value is a whole multiple of (in hundredths, as scores are rounded), or undefined. */
function pointUnit(points: number[]): number | undefined {
  const cents = points.map((p) => Math.round(p * 100));
  if (cents.some((c, i) => Math.abs(c / 100 - points[i]!) > 1e-9)) return undefined;
  let g = 0;
  for (const c of cents) g = gcd(g, c);
  return g > 0 ? g / 100 : undefined;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const round = (n: number) => Math.round(n * 100) / 100;
