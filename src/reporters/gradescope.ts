/**
 * Gradescope's autograder results.json, per its "Autograder Specifications"
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/, source:
 * github.com/gradescope/autograder_samples docs/specs.md):
 *
 *   kubegrade check /autograder/submission --format gradescope > /autograder/results/results.json
 *
 * (examples/gradescope/run_autograder does this). `score` is kubegrade's
 * score (it overrides the sum of the tests); one test per check that ran
 * (`name`, `score`, `max_score`, `status` passed/failed, `output` with every
 * finding's file:line:column and hint); skipped checks (live ones in a static
 * run) are left out, as they are out of the report's maxScore. All text is
 * `text` format (`output_format`, `test_output_format`, `test_name_format`):
 * Gradescope's default for the top-level output is `simple_format`, which
 * renders HTML, and student values must not.
 *
 * Several reports (batch): on the main stream a JSON array of results
 * objects; with --out DIR, also one file per student at
 * DIR/gradescope/<submission folder>/results.json.
 */
import type { Report } from '../types.js';
import { forTerminal, forTerminalLine } from '../util/escape.js';
import { kubegradeVersion } from '../util/version.js';
import { absent, findingsText, lateLine, lost, perStudentFormat, scoreLine } from './common.js';
import type { Reporter } from './types.js';

type Visibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  name_format: 'text';
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  visibility: Visibility;
  tags: string[];
}

export interface GradescopeResults {
  score: number;
  output: string;
  output_format: 'text';
  test_output_format: 'text';
  test_name_format: 'text';
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  extra_data: Record<string, unknown>;
}

const testName = forTerminalLine;

export function gradescopeResults(r: Report): GradescopeResults {
  const none = absent(r) !== undefined;
  const tests: GradescopeTest[] = r.checks
    .filter((c) => c.status !== 'skip' && !none)
    .map((c) => ({
      name: testName(`${c.title} (${c.id})`),
      name_format: 'text',
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'pass' ? 'passed' : 'failed',
      output: lost(c) ? findingsText(c) : '',
      output_format: 'text',
      visibility: 'visible',
      tags: [c.id.split('.')[0]!],
    }));
  const notes = [lateLine(r), r.usernameInfo?.note].filter((n): n is string => Boolean(n)).map((n) => forTerminal(n));
  return {
    score: r.score,
    output: [`kubegrade ${r.rubric.title ?? r.rubric.name}`, scoreLine(r), ...notes].join('\n'),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
    extra_data: { kubegrade: kubegradeVersion(), rubric: r.rubric.name, username: r.username, env: r.env, maxScore: r.maxScore },
  };
}

export const gradescope: Reporter = perStudentFormat('gradescope', "Gradescope's autograder results.json (an array for several; with --out a file per student)", gradescopeResults);
