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
 *
 * The reporter reads the result from an environment variable
 * (`KUBEGRADE_RESULTS: ${{ steps.kubegrade.outputs.result }}`), so the
 * binding limit is not the output's (1 MB) but the environment's: on Linux
 * one variable, name included, is at most 128 KiB (MAX_ARG_STRLEN), on
 * Windows 32,767 characters. The encoded result is kept under
 * MAX_RESULT_CHARS by shortening messages, then by fewer tests (the points
 * they add up to unchanged), never by cutting the JSON.
 *
 * When there is no grade (an input error: a wrong path, a rubric that does
 * not load), the result is still written: status `error`, one test of 0
 * points whose message is the reason, and the rubric's max_score when it is
 * known, so that Classroom records 0 with the reason rather than nothing.
 */
import { submissionPrefix } from '../reporters/common.js';
import { countFindings, type CheckResult, type Report } from '../types.js';
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

/** Tests at most when a check is split into its points' units. */
const MAX_TESTS = 200;
/**
 * The encoded result's length at most: under Windows' 32,767 characters for
 * one environment variable (Linux's 128 KiB is looser), with room for the name.
 */
export const MAX_RESULT_CHARS = 32_000;

/** Ever shorter forms of the same points: message length, tests split into units or not, passed checks merged. */
const FORMS = [
  { message: 300, split: true, mergePassed: false },
  { message: 120, split: true, mergePassed: false },
  { message: 120, split: false, mergePassed: false },
  { message: 60, split: false, mergePassed: true },
  { message: 0, split: false, mergePassed: true },
] as const;

/** The result of a report, encoded (base64 JSON) within MAX_RESULT_CHARS. */
export function encodedClassroomResult(r: Report, maxChars = MAX_RESULT_CHARS): string {
  let encoded = '';
  for (const form of FORMS) {
    encoded = encodeClassroomResult(classroomResult(r, form));
    if (encoded.length <= maxChars) return encoded;
  }
  // Checks too many for one test each: the points in two tests, what was lost and what was earned.
  return encodeClassroomResult(summaryResult(r));
}

export function classroomResult(r: Report, form: (typeof FORMS)[number] = FORMS[0]): ClassroomResult {
  if (r.error !== undefined) return errorResult(`not graded: ${r.error}`, r.maxScore);
  const graded = r.checks.filter((c) => c.status !== 'skip' && c.maxPoints > 0);
  const unit = pointUnit(graded.map((c) => c.maxPoints));
  const units = unit ? graded.reduce((n, c) => n + Math.round(c.maxPoints / unit), 0) : Infinity;
  const split = form.split && units <= MAX_TESTS;
  const tests: ClassroomTest[] = [];
  // File names as the repository has them (the report's are relative to the submission folder).
  const prefix = submissionPrefix(r.dir);
  const passed = form.mergePassed ? graded.filter((c) => c.status === 'pass') : [];
  for (const c of graded) {
    if (passed.includes(c)) continue;
    const n = split ? Math.round(c.maxPoints / unit!) : 1;
    const each = split ? unit! : c.maxPoints;
    for (let i = 1; i <= n; i++) tests.push(test(c, n > 1 ? `${c.id} (${i}/${n})` : c.id, c.status === 'pass' ? each : 0, prefix, form.message));
  }
  if (passed.length) tests.push(bare(`${passed.length} check${passed.length === 1 ? '' : 's'} passed`, 'pass', passed.reduce((s, c) => s + c.maxPoints, 0), ''));
  return { version: 1, status: statusOf(graded), max_score: r.maxScore, tests };
}

/**
 * The result when there is no grade: status error, one test of 0 points
 * saying why, and the points possible when known (else 0: Classroom then
 * records nothing, as for a step that did not run).
 */
export function errorResult(reason: string, maxScore = 0): ClassroomResult {
  return { version: 1, status: 'error', max_score: maxScore, tests: [bare('kubegrade', 'error', 0, shorten(reason, 1000))] };
}

function summaryResult(r: Report): ClassroomResult {
  const graded = r.checks.filter((c) => c.status !== 'skip' && c.maxPoints > 0);
  const failed = graded.filter((c) => c.status !== 'pass');
  const lostPoints = failed.reduce((s, c) => s + c.maxPoints, 0);
  const tests = [bare(`${graded.length - failed.length} checks passed`, 'pass', r.score, '')];
  if (failed.length) tests.push(bare(`${failed.length} checks lost points`, statusOf(failed), 0, `${round(lostPoints)} points lost: the job summary lists the findings`));
  return { version: 1, status: statusOf(graded), max_score: r.maxScore, tests };
}

const statusOf = (checks: CheckResult[]): ClassroomResult['status'] => (checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'error') ? 'error' : 'pass');

const bare = (name: string, status: ClassroomTest['status'], score: number, message: string): ClassroomTest => ({ name, status, score: round(score), message, test_code: '', filename: '', line_no: 0, duration: 0 });

export const encodeClassroomResult = (r: ClassroomResult) => Buffer.from(JSON.stringify(r)).toString('base64');

function test(c: CheckResult, name: string, score: number, prefix: string, maxMessage: number): ClassroomTest {
  const status = c.status === 'pass' ? 'pass' : c.status === 'error' ? 'error' : 'fail';
  const n = c.findings ? countFindings(c.findings) : 0;
  const more = n > 1 ? ` (${n} findings)` : '';
  return {
    name: shorten(name, 200),
    status,
    score: round(score),
    message: maxMessage ? shorten(`${c.title}: ${c.message}${more}${c.hint && status !== 'pass' ? ` — fix: ${c.hint}` : ''}`, maxMessage) : '',
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
