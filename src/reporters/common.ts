/**
 * What several reporters read off a report the same way: the findings behind
 * a check, where the submission sits relative to the current folder, the
 * folder a per-student file goes to, and a check's rubric text. Reading, not
 * deciding: nothing here computes a verdict.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CheckResult, Finding, Location, Report } from '../types.js';
import type { Output, RenderOptions, Reporter, ReporterRun } from './types.js';
import type { Params } from '../checks/types.js';
import { knownChecks, render, type Rubric } from '../rubric/index.js';
import { forTerminal, forTerminalLine, shorten } from '../util/escape.js';
import { isoInZone, zoneOffset } from '../util/zone.js';

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
  const candidates = [r.student?.folder, r.dir ? basename(resolve(r.dir)) : undefined, r.username, r.student?.githubUsername, 'submission'];
  return candidates.find((n): n is string => Boolean(n) && n !== '.' && n !== '..' && !/[/\\\0]/.test(n!))!;
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

/**
 * A format whose consumer takes one JSON file per student (Gradescope's and
 * PrairieLearn's results.json). On the main stream: the object for one
 * report (indented), a JSON array for several (an object a line). With `outDir` (batch --out)
 * each report also goes to `outDir/<dirName>/<student folder>/results.json`
 * (under the format's own folder, so that two such formats in one --out do
 * not overwrite each other's results.json).
 */
export function perStudentJson(out: Output, options: RenderOptions, dirName: string, toJson: (r: Report) => unknown): ReporterRun {
  // One report (kubegrade check) is printed indented, for a person to read;
  // a class is written compact, an object a line: it is for machines, and
  // indenting a thousand of them costs more than grading them.
  let held: unknown;
  let n = 0;
  const used = new Set<string>();
  return {
    write(r) {
      const value = toJson(r);
      // Each object is stringified once: for its own file and for the class's array (the first is held until a second comes).
      const text = n === 0 ? undefined : JSON.stringify(value);
      if (options.outDir) {
        let name = studentFolder(r);
        for (let i = 2; used.has(name); i++) name = `${studentFolder(r)}-${i}`;
        used.add(name);
        writeOwnFile(options, `${dirName}/${name}/results.json`, (text ?? JSON.stringify(value)) + '\n');
      }
      n++;
      if (n === 1) held = value;
      else {
        if (n === 2) out.write('[\n' + JSON.stringify(held));
        held = undefined;
        out.write(',\n' + text!);
      }
    },
    flush() {
      if (n === 0) out.write('[]\n');
      else if (n === 1) out.write(JSON.stringify(held, null, 2) + '\n');
      else out.write('\n]\n');
    },
  };
}

