/**
 * The GitHub Action as the runner runs it: `node action/dist/index.js` (the
 * committed bundle, action.yml's `runs.main`) from a copy of the files a
 * checkout of the action holds, with no node_modules anywhere near, and the
 * environment GitHub sets: INPUT_<NAME> for every input (action.yml's defaults
 * included; names upper-cased, hyphens kept), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE as the working folder.
 * A harness of our own (@github/local-action runs actions through its own
 * TypeScript loader and stubs @actions/core, which this action does not use).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../src/grade.js';
import { annotationsOf } from '../src/reporters/github.js';
import type { ClassroomResult } from '../src/action/classroom.js';
import type { Report } from '../src/types.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { itWith, pathOf, sarifMultitool } from './helpers/tools.js';
import { STATIC_MAX } from './helpers/rubric.js';

const ROOT = new URL('..', import.meta.url).pathname;
const ACTION_YML = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
};

let base: string;
let actionPath: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kg-action-'));
  // What a checkout of the action holds and the action uses: action.yml, the bundle, the rubrics.
  actionPath = join(base, 'action-checkout');
  for (const p of ['action.yml', 'action', 'rubrics']) cpSync(join(ROOT, p), join(actionPath, p), { recursive: true });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  commands: { level: string; props: Record<string, string>; message: string }[];
  workspace: string;
}

/** One step of a job: a workspace holding the submission under `hw/`, and the action run on it (`path: hw` unless given). */
function runAction(submission: string | undefined, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}, options: { job?: string; files?: Record<string, string>; step?: number } = {}): Run {
  const job = options.job ?? mkdtempSync(join(base, 'job-'));
  const step = options.step ?? 1;
  const workspace = join(job, 'work', 'repo');
  const temp = join(job, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  if (submission) cpSync(submission, join(workspace, 'hw'), { recursive: true });
  for (const [name, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  const files = join(temp, '_runner_file_commands');
  mkdirSync(files, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: job,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionPath,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(files, `set_output_${step}`),
    GITHUB_STEP_SUMMARY: join(files, `step_summary_${step}`),
    // The runner's name for a step without an id: unique in the job (a suffix from the second use on).
    GITHUB_ACTION: step === 1 ? '__OWNER_kubegrade' : `__OWNER_kubegrade_${step}`,
  };
  Object.assign(env, extraEnv);
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  for (const [name, spec] of Object.entries(ACTION_YML.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? (name === 'path' ? 'hw' : (spec.default ?? ''));
  const r = spawnSync(process.execPath, [join(actionPath, ACTION_YML.runs.main)], { cwd: workspace, env, encoding: 'utf8' });
  const outputs: Record<string, string> = {};
  for (const m of readFileSync(env.GITHUB_OUTPUT!, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm)) outputs[m[1]!] = m[3]!;
  const commands = [...r.stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    props: Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), decodeURIComponent(kv.slice(kv.indexOf('=') + 1))])),
    message: decodeURIComponent(m[3]!),
  }));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'), commands, workspace };
}

/**
 * What the runner keeps as the step's annotations (actions/runner
 * ExecutionContext.AddIssue): the first 10 of each level (error, warning,
 * notice); the rest are only in the log.
 */
function asTheRunnerShowsIt(commands: Run['commands']): Run['commands'] {
  const seen: Record<string, number> = {};
  return commands.filter((c) => (seen[c.level] = (seen[c.level] ?? 0) + 1) <= 10);
}

const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as ClassroomResult;

/**
 * What classroom-resources/autograding-grading-reporter computes from a
 * result (its src/notify-classroom.js: the points sent to Classroom are the
 * sum of the tests' scores; src/helpers/test-helpers.js getTestScore: its
 * table's score is passed/tests × max_score), and what it reads of each test.
 */
