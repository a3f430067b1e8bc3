/**
 * PrairieLearn's external grader results.json, as its docs
 * (https://prairielearn.readthedocs.io/en/latest/externalGrading/, "Grading
 * results") and its code read it: apps/grader-host/src/index.ts (at most
 * 1 MB, JSON), apps/prairielearn/src/lib/externalGraderCommon.ts
 * (makeGradingResult: `score` a number; `format_errors` a string or an array
 * of strings), apps/prairielearn/src/lib/externalGrader.ts
 * (processGradingResult: `gradable` defaults to true; a gradable result needs
 * a finite `score` in [0, 1]) and the element that shows it,
 * elements/pl-external-grader-results (top-level `message`, `output`;
 * `tests` with `name`, `description`, `points`, `max_points`, `message`,
 * `output`, points shown only when every test has both).
 *
 * `score` is kubegrade's score over its maximum (0..1), with `points` and
 * `max_points` beside it; a test per check that ran. When nothing could be
 * read as Kubernetes — no YAML file, or no object taking any role while a
 * file failed to parse or held no Kubernetes document — the result is
 * `gradable: false` with `format_errors` (what to fix), so the upload does
 * not cost the student an attempt.
 *
 * Several reports (batch): on the main stream a JSON array; with --out DIR,
 * also DIR/prairielearn/<submission folder>/results.json per student.
 */
import type { Report } from '../types.js';
import { forTerminal, forTerminalLine, shorten } from '../util/escape.js';
import { absent, lateLine, findingsOf, findingsText, lost, MAX_FINDINGS_SHOWN, MAX_MESSAGE_CHARS, perStudentFormat, scoreLine, where } from './common.js';
import type { Reporter } from './types.js';

export interface PrairieLearnTest {
  name: string;
  description: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

export type PrairieLearnResults =
  | { gradable: true; score: number; points: number; max_points: number; message: string; output: string; tests: PrairieLearnTest[] }
  | { gradable: false; format_errors: string[]; message: string; output: string };

/** Why nothing could be graded, or undefined when the submission is gradable. */
export function formatErrors(r: Report): string[] | undefined {
  if (r.error !== undefined) return [`not graded: ${forTerminal(shorten(r.error, MAX_MESSAGE_CHARS))}`];
  const none = absent(r);
  if (none !== undefined) return [forTerminal(shorten(none, MAX_MESSAGE_CHARS))];
  if (r.roles.some((a) => a.file)) return undefined;
  if (r.files.length === 0) return ['no .yml or .yaml file in the upload: upload your Kubernetes YAML files'];
  const parse = r.checks.find((c) => c.id === 'yaml.parse');
  const errors: string[] = [];
  if (parse && lost(parse)) {
    for (const f of findingsOf(parse).slice(0, MAX_FINDINGS_SHOWN)) {
      const msg = forTerminalLine(shorten(f.message, MAX_MESSAGE_CHARS));
      errors.push(f.location ? `${where(f.location)}: ${msg}` : msg);
    }
  }
  const ignored = new Set(r.ignored.map((i) => i.file));
  if (errors.length === 0 && r.files.every((f) => ignored.has(f))) {
    errors.push(`no Kubernetes object in the upload (${r.files.length} file${r.files.length === 1 ? '' : 's'}, none with apiVersion and kind): upload your Kubernetes YAML files`);
  }
  return errors.length > 0 ? errors : undefined;
}

const line = forTerminalLine;

export function prairieLearnResults(r: Report): PrairieLearnResults {
  const summary = `kubegrade ${r.rubric.title ?? r.rubric.name}`;
  const errors = formatErrors(r);
  if (errors) {
    return { gradable: false, format_errors: errors, message: 'kubegrade could not read any Kubernetes object from this upload; fix the files and submit again (this attempt does not count).', output: summary };
  }
  const tests: PrairieLearnTest[] = r.checks
    .filter((c) => c.status !== 'skip')
    .map((c) => ({
      name: c.id,
      description: line(c.title),
      points: c.points,
      max_points: c.maxPoints,
      message: c.status === 'pass' ? '' : forTerminalLine(shorten(c.message, MAX_MESSAGE_CHARS)),
      output: lost(c) ? findingsText(c) : '',
    }));
  const score = r.maxScore > 0 ? Math.min(1, Math.max(0, r.score / r.maxScore)) : 0;
  const notes = [lateLine(r), r.usernameInfo?.note].filter(Boolean).map((n) => `\n${forTerminal(n!)}`).join('');
  return { gradable: true, score, points: r.score, max_points: r.maxScore, message: scoreLine(r), output: summary + notes, tests };
}

export const prairielearn: Reporter = perStudentFormat('prairielearn', "PrairieLearn's external grader results.json (gradable: false when nothing could be read; an array for several; with --out a file per student)", prairieLearnResults);
