/**
 * The Classroom result's size bound (src/action/classroom.ts) on reports no
 * real rubric makes yet: thousands of checks, long titles and file names. The
 * encoded result stays within the bound, is whole JSON, and its tests add up
 * to the report's score (what the grading reporter sends to Classroom).
 */
import { describe, expect, it } from 'vitest';
import { encodedClassroomResult, MAX_RESULT_CHARS, type ClassroomResult } from '../src/action/classroom.js';
import type { CheckResult, Report } from '../src/types.js';

function report(n: number): Report {
  const checks: CheckResult[] = Array.from({ length: n }, (_, i) => {
    const pass = i % 3 !== 0;
    return {
      id: `custom.check-${i}`,
      title: `A custom check number ${i} ${'with a long title '.repeat(10)}`,
      status: pass ? 'pass' : 'fail',
      points: pass ? 1.5 : 0,
      maxPoints: 1.5,
      message: 'x'.repeat(400),
      ...(pass ? {} : { hint: 'h'.repeat(400), location: { file: `${'deep/'.repeat(40)}f${i}.yml`, line: 3, column: 1 } }),
    };
  });
  const score = checks.reduce((s, c) => s + c.points, 0);
  return { username: 'jdoe', env: 'test', score, maxScore: n * 1.5, checks, dir: 'hw', rubric: { name: 'big' }, usernameInfo: { value: 'jdoe', source: 'option' }, roles: [], files: [], ignored: [] };
}

const decode = (s: string) => JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as ClassroomResult;

describe('the Classroom result of a large rubric', () => {
  for (const n of [40, 300, 5000]) {
    it(`${n} checks: within ${MAX_RESULT_CHARS} characters, whole JSON, the same points`, () => {
      const r = report(n);
      const encoded = encodedClassroomResult(r);
      expect(encoded.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
      const c = decode(encoded);
      expect(c.max_score).toBe(r.maxScore);
      expect(c.status).toBe('fail');
      expect(Math.round(c.tests.reduce((s, t) => s + t.score, 0) * 100) / 100).toBe(Math.round(r.score * 100) / 100);
      for (const t of c.tests) expect(typeof t.score).toBe('number');
    });
  }
});