function asTheReporterReadsIt(r: ClassroomResult) {
  expect(r.version).toBe(1);
  expect(['pass', 'fail', 'error']).toContain(r.status);
  for (const t of r.tests) {
    expect(Object.keys(t).sort()).toEqual(['duration', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
    expect(['pass', 'fail', 'error']).toContain(t.status);
    expect(typeof t.line_no).toBe('number');
    expect(typeof t.filename).toBe('string');
  }
  const passed = r.tests.filter((t) => t.status === 'pass').length;
  return { points: r.tests.reduce((s, t) => s + t.score, 0), tableScore: (passed / r.tests.length) * (r.max_score || 0), maxPoints: r.max_score };
}

/** A copy of the good submission with the PVC wrong three ways, and a Service that selects Flask's pods too (−2). */
function faulty(): string {
  const dir = materialize('flask-pods-copy-redis-labels');
  const pvc = join(dir, 'jdoe-test-redis-pvc.yml');
  writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('- ReadWriteOnce', '- readWriteOnce').replace('rdb', 'rbd').replace('1Gi', '1G'));
  return dir;
}

/** Thousands of findings and hostile text: 2,500 unknown fields, 300 broken files, markup and a long value. */
function pathological(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-patho-'));
  cpSync(GOOD, dir, { recursive: true });
  const pvc = join(dir, 'jdoe-test-redis-pvc.yml');
  const extra = Array.from({ length: 2500 }, (_, i) => `  bogus${i}${'<b>|'.repeat(20)}x: "<script>|*_"\n`).join('') + `  long: "${'<img src=x onerror=alert(1)>|'.repeat(3000)}"\n`;
  writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('spec:\n', `spec:\n${extra}`));
  for (let i = 0; i < 300; i++) writeFileSync(join(dir, `junk-${i}.yml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "<b>${'x'.repeat(i)}"\ndata:\n  a: [1\n`);
  return dir;
}

describe('action.yml', () => {
  it('parses, runs the committed bundle on node24, and declares what the action reads and writes', () => {
    expect(ACTION_YML.runs).toEqual({ using: 'node24', main: 'action/dist/index.js' });
    expect(statSync(join(ROOT, ACTION_YML.runs.main)).isFile()).toBe(true);
    // Every input the code reads is declared, with a description and a default (and no other).
    const source = readFileSync(join(ROOT, 'src/action/run.ts'), 'utf8');
    const read = new Set([...source.matchAll(/input\(env, '([a-z-]+)'\)/g)].map((m) => m[1]!));
    expect(new Set(Object.keys(ACTION_YML.inputs))).toEqual(read);
    for (const spec of Object.values(ACTION_YML.inputs)) {
      expect(spec.description).toBeTruthy();
      expect(typeof spec.default).toBe('string');
    }
    expect(Object.keys(ACTION_YML.outputs).sort()).toEqual(['max-score', 'passed', 'report', 'result', 'sarif-file', 'score']);
  });
});

describe('the action, run as the runner runs it', () => {
  it('full marks: exit 0, a score notice and no error, outputs, the summary, a Classroom result of full points', () => {
    const r = runAction(GOOD);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.commands.filter((c) => c.level !== 'notice')).toEqual([]);
    expect(r.commands).toContainEqual({ level: 'notice', props: { title: 'kubegrade (jdoe)' }, message: `score ${STATIC_MAX}/${STATIC_MAX}` });
    expect(r.outputs).toMatchObject({ score: String(STATIC_MAX), 'max-score': String(STATIC_MAX), passed: 'true' });
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as Report;
    expect([report.score, report.maxScore, report.dir]).toEqual([STATIC_MAX, STATIC_MAX, 'hw']);
    expect(r.summary).toBe(`### kubegrade: jdoe · ${STATIC_MAX}/${STATIC_MAX}\n\nFull marks.\n`);
    const c = decode(r.outputs.result!);
    expect(c.status).toBe('pass');
    expect(asTheReporterReadsIt(c)).toEqual({ points: STATIC_MAX, tableScore: STATIC_MAX, maxPoints: STATIC_MAX });
  });

  it('points lost: the costliest annotations first, on file:line:col with the check id as title; the step fails (fail-on: any)', async () => {
    const dir = faulty();
    const expected = await grade(dir);
    const r = runAction(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ score: String(expected.score), 'max-score': String(expected.maxScore), passed: 'false' });
    const errors = r.commands.filter((c) => c.level === 'error' && c.props.file);
    const want = annotationsOf(expected).slice(0, 9); // the 10th error is the line saying why the step failed
    expect(errors.map((e) => [e.props.title, e.props.file, Number(e.props.line), Number(e.props.col)])).toEqual(
      want.map((a) => [a.check.id, `hw/${a.finding.location!.file}`, a.finding.location!.line, a.finding.location!.column]),
    );
    // The −2 check leads; the messages carry the hint and the points.
    expect(errors[0]!.props.title).toBe('redis-service.selects-only-redis');
    expect(errors[0]!.message).toMatch(/\nhint: .+\n−2 points \(0\/2\)$/);
    expect(errors.map((e) => e.props.title)).toContain('redis-pvc.storage-class');
    // The first command says why the step failed.
    expect(r.commands[0]).toEqual({ level: 'error', props: { title: 'kubegrade' }, message: expect.stringMatching(new RegExp(`^score \\d+/${STATIC_MAX}: \\d+ points lost \\(fail-on: any`)) });
    // The summary: every finding, escaped.
    for (const c of expected.checks.filter((x) => x.status === 'fail')) expect(r.summary).toContain(`\`${c.id}\``);
    // Classroom: the report's numbers, however the reporter adds them up.
    const c = decode(r.outputs.result!);
    expect(c.status).toBe('fail');
    expect(asTheReporterReadsIt(c)).toEqual({ points: expected.score, tableScore: expected.score, maxPoints: expected.maxScore });
    const lost = c.tests.find((t) => t.name === 'redis-pvc.storage-class')!;
    expect(lost).toMatchObject({ status: 'fail', score: 0, filename: 'hw/jdoe-test-redis-pvc.yml', line_no: 12 });
    expect(c.tests.filter((t) => t.name.startsWith('redis-service.selects-only-redis')).map((t) => t.name)).toEqual(['redis-service.selects-only-redis (1/2)', 'redis-service.selects-only-redis (2/2)']);
  });

  it('fail-on: never and a minimum score pass the step; a minimum above the score fails it; passed follows the bar', async () => {
    const dir = faulty();
    const { score } = await grade(dir);
    expect(runAction(dir, { 'fail-on': 'never' })).toMatchObject({ status: 0, outputs: { passed: 'false', score: String(score) } });
    expect(runAction(dir, { 'fail-on': String(score) })).toMatchObject({ status: 0, outputs: { passed: 'true' } });
    const above = runAction(dir, { 'fail-on': String(score + 1) });
    expect(above).toMatchObject({ status: 1, outputs: { passed: 'false' } });
    expect(above.commands[0]!.message).toBe(`score ${score}/${STATIC_MAX} is below the minimum of ${score + 1} (fail-on)`);
    const none = runAction(dir, { annotations: '0', 'fail-on': 'never' });
    expect(none.commands).toEqual([]);
  });

  it('a pathological submission: 10 annotations per level, one notice for the rest, a summary under 1 MiB, every finding in the report', () => {
    const r = runAction(pathological());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    // A file over the size limit is one finding, not thousands (the bounds of issue 7); the annotations still stop at 10 per level.
    const errors = r.commands.filter((c) => c.level === 'error' && (c.props.file || c.props.title));
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as Report;
    const total = annotationsOf(report).length;
    expect(total).toBeGreaterThan(10);
    expect(errors.filter((c) => c.props.title !== undefined && !/fail-on/.test(c.message)).length).toBe(9);
    // one per cause: never the same instruction twice
    const keys = errors.map((c) => `${c.props.file ?? ''}:${c.props.line ?? ''}:${c.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    const more = r.commands.filter((c) => c.level === 'notice' && /more findings not annotated/.test(c.message));
    expect(more.map((c) => c.message.split(' ')[0])).toEqual([String(total - 9)]);
    // What GitHub shows holds the reason the step failed, and the count of what it does not show.
    const shown = asTheRunnerShowsIt(r.commands);
    expect(shown.filter((c) => c.level === 'error').length).toBe(10);
    expect(shown).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/points lost \(fail-on: any/) }));
    expect(shown).toContainEqual(more[0]);
    // Within GitHub's caps: 10 per level per step, 50 per job.
    expect(r.commands.length).toBeLessThanOrEqual(50);
    const bytes = Buffer.byteLength(r.summary);
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(r.summary).not.toMatch(/<script|<img|<b>/); // student markup is text, not HTML
    for (const line of r.summary.split('\n').filter((l) => l.startsWith('| −'))) expect(line.split(/(?<!\\)\|/).length).toBe(7); // no cell broke its row
    // every check's findings in the report, capped with a count of the rest
    for (const c of report.checks) expect((c.findings ?? []).length).toBeLessThanOrEqual(51);
    // The Classroom result travels in an environment variable to the reporter: well under Linux's 128 KiB.
    expect(r.outputs.result!.length).toBeLessThan(64 * 1024);
  });

  it('a bad path: one clear ::error naming it and the folders there, a notice naming the folder of the YAML files, 0 with the reason in every output', () => {
    const r = runAction(GOOD, { path: 'homework06' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const reason = 'path: "homework06": no such folder in the workspace (its folders: hw)';
    expect(r.commands).toEqual([
      { level: 'error', props: { title: 'kubegrade' }, message: reason },
      { level: 'notice', props: { title: 'kubegrade' }, message: 'the YAML files are in hw (5 YAML files): set path: hw' },
    ]);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    // Classroom records 0 out of the rubric's points, with the reason (not "Unexpected end of JSON input").
    expect(r.outputs).toMatchObject({ score: '0', 'max-score': String(STATIC_MAX), passed: 'false' });
    const c = decode(r.outputs.result!);
    expect(c).toMatchObject({ status: 'error', max_score: STATIC_MAX });
    expect(c.tests).toEqual([expect.objectContaining({ name: 'kubegrade', status: 'error', score: 0, message: `not graded: ${reason}` })]);
    expect(asTheReporterReadsIt(c)).toMatchObject({ points: 0, maxPoints: STATIC_MAX });
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as Report;
    expect([report.score, report.maxScore, report.error]).toEqual([0, STATIC_MAX, reason]);
    expect(r.summary).toBe(`### kubegrade: unknown user · 0/${STATIC_MAX}\n\nNot graded: path: "homework06": no such folder in the workspace (its folders: hw)\n`);
    // fail-on: never passes the step (as Classroom's graders do), so that the reporter after it runs
    expect(runAction(GOOD, { path: 'homework06', 'fail-on': 'never' })).toMatchObject({ status: 0, outputs: { score: '0', 'max-score': String(STATIC_MAX), passed: 'false' } });
    const file = runAction(GOOD, { path: 'hw/jdoe-test-redis-pvc.yml' });
    expect(file.commands[0]!.message).toMatch(/^path: "hw\/jdoe-test-redis-pvc.yml" is a file/);
  });

  it('bad inputs are ::error lines saying what is expected', () => {
    expect(runAction(GOOD, { 'fail-on': 'sometimes' }).commands[0]!.message).toBe('fail-on: "sometimes": expected any (fail when a point is lost), never, or a minimum score such as 40');
    expect(runAction(GOOD, { annotations: 'lots' }).commands[0]!.message).toMatch(/^annotations: "lots": expected how many/);
    expect(runAction(GOOD, { live: 'maybe' }).commands[0]!.message).toBe('live: "maybe": expected true or false');
    const rubric = runAction(GOOD, { rubric: 'no-such-rubric.yml' });
    expect(rubric.status).toBe(1);
    expect(rubric.commands[0]!.message).toMatch(/no-such-rubric\.yml/);
  });

  it('every input error still writes score, max-score, passed and an error Classroom result (the reason in it)', () => {
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ 'fail-on': 'sometimes' }, /^fail-on: "sometimes"/, String(STATIC_MAX)],
      [{ annotations: 'lots' }, /^annotations: "lots"/, String(STATIC_MAX)],
      [{ live: 'maybe' }, /^live: "maybe"/, String(STATIC_MAX)],
      // a rubric that does not load: its points are unknown, so 0 out of the course's rubric's
      [{ rubric: 'no-such-rubric.yml' }, /no-such-rubric\.yml: cannot read the rubric/, String(STATIC_MAX)],
      [{ rubric: 'hw' }, /hw: cannot read the rubric/, String(STATIC_MAX)], // a folder: unreadable as a file
      [{ set: 'noSuchParam=1' }, /noSuchParam/, String(STATIC_MAX)],
    ];
    for (const [inputs, reason, max] of cases) {
      const r = runAction(GOOD, inputs);
      expect(r.status, JSON.stringify(inputs)).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.commands[0]!.message).toMatch(reason);
      expect(r.outputs).toMatchObject({ score: '0', 'max-score': max, passed: 'false' });
      const c = decode(r.outputs.result!);
      asTheReporterReadsIt(c);
      expect(c.status).toBe('error');
      expect(c.max_score).toBe(Number(max));
      expect(c.tests[0]!.message.startsWith('not graded: ')).toBe(true);
      expect(c.tests[0]!.message).toMatch(new RegExp(reason.source.replace(/^\^/, '')));
    }
  });

  const multitool = sarifMultitool();
  itWith(multitool, 'sarif-multitool validate')('sarif-file: SARIF from the same report, repository paths, no validator error (GitHub rules on)', async () => {
    const dir = faulty();
    const expected = await grade(dir);
    const files: string[] = [];
    for (const [name, submission] of [['faulty', dir], ['pathological', pathological()], ['good', GOOD]] as const) {
      const r = runAction(submission, { 'sarif-file': `out/${name}.sarif`, 'fail-on': 'never' });
      expect(r.status).toBe(0);
      expect(r.outputs['sarif-file']).toBe(join(r.workspace, 'out', `${name}.sarif`));
      const log = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      expect(log.version).toBe('2.1.0');
      const results = log.runs[0]!.results;
      if (name === 'good') expect(results).toEqual([]);
      else for (const x of results) expect(x.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^hw\//);
      if (name === 'faulty') expect(new Set(results.map((x) => x.ruleId))).toEqual(new Set(expected.checks.filter((c) => c.status === 'fail').map((c) => c.id)));
      const keep = join(base, `${name}.sarif`);
      cpSync(r.outputs['sarif-file']!, keep);
      files.push(keep);
    }
    const out = join(base, 'validation.sarif');
    const v = spawnSync(pathOf(multitool), ['validate', '--rule-kind', 'Sarif;Gh', '--output', out, ...files], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, timeout: 120_000 });
    expect(v.stdout).toContain(`Done. ${files.length} files scanned.`);
    const errors = (JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { level: string; ruleId: string }[] }[] }).runs[0]!.results.filter((x) => x.level === 'error');
    expect(errors, v.stdout).toEqual([]);
  }, 120_000);

  it('live: true loads the live pass from its committed brotli chunk, and an unreachable cluster is one clear ::error', () => {
    expect(readdirSync(join(actionPath, 'action', 'dist')).some((f) => f.endsWith('.js.br'))).toBe(true);
    const kubeconfig = join(base, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\ncontexts: [{name: x, context: {cluster: c, user: u, namespace: hw}}]\ncurrent-context: x\nusers: [{name: u, user: {token: t}}]\n');
    const r = runAction(GOOD, { live: 'true', 'fail-on': 'never' }, { KUBECONFIG: kubeconfig });
    expect(r.stderr).toBe('');
    // the cluster's failure, not the submission's: the step fails even with fail-on: never, and the outputs say why
    expect(r.status).toBe(1);
    expect(r.commands.filter((c) => c.level === 'error')).toEqual([{ level: 'error', props: { title: 'kubegrade' }, message: expect.stringMatching(/^cannot reach the API server at https:\/\/127\.0\.0\.1:9/) }]);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(decode(r.outputs.result!)).toMatchObject({ status: 'error', tests: [{ message: expect.stringMatching(/^not graded: cannot reach the API server/) }] });
  });

  it('loads the engine (its own file, engine.js) only for a data rubric: a HW6 run reads none of it (nor the yaml package) and no more JavaScript than before the engine, a final project grades with both', () => {
    // Node's own module hooks, preloaded: the name of every file of the bundle that is loaded, import() and require() alike.
    const hook = join(base, 'record-loads.mjs');
    writeFileSync(hook, "import { registerHooks } from 'node:module';\nconst seen = new Set();\nregisterHooks({ load(url, context, next) { if (url.includes('/action/dist/')) seen.add(url.slice(url.lastIndexOf('/') + 1)); return next(url, context); } });\nprocess.on('exit', () => { process.stderr.write(`loaded: ${[...seen].sort().join(' ')}\\n`); });\n");
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` };
    const loaded = (r: Run) => /^loaded: (.*)$/m.exec(r.stderr)![1]!.split(' ');
    const hw6 = runAction(GOOD, {}, env);
    expect(hw6.outputs).toMatchObject({ score: String(STATIC_MAX), 'max-score': String(STATIC_MAX) });
    expect(loaded(hw6)).toContain('index.js');
    expect(loaded(hw6)).not.toContain('engine.js');
    expect(loaded(hw6)).not.toContain('yaml.js'); // src/parse/fast.ts read every file, the shipped rubric is JSON
    // Issue 19: a HW6 run loads no more JavaScript than before the rubric-as-data redesign (316.8 KiB then):
    // the HW6 checks import the templates they run, not the engine's registry of all of them, and the yaml package waits for its first use.
    const js = loaded(hw6).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(1); // the hook saw the chunks, not only the entry
    expect(js.reduce((n, f) => n + statSync(join(actionPath, 'action', 'dist', f)).size, 0)).toBeLessThanOrEqual(316.8 * 1024);
    const final = runAction(join(ROOT, 'fixtures', 'coe332-final-sp24', 'good'), { rubric: join(actionPath, 'rubrics', 'coe332-final-sp24.yml') }, env);
    expect(final.status).toBe(0);
    expect(final.stderr.replace(/^loaded: .*\n/m, '')).toBe(''); // no warning about loading it (require of an ES module)
    expect(final.outputs.score).toBe(final.outputs['max-score']);
    expect(Number(final.outputs.score)).toBeGreaterThan(STATIC_MAX);
    expect(loaded(final)).toContain('engine.js');
    expect(loaded(final)).toContain('yaml.js'); // the rubric file is YAML: the package, loaded at its first use, read it
  });

  it('username and set inputs reach the grade', () => {
    const r = runAction(GOOD, { username: 'jdoe', set: 'storageClassName=nfs\n\n' });
    expect(r.status).toBe(1);
    expect(r.commands.find((c) => c.props.title === 'redis-pvc.storage-class')!.message).toMatch(/the rubric wants "nfs"/);
  });

  it('two kubegrade steps in one job: each its own report file (the step is in its path), named by its report output', () => {
    const job = mkdtempSync(join(base, 'job-'));
    const first = runAction(GOOD, {}, {}, { job, step: 1 });
    const second = runAction(faulty(), { 'fail-on': 'never' }, {}, { job, step: 2 });
    expect(first.outputs.report).not.toBe(second.outputs.report);
    expect(first.outputs.report).toMatch(/\/kubegrade\/__OWNER_kubegrade\/report\.json$/);
    expect((JSON.parse(readFileSync(first.outputs.report!, 'utf8')) as Report).score).toBe(STATIC_MAX);
    expect((JSON.parse(readFileSync(second.outputs.report!, 'utf8')) as Report).score).toBe(Number(second.outputs.score));
    expect(Number(second.outputs.score)).toBeLessThan(STATIC_MAX);
  });

  it('a username input the files contradict: graded as given, and a warning annotation naming both', () => {
    const r = runAction(GOOD, { username: 'jdeo', 'fail-on': 'never' });
    const warnings = r.commands.filter((c) => c.level === 'warning' && c.props.title === 'kubegrade');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/^username: "jdeo" is not the username of the submission's files, "jdoe"/);
    expect(asTheRunnerShowsIt(r.commands)).toContainEqual(warnings[0]);
    expect(Number(r.outputs.score)).toBeLessThan(STATIC_MAX);
    expect(r.summary).toMatch(new RegExp(`^### kubegrade: jdeo · \\d+/${STATIC_MAX}\\n\\n> Graded as jdeo; the files say jdoe\\.\\n`));
    // the files' own username: no warning
    expect(runAction(GOOD, { username: 'jdoe' }).commands.filter((c) => c.level === 'warning')).toEqual([]);
  });

  it('category is the SARIF file\'s automationDetails.id; without it there is none, so upload-sarif\'s category applies', () => {
    const category = (inputs: Record<string, string>) => {
      const r = runAction(faulty(), { 'sarif-file': 'k.sarif', 'fail-on': 'never', ...inputs });
      return (JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as { runs: { automationDetails?: { id: string } }[] }).runs[0]!.automationDetails;
    };
    expect(category({ category: 'hw6' })).toEqual({ id: 'hw6/' });
    expect(category({ category: 'course/hw7/' })).toEqual({ id: 'course/hw7/' });
    expect(category({})).toBeUndefined();
  });

  it('a finding with no place of its own: on the folder in SARIF, an annotation with no file', () => {
    const r = runAction(materialize('redis-pvc-missing'), { 'sarif-file': 'k.sarif', 'fail-on': 'never' });
    const log = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[] }[] }[] };
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as Report;
    const pvc = log.runs[0]!.results.find((x) => x.ruleId === 'files.redis-pvc')!;
    expect(pvc.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'hw/', uriBaseId: '%SRCROOT%' } });
    for (const f of report.files) expect(pvc.locations[0]!.physicalLocation.artifactLocation.uri).not.toBe(`hw/${f}`);
    const annotation = r.commands.find((c) => c.props.title === 'files.redis-pvc');
    if (annotation) expect(annotation.props.file).toBeUndefined();
  });

  it('a check with more than 50 findings: the exact count of the rest, in the summary and the report, never a SARIF result', () => {
    const dir = mkdtempSync(join(base, 'many-'));
    cpSync(GOOD, dir, { recursive: true });
    for (let i = 0; i < 120; i++) writeFileSync(join(dir, `broken-${String(i).padStart(3, '0')}.yml`), 'a: [\n');
    const r = runAction(dir, { 'sarif-file': 'k.sarif', 'fail-on': 'never' });
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as Report;
    const parse = report.checks.find((c) => c.id === 'yaml.parse')!;
    expect(parse.findings).toHaveLength(51);
    expect(parse.findings!.at(-1)).toMatchObject({ message: '(and 70 more findings, not listed)', leftOut: 70 });
    expect(r.summary).toContain('(and 70 more findings, not listed)');
    expect(r.summary).not.toMatch(/and 1 more finding/);
    const log = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as { runs: { results: { ruleId: string; message: { text: string } }[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[] }[] };
    const run = log.runs[0]!;
    expect(run.results.filter((x) => x.ruleId === 'yaml.parse')).toHaveLength(50);
    expect(run.results.some((x) => /more findings, not listed/.test(x.message.text))).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications!.map((n) => n.message.text)).toContain('yaml.parse: 70 more findings not listed (a report keeps the first findings of each check).');
    // the annotations do not annotate the count either
    expect(r.commands.some((c) => /more findings, not listed/.test(c.message))).toBe(false);
  });

  it('file names with |, &, < in the summary table: one cell each, shown as written', () => {
    const dir = mkdtempSync(join(base, 'names-'));
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(join(dir, 'a|b&c<d>`e.yml'), 'a: [\n');
    const r = runAction(dir, { 'fail-on': 'never' });
    const row = r.summary.split('\n').find((l) => l.includes('yaml.parse'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(7); // six cells between seven unescaped pipes
    expect(row).toContain('<code>a\\|b&amp;c&lt;d&gt;\\`e.yml:2:1</code>');
  });

  it('the Classroom result stays under 32,000 characters (an environment variable) with a large rubric, whole JSON, the same points', () => {
    // The course's rubric at 4× the points and yaml.parse one more (no common unit but 1): 189 one-point tests, with long messages, on a pathological submission.
    const rubric = readFileSync(join(ROOT, 'rubrics', 'coe332-hw6.yml'), 'utf8')
      .replace(/points: (\d+)/g, (_, n: string) => `points: ${Number(n) * 4}`)
      .replace(/id: yaml\.parse\n {4}points: (\d+)/, (_, n: string) => `id: yaml.parse\n    points: ${Number(n) + 1}`);
    const r = runAction(pathological(), { rubric: 'rubric/big.yml', 'fail-on': 'never' }, {}, { files: { 'rubric/big.yml': rubric } });
    expect(r.commands.filter((c) => c.level === 'error' && c.props.title === 'kubegrade')).toEqual([]);
    expect(r.outputs.result!.length).toBeLessThanOrEqual(32_000);
    const c = decode(r.outputs.result!);
    expect(asTheReporterReadsIt(c)).toMatchObject({ points: Number(r.outputs.score), maxPoints: Number(r.outputs['max-score']) });
    expect(Number(r.outputs['max-score'])).toBe(4 * STATIC_MAX + 1);
  });

  it('a sarif-file that cannot be written (a folder): an ::error naming it, and the outputs still hold the grade', () => {
    const r = runAction(faulty(), { 'sarif-file': 'hw', 'fail-on': 'never' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.commands[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/^could not write sarif-file "hw": /) });
    expect(Number(r.outputs.score)).toBeGreaterThan(0);
    expect(decode(r.outputs.result!).status).toBe('fail');
    expect(r.outputs['sarif-file']).toBeUndefined();
  });

  it('a path one folder off (homework06 for homework07/): the notice names the folder that holds the YAML files, not .github', () => {
    const files: Record<string, string> = { '.github/workflows/ci.yml': 'on: push\n', 'README.md': '# hw\n' };
    for (const f of readdirSync(GOOD)) files[`homework07/${f}`] = readFileSync(join(GOOD, f), 'utf8');
    const r = runAction(undefined, { path: 'homework06' }, {}, { files });
    expect(r.commands.map((c) => [c.level, c.message])).toEqual([
      ['error', 'path: "homework06": no such folder in the workspace (its folders: homework07)'],
      ['notice', 'the YAML files are in homework07 (5 YAML files): set path: homework07'],
    ]);
    expect(r.outputs).toMatchObject({ score: '0', 'max-score': String(STATIC_MAX), passed: 'false' });
  });
});
