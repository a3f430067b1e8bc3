/**
 * What several reporters read off a report the same way: the findings behind
 * a check, where the submission sits relative to the current folder, the
 * folder a per-student file goes to, and a check's rubric text. Reading, not
 * deciding: nothing here computes a verdict.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { CheckResult, Finding, Report } from '../types.js';
import type { Params } from '../checks/types.js';
import { knownChecks, render, type Rubric } from '../rubric/index.js';

/** Every finding behind a failed check; a check without a list has its own message as the one finding. */
export function findingsOf(c: CheckResult): Finding[] {
  if (c.findings && c.findings.length > 0) return c.findings;
  const f: Finding = { message: c.message };
  if (c.location) f.location = c.location;
  if (c.hint) f.hint = c.hint;
  return [f];
}

/** The checks that cost points or could not run (`fail`, `error`). */
export const lost = (c: CheckResult) => c.status === 'fail' || c.status === 'error';

/**
 * The submission folder relative to the current folder, with a trailing `/`
 * ('' for the current folder itself, or a folder outside it): a repository
 * path for a file of the submission, as a CI job in the repository's root sees it.
 */
export function submissionPrefix(dir: string): string {
  const rel = relative(process.cwd(), resolve(dir)).split('\\').join('/');
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return '';
  return rel.replace(/\/+$/, '') + '/';
}

/**
 * The name of a report's own folder under `--out DIR` (batch: one per
 * student): the submission folder's name, never `.`, `..` or empty.
 */
export function studentFolder(r: Report): string {
  const candidates = [basename(resolve(r.dir)), r.username, 'submission'];
  return candidates.find((n) => n && n !== '.' && n !== '..' && !/[/\\\0]/.test(n))!;
}

export interface CheckText {
  title: string;
  description: string;
  hint: string;
}

/**
 * A check's title, description and default hint, with the rubric's
 * parameters filled in: from `rubric` (its overrides included) when given,
 * else from the check's own meta, placeholders then naming the parameter
 * ("the rubric's storageClassName") rather than guessing its value.
 */
export function checkText(id: string, rubric: Rubric | undefined, params: Partial<Params>): CheckText | undefined {
  const meta = rubric?.checks.find((c) => c.id === id)?.meta ?? knownChecks().get(id)?.meta;
  if (!meta) return undefined;
  const values: Record<string, unknown> = { ...(rubric?.params ?? {}), ...params };
  if (!values.username) delete values.username;
  const fill = (s: string) => render(s, values as Params).replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k: string) => (k === 'username' ? '<username>' : `the rubric's ${k}`));
  return { title: fill(meta.title), description: fill(meta.description), hint: fill(meta.hint) };
}
