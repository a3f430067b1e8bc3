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
function runAction(submission: string | undefined, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Run {
  const job = mkdtempSync(join(base, 'job-'));
  const workspace = join(job, 'work', 'repo');
  const temp = join(job, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp);
  if (submission) cpSync(submission, join(workspace, 'hw'), { recursive: true });
  const files = join(temp, '_runner_file_commands');
  mkdirSync(files);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: job,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionPath,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(files, 'set_output_1'),
    GITHUB_STEP_SUMMARY: join(files, 'step_summary_1'),
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
    const want = annotationsOf(expected).slice(0, 10);
    expect(errors.map((e) => [e.props.title, e.props.file, Number(e.props.line), Number(e.props.col)])).toEqual(
      want.map((a) => [a.check.id, `hw/${a.finding.location!.file}`, a.finding.location!.line, a.finding.location!.column]),
    );
    // The −2 check leads; the messages carry the hint and the points.
    expect(errors[0]!.props.title).toBe('redis-service.selects-only-redis');
    expect(errors[0]!.message).toMatch(/\nhint: .+\n−2 points \(0\/2\)$/);
    expect(errors.map((e) => e.props.title)).toContain('redis-pvc.storage-class');
    // The last command says why the step failed.
    expect(r.commands.at(-1)).toEqual({ level: 'error', props: { title: 'kubegrade' }, message: expect.stringMatching(new RegExp(`^score \\d+/${STATIC_MAX}: \\d+ points lost \\(fail-on: any`)) });
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
    expect(above.commands.at(-1)!.message).toBe(`score ${score}/${STATIC_MAX} is below the minimum of ${score + 1} (fail-on)`);
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
    expect(errors.filter((c) => c.props.title !== undefined && !/fail-on/.test(c.message)).length).toBe(10);
    // one per cause: never the same instruction twice
    const keys = errors.map((c) => `${c.props.file ?? ''}:${c.props.line ?? ''}:${c.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    const more = r.commands.filter((c) => c.level === 'notice' && /more findings not annotated/.test(c.message));
    expect(more.map((c) => c.message.split(' ')[0])).toEqual([String(total - 10)]);
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

  it('a bad path: one clear ::error naming it and the folders there, no stack trace, the step fails', () => {
    const r = runAction(GOOD, { path: 'homework06' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.commands).toEqual([{ level: 'error', props: { title: 'kubegrade' }, message: 'path: "homework06": no such folder in the workspace (its folders: hw)' }]);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.outputs).toEqual({});
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
    expect(r.status).toBe(1);
    expect(r.commands.filter((c) => c.level === 'error')).toEqual([{ level: 'error', props: { title: 'kubegrade' }, message: expect.stringMatching(/^cannot reach the API server at https:\/\/127\.0\.0\.1:9/) }]);
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });

  it('username and set inputs reach the grade', () => {
    const r = runAction(GOOD, { username: 'jdoe', set: 'storageClassName=nfs\n\n' });
    expect(r.status).toBe(1);
    expect(r.commands.find((c) => c.props.title === 'redis-pvc.storage-class')!.message).toMatch(/the rubric wants "nfs"/);
  });
});
