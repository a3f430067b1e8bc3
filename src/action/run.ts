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
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { grade, type GradeOptions } from '../grade.js';
import { REPORTERS, renderAll } from '../reporters/index.js';
import { commandData, commandProp } from '../reporters/github.js';
import type { Report } from '../types.js';
import { UsageError } from '../util/errors.js';
import { forTerminalLine, shorten } from '../util/escape.js';
import { classroomResult, encodeClassroomResult } from './classroom.js';

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

/** Runs the action; returns the process exit code (0: the step passes). */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const cmd = (level: 'error' | 'warning' | 'notice', message: string, title = 'kubegrade') => io.stdout(`::${level} title=${commandProp(title)}::${commandData(message)}\n`);
  try {
    const path = input(env, 'path') || '.';
    const dir = isAbsolute(path) ? path : resolve(workspace, path);
    const shown = forTerminalLine(shorten(path, 200));
    if (!existsSync(dir)) throw new UsageError(`path: "${shown}": no such folder in the workspace${listing(workspace)}`);
    if (!statSync(dir).isDirectory()) throw new UsageError(`path: "${shown}" is a file: give the folder that holds the submission's YAML files`);
    const failOn = parseFailOn(input(env, 'fail-on'));
    const annotations = input(env, 'annotations') || '10';
    if (!/^\d+$/.test(annotations)) throw new UsageError(`annotations: "${annotations}": expected how many annotations per level, e.g. 10 (GitHub shows at most 10 per step)`);
    const liveRaw = input(env, 'live').toLowerCase();
    const live = liveRaw === 'deploy' ? 'deploy' : parseBool('live', liveRaw) ? 'namespace' : undefined;
    const rubricIn = input(env, 'rubric');
    const options: GradeOptions = {
      username: input(env, 'username') || undefined,
      rubric: rubricIn ? resolve(workspace, rubricIn) : undefined,
      set: input(env, 'set')
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const sarifFile = input(env, 'sarif-file');
    const sarif = sarifFile ? REPORTERS.get('sarif') : undefined;
    if (sarifFile && !sarif) throw new UsageError('sarif-file: this build of kubegrade has no SARIF reporter');

    // Annotations and reports name files relative to the workspace, as GitHub wants them.
    const shownDir = relativeTo(workspace, dir);
    const report: Report = { ...(await gradeOnce(dir, options, live, io)), dir: shownDir };

    // Everything below is written from this one report.
    io.stdout(renderAll(REPORTERS.get('github')!, [report], { color: false, extra: { annotations } }));
    const temp = join(env.RUNNER_TEMP || tmpdir(), 'kubegrade');
    mkdirSync(temp, { recursive: true });
    const reportFile = join(temp, 'report.json');
    writeFileSync(reportFile, renderAll(REPORTERS.get('json')!, [report], { color: false }));
    if (sarif && sarifFile) {
      const target = resolve(workspace, sarifFile);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, renderAll(sarif, [report], { color: false }));
    }
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, renderAll(REPORTERS.get('github-summary')!, [report], { color: false }));

    const full = report.score >= report.maxScore;
    const passed = failOn.kind === 'min' ? report.score >= failOn.score : full;
    const outputs: [string, string][] = [
      ['score', String(report.score)],
      ['max-score', String(report.maxScore)],
      ['passed', String(passed)],
      ['report', reportFile],
      ['result', encodeClassroomResult(classroomResult(report))],
    ];
    if (sarifFile) outputs.push(['sarif-file', resolve(workspace, sarifFile)]);
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, outputs.map(([k, v]) => outputLine(k, v)).join(''));
    else io.stdout(`kubegrade: GITHUB_OUTPUT is not set (not on a runner?): outputs not written\n`);

    io.stdout(`kubegrade: ${report.username || 'unknown user'} scored ${report.score}/${report.maxScore}; report in ${reportFile}\n`);
    if (failOn.kind === 'never' || passed) return 0;
    cmd('error', failOn.kind === 'min' ? `score ${report.score}/${report.maxScore} is below the minimum of ${failOn.score} (fail-on)` : `score ${report.score}/${report.maxScore}: ${round(report.maxScore - report.score)} points lost (fail-on: any; set fail-on: never, or a minimum score, to pass the step anyway)`);
    return 1;
  } catch (err) {
    if (err instanceof UsageError) {
      cmd('error', err.message);
      return 1;
    }
    const e = err as Error;
    cmd('error', `internal error: ${e?.message ?? String(err)} (a bug in kubegrade; please report it)`);
    if (env.RUNNER_DEBUG === '1') io.stdout(`::debug::${commandData(e?.stack ?? '')}\n`);
    return 1;
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