/** A file of a reporter's own under `options.outDir` (`rel`: `/`-separated), through `options.files` when given (batch: atomic). */
export function writeOwnFile(options: RenderOptions, rel: string, text: string): void {
  if (options.files) return options.files.writeFile(rel, text);
  const path = join(options.outDir!, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A per-student JSON format (see perStudentJson): its main stream is `<name>.json` under --out. */
export function perStudentFormat(name: string, description: string, toJson: (r: Report) => unknown): Reporter {
  return { name, description, fileName: `${name}.json`, create: (out, options) => perStudentJson(out, options, name, toJson) };
}

/** `file:line:column` of a location, for text (a file name is student text: controls shown, not written). */
export const where = (l: Location) => `${forTerminalLine(l.file)}:${l.line}:${l.column}`;

/** At most this many findings of one check are spelt out in a per-check text (the rest are counted). */
export const MAX_FINDINGS_SHOWN = 20;
/** Student values in a message are shortened to this many characters. */
export const MAX_MESSAGE_CHARS = 500;

/**
 * What a failed check found, as plain text: a line per finding
 * (`file:line:column  message`, then `  → hint`), at most
 * MAX_FINDINGS_SHOWN of them, each message shortened. Control characters
 * are shown, not written (forTerminal; a message, one line, forTerminalLine):
 * the consumers show this as text.
 */
export function findingsText(c: CheckResult): string {
  let text = findingsTexts.get(c);
  if (text === undefined) findingsTexts.set(c, (text = findingsTextOf(c)));
  return text;
}

/**
 * findingsText of each check, kept while its report is: a batch writes each report to every
 * format in turn, and gradescope, prairielearn and junit each show the same text.
 */
const findingsTexts = new WeakMap<CheckResult, string>();

function findingsTextOf(c: CheckResult): string {
  let all = dedupeFindings(findingsOf(c));
  // The grader lists at most 50 findings a check and ends the list with one that counts the rest (its leftOut): counted, not shown as one.
  const unlisted = all.at(-1)?.leftOut ?? 0;
  if (unlisted) all = all.slice(0, -1);
  const lines: string[] = [];
  for (const f of all.slice(0, MAX_FINDINGS_SHOWN)) {
    const msg = forTerminalLine(shorten(f.message, MAX_MESSAGE_CHARS));
    lines.push(f.location ? `${where(f.location)}  ${msg}` : msg);
    const hint = f.hint ?? c.hint;
    if (hint) lines.push(`  → ${forTerminal(shorten(hint, MAX_MESSAGE_CHARS))}`);
  }
  const more = Math.max(0, all.length - MAX_FINDINGS_SHOWN) + unlisted;
  if (more) lines.push(`… and ${more} more (${all.length + unlisted} in all${unlisted ? `; kubegrade check --format json lists the first ${all.length}` : '; kubegrade check --format json lists them all'})`);
  return lines.join('\n');
}

/** The same message at the same place once (a check may find one cause twice). */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : ''}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Why a row has no submission (an empty folder, no YAML, a roster student without a folder), or undefined. */
export const absent = (r: Report): string | undefined => r.noSubmission?.reason ?? r.missing;

/** Points as a person reads them: at most two decimals (37.6, not 37.599999999999994). */
export const points = (n: number): string => String(Math.round(n * 100) / 100);

/** The late penalty in words (`late penalty: −9.4 points (20%): 1d 2h late: …; 47 before`), or undefined when none was taken. */
export function lateLine(r: Report): string | undefined {
  const p = r.deadline?.penalty;
  if (!p || p.points <= 0) return undefined;
  return `late penalty: −${points(p.points)} point${p.points === 1 ? '' : 's'} (${points(p.percent)}%): ${p.reason}; ${points(p.scoreBefore)} before the penalty`;
}

/** An ISO 8601 UTC time of a report's deadline info, shown in the zone the deadline was given in. */
export function deadlineTime(iso: string, r: Report): string {
  const zone = r.deadline?.zone;
  return zone ? isoInZone(Date.parse(iso), zoneOffset(zone)) : iso;
}

/** One line saying how the submission did: `jdoe: 37/47, 10 points lost in 9 checks (8 live checks not run)`. */
export function scoreLine(r: Report): string {
  const failed = r.checks.filter(lost);
  const skipped = r.checks.filter((c) => c.status === 'skip').length;
  const who = r.username ? forTerminalLine(shorten(r.username, 100)) : 'unknown user';
  if (r.error !== undefined) return `${who}: not graded (${forTerminalLine(shorten(r.error, MAX_MESSAGE_CHARS))})`;
  const none = absent(r);
  if (none !== undefined) return `${who}: ${forTerminalLine(shorten(none, MAX_MESSAGE_CHARS))}, ${points(r.score)}/${r.maxScore}`;
  const penalty = r.deadline?.penalty && r.deadline.penalty.points > 0 ? r.deadline.penalty : undefined;
  const lostPts = Math.round((r.maxScore - (penalty ? penalty.scoreBefore : r.score)) * 100) / 100;
  const body = failed.length === 0 ? (penalty ? 'every check passed' : 'full marks') : `${lostPts} point${lostPts === 1 ? '' : 's'} lost in ${failed.length} check${failed.length === 1 ? '' : 's'}`;
  const late = penalty ? `, and ${points(penalty.points)} for lateness` : '';
  return `${who}: ${points(r.score)}/${r.maxScore}, ${body}${late}${skipped ? ` (${skipped} check${skipped === 1 ? '' : 's'} not run)` : ''}`;
}
