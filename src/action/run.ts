/**
 * The kubegrade GitHub Action (action.yml; bundled into action/dist/ by
 * scripts/bundle.mjs). It grades once, with the library's grade(), and writes
 * everything from that one report through the reporters: the annotations
 * (github), the job summary (github-summary), the JSON report (json), the SARIF
 * file (sarif, when that reporter is built in), the outputs and GitHub
 * Classroom's `result`.
 *
 * No @actions/core: the runner's protocol is three documented things (inputs
 * in INPUT_<NAME> variables, workflow commands on stdout, outputs and the
 * summary appended to the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name),
 * a few lines here, and one dependency less in a bundle that must stay small.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { grade, notGraded, type GradeOptions } from '../grade.js';
// The four formats the Action writes, by their modules: not the table of every format (reporters/index.ts), whose html and the rest it never writes.
import { renderAll } from '../reporters/render.js';
import { commandData, commandProp, github } from '../reporters/github.js';
import { githubSummary } from '../reporters/github-summary.js';
import { json } from '../reporters/json.js';
import { sarif as sarifReporter } from '../reporters/sarif.js';
import type { Report } from '../types.js';
import { UsageError } from '../util/errors.js';
import { forTerminalLine, shorten } from '../util/escape.js';
import { encodeClassroomResult, encodedClassroomResult, errorResult } from './classroom.js';

export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Workflow commands and log lines (stdout). */
  stdout(s: string): void;
}

/** An input as the runner passes it: INPUT_<name upper-cased, spaces as _>, trimmed. */
export function input(env: ActionIo['env'], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** `name<<delimiter` syntax of GITHUB_OUTPUT, with a delimiter the value cannot contain. */
export function outputLine(name: string, value: string): string {
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

type FailOn = { kind: 'any' } | { kind: 'never' } | { kind: 'min'; score: number };

function parseFailOn(raw: string): FailOn {
  const v = raw.toLowerCase();
  if (v === '' || v === 'any') return { kind: 'any' };
  if (v === 'never') return { kind: 'never' };
  const n = Number(raw);
  if (raw !== '' && Number.isFinite(n) && n >= 0) return { kind: 'min', score: n };
  throw new UsageError(`fail-on: "${raw}": expected any (fail when a point is lost), never, or a minimum score such as 40`);
}

function parseBool(name: string, raw: string): boolean {
  if (/^(true|yes|on|1)$/i.test(raw)) return true;
  if (raw === '' || /^(false|no|off|0)$/i.test(raw)) return false;
  throw new UsageError(`${name}: "${raw}": expected true or false`);
}

/** GitHub shows at most this many annotations of each level (error, warning, notice) per step. */
const RUNNER_CAP = 10;

/**
 * Runs the action; returns the process exit code (0: the step passes).
 *
 * Every path writes the outputs (score, max-score, passed, report, result):
 * a grade, or, when there is none (an input error, a rubric that does not
 * load, a bug), 0 with the reason, so that GitHub Classroom records it. The
 * line saying why the step fails is the first annotation of the step (GitHub
 * shows 10 per level), the findings' annotations fill what is left, and a
 * notice counts the rest.
 */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const used = { error: 0, warning: 0, notice: 0 };
  const cmd = (level: 'error' | 'warning' | 'notice', message: string, title = 'kubegrade') => {
    used[level]++;
    io.stdout(`::${level} title=${commandProp(title)}::${commandData(message)}\n`);
  };
  const reportFile = join(env.RUNNER_TEMP || tmpdir(), 'kubegrade', stepFolder(env.GITHUB_ACTION), 'report.json');
  let failOn: FailOn = { kind: 'any' };
  let options: GradeOptions = {};
  let dir = workspace;
  let sarifFile = '';
  /** Set while the live pass runs: its failure (a cluster unreachable) is the runner's, not the submission's. */
  let liveRunning = false;
  /** Set once the grade's outputs are written: a later error must not replace them with a 0. */
  let graded = false;
  try {
    failOn = parseFailOn(input(env, 'fail-on'));
    const path = input(env, 'path') || '.';
    dir = isAbsolute(path) ? path : resolve(workspace, path);
    const rubricIn = input(env, 'rubric');
    options = {
      username: input(env, 'username') || undefined,
      rubric: rubricIn ? resolve(workspace, rubricIn) : undefined,
      set: input(env, 'set')
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const shown = forTerminalLine(shorten(path, 200));
    if (!existsSync(dir)) throw new PathError(`path: "${shown}": no such folder in the workspace${listing(workspace)}`);
    if (!statSync(dir).isDirectory()) throw new PathError(`path: "${shown}" is a file: give the folder that holds the submission's YAML files`);
    const annotations = input(env, 'annotations') || String(RUNNER_CAP);
    if (!/^\d+$/.test(annotations)) throw new UsageError(`annotations: "${annotations}": expected how many annotations per level, e.g. 10 (GitHub shows at most 10 per step)`);
    const liveRaw = input(env, 'live').toLowerCase();
    const live = liveRaw === 'deploy' ? 'deploy' : parseBool('live', liveRaw) ? 'namespace' : undefined;
    sarifFile = input(env, 'sarif-file');
    const sarif = sarifFile ? sarifReporter : undefined;
    if (sarifFile && !sarif) throw new UsageError('sarif-file: this build of kubegrade has no SARIF reporter');
    const category = input(env, 'category');

    // Annotations and reports name files relative to the workspace, as GitHub wants them.
    liveRunning = live !== undefined;
    const report: Report = { ...(await gradeOnce(dir, options, live, io)), dir: relativeTo(workspace, dir) };
    liveRunning = false;
    const full = report.score >= report.maxScore;
    const passed = failOn.kind === 'min' ? report.score >= failOn.score : full;

    // Everything below is written from this one report: first the files, then the step's lines.
    const problems: string[] = [];
    const sideWrite = (what: string, write: () => void) => {
      try {
        write();
        return true;
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
        return false;
      }
    };
    const reportWritten = sideWrite('the JSON report', () => writeAtomic(reportFile, renderAll(json, [report], { color: false })));
    let sarifWritten = false;
    if (sarif && sarifFile) {
      const target = resolve(workspace, sarifFile);
      sarifWritten = sideWrite(`sarif-file "${forTerminalLine(shorten(sarifFile, 200))}"`, () => writeAtomic(target, renderAll(sarif, [report], { color: false, extra: { category } })));
    }
    if (env.GITHUB_STEP_SUMMARY) sideWrite('the job summary', () => appendFileSync(env.GITHUB_STEP_SUMMARY!, renderAll(githubSummary, [report], { color: false })));
    const outputs = gradeOutputs(report.score, report.maxScore, passed, reportWritten ? reportFile : '', encodedClassroomResult(report));
    if (sarifWritten) outputs.push(['sarif-file', resolve(workspace, sarifFile)]);
    const outputProblem = writeOutputs(env, io, outputs);
    if (outputProblem) problems.push(outputProblem);
    graded = true;

    // Why the step fails, first: GitHub shows the first 10 errors of a step, and drops the rest.
    const fails = failOn.kind !== 'never' && !passed;
    if (fails) cmd('error', failOn.kind === 'min' ? `score ${report.score}/${report.maxScore} is below the minimum of ${failOn.score} (fail-on)` : `score ${report.score}/${report.maxScore}: ${round(report.maxScore - report.score)} points lost (fail-on: any; set fail-on: never, or a minimum score, to pass the step anyway)`);
    for (const p of problems) cmd('error', `could not write ${p}`);
    const u = report.usernameInfo;
    if (u.inferred) cmd('warning', `${options.username ? 'username' : "the rubric's username"}: "${forTerminalLine(shorten(u.value, 100))}" is not the username of the submission's files, "${forTerminalLine(shorten(u.inferred, 100))}": graded as "${forTerminalLine(shorten(u.value, 100))}", so names and labels made for "${forTerminalLine(shorten(u.inferred, 100))}" lose points (leave username empty to use the files' one)`);
    const cap = Math.min(Number(annotations), RUNNER_CAP);
    io.stdout(renderAll(github, [report], { color: false, extra: { annotations: String(cap), 'used.error': String(used.error), 'used.warning': String(used.warning), 'used.notice': String(used.notice) } }));

    io.stdout(`kubegrade: ${report.username || 'unknown user'} scored ${report.score}/${report.maxScore}${reportWritten ? `; report in ${reportFile}` : ''}\n`);
    return fails || problems.length ? 1 : 0;
  } catch (err) {
    const usage = err instanceof UsageError;
    const e = err as Error;
    const reason = usage ? e.message : `internal error: ${e?.message ?? String(err)} (a bug in kubegrade; please report it)`;
    // No grade: the reason first, then 0 with the reason in every output, so that Classroom records it.
    cmd('error', reason);
    if (err instanceof PathError) {
      const hint = yamlFolders(workspace);
      if (hint) cmd('notice', hint);
    }
    if (!usage && env.RUNNER_DEBUG === '1') io.stdout(`::debug::${commandData(e?.stack ?? '')}\n`);
    if (graded) return 1;
    const report = ungraded(dir, workspace, reason, options);
    let reportWritten = false;
    if (report) {
      try {
        writeAtomic(reportFile, renderAll(json, [report], { color: false }));
        reportWritten = true;
      } catch {
        // The outputs below still say why; the report path is then empty.
      }
      if (env.GITHUB_STEP_SUMMARY) {
        try {
          appendFileSync(env.GITHUB_STEP_SUMMARY, renderAll(githubSummary, [report], { color: false }));
        } catch {
          // idem
        }
      }
    }
    const maxScore = report?.maxScore ?? 0;
    const outputProblem = writeOutputs(env, io, gradeOutputs(0, maxScore, false, reportWritten ? reportFile : '', encodeClassroomResult(errorResult(`not graded: ${reason}`, maxScore))));
    if (outputProblem) {
      cmd('error', `could not write ${outputProblem}`);
      return 1;
    }
    // fail-on: never passes the step on the submission's errors, as Classroom's own graders do: the reporter
    // then runs and records the 0. A cluster that fails the live pass, or a bug, fails the step whatever fail-on.
    return usage && !liveRunning && failOn.kind === 'never' ? 0 : 1;
  }
}

/** A path that is not the submission's folder (the notice after it says where the YAML files are). */
class PathError extends UsageError {}

/**
 * The report of a run that graded nothing: every check an error with the
 * reason, 0 out of the rubric's points (the course's rubric when the one
 * given does not load). Undefined when no rubric loads at all.
 */
function ungraded(dir: string, workspace: string, reason: string, options: GradeOptions): Report | undefined {
  for (const o of [options, { username: options.username }]) {
    try {
      return { ...notGraded(dir, reason, o), dir: relativeTo(workspace, dir) };
    } catch {
      // the next, plainer options
    }
  }
  return undefined;
}

function gradeOutputs(score: number, maxScore: number, passed: boolean, reportFile: string, result: string): [string, string][] {
  return [
    ['score', String(score)],
    ['max-score', String(maxScore)],
    ['passed', String(passed)],
    ['report', reportFile],
    ['result', result],
  ];
}

/** Appends the outputs to GITHUB_OUTPUT; returns why it could not (never throws), else undefined. */
function writeOutputs(env: ActionIo['env'], io: ActionIo, outputs: [string, string][]): string | undefined {
  if (!env.GITHUB_OUTPUT) {
    io.stdout(`kubegrade: GITHUB_OUTPUT is not set (not on a runner?): outputs not written\n`);
    return undefined;
  }
  try {
    appendFileSync(env.GITHUB_OUTPUT, outputs.map(([k, v]) => outputLine(k, v)).join(''));
    return undefined;
  } catch (err) {
    return `the outputs (GITHUB_OUTPUT): ${(err as Error).message}`;
  }
}

/**
 * The step's own folder under RUNNER_TEMP/kubegrade: GITHUB_ACTION is the
 * step's id, or a name the runner makes unique in the job (`__owner_repo`,
 * `__owner_repo_2`), so two kubegrade steps of one job do not share a report.
 */
export function stepFolder(action: string | undefined): string {
  const name = (action ?? '').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return name && !/^\.+$/.test(name) ? name : `step-${randomUUID()}`;
}

/** Written whole or not at all: to a temporary name beside it, then renamed. */
function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

async function gradeOnce(dir: string, options: GradeOptions, live: 'namespace' | 'deploy' | undefined, io: ActionIo): Promise<Report> {
  if (!live) return grade(dir, options);
  const { liveSession } = await import('../live/cli.js');
  const session = liveSession({ deploy: live === 'deploy', progress: true }, { stderr: io.stdout, tty: false, color: false });
  try {
    io.stdout('::group::kubegrade: the live pass\n');
    return await grade(dir, { ...options, live: session.runner });
  } finally {
    io.stdout('::endgroup::\n');
    session.finish();
  }
}

function relativeTo(workspace: string, dir: string): string {
  const ws = resolve(workspace);
  if (dir === ws) return '.';
  return dir.startsWith(ws + '/') ? dir.slice(ws.length + 1) : dir;
}

/** The workspace's folders, for a `path` that is not one of them. */
function listing(workspace: string): string {
  try {
    const dirs = readdirSync(workspace, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
    if (dirs.length === 0) return ` (${workspace} has no folder: is there an actions/checkout step before this one?)`;
    return ` (its folders: ${dirs.slice(0, 20).map((d) => forTerminalLine(shorten(d, 60))).join(', ')}${dirs.length > 20 ? ', …' : ''})`;
  } catch {
    return ` (${workspace} cannot be read)`;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Where the YAML files are, for a `path` that is not a folder: the folders of
 * the workspace (3 levels deep, at most 2,000 entries read) that hold .yml or
 * .yaml files, the fullest first, as a notice ("set path: homework07").
 */
function yamlFolders(workspace: string): string | undefined {
  const found: { dir: string; n: number }[] = [];
  let budget = 2000;
  const queue: { abs: string; rel: string; depth: number }[] = [{ abs: workspace, rel: '', depth: 0 }];
  while (queue.length && budget > 0) {
    const { abs, rel, depth } = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    let n = 0;
    for (const d of entries.slice(0, budget)) {
      budget--;
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      if (d.isFile() && /\.ya?ml$/i.test(d.name)) n++;
      else if (d.isDirectory() && depth < 3) queue.push({ abs: join(abs, d.name), rel: rel ? `${rel}/${d.name}` : d.name, depth: depth + 1 });
    }
    if (n > 0) found.push({ dir: rel || '.', n });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => b.n - a.n || a.dir.localeCompare(b.dir));
  const name = (f: { dir: string; n: number }) => `${forTerminalLine(shorten(f.dir, 120))} (${f.n} YAML file${f.n === 1 ? '' : 's'})`;
  const best = found[0]!;
  const others = found.slice(1, 4);
  return `the YAML files are in ${name(best)}${others.length ? `; also in ${others.map(name).join(', ')}${found.length > 4 ? ', …' : ''}` : ''}: set path: ${forTerminalLine(shorten(best.dir, 120))}`;
}
