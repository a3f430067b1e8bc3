/**
 * --format gradescope against Gradescope's documented results.json
 * (Autograder Specifications, https://gradescope-autograders.readthedocs.io/en/latest/specs/;
 * test/schemas/gradescope-results.schema.json is written from it), and
 * examples/gradescope/run_autograder run the way Gradescope runs it, in a
 * simulated /autograder tree (AUTOGRADER_ROOT).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { grade } from '../src/index.js';
import { renderAll } from '../src/reporters/index.js';
import { gradescope, type GradescopeResults } from '../src/reporters/gradescope.js';
import { missingReport } from '../src/batch/rows.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { HOSTILE_TEXT, pathological } from './helpers/hostile.js';

const REPO = new URL('..', import.meta.url).pathname;
const schema = JSON.parse(readFileSync(join(REPO, 'test/schemas/gradescope-results.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const valid = (x: unknown) => {
  const ok = validate(x);
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

const tmp = mkdtempSync(join(tmpdir(), 'kg-gradescope-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const faultyDir = materialize('pvc-storage-class-rbd');
const [good, faulty, hostile] = await Promise.all([grade(GOOD), grade(faultyDir), grade(pathological(1000))]);
const render = (reports = [faulty], outDir?: string) => JSON.parse(renderAll(gradescope, reports, { color: false, ...(outDir ? { outDir } : {}) })) as GradescopeResults;

describe('gradescope', () => {
  it('full marks: valid results.json, the score, every test passed', () => {
    const r = render([good]);
    expect(valid(r)).toEqual([]);
    expect(r.score).toBe(good.maxScore);
    expect(r.tests.every((t) => t.status === 'passed' && t.score === t.max_score)).toBe(true);
  });

  it('a test per check that ran (skipped live checks left out), failures with file:line:column and the hint, text formats throughout', () => {
    const r = render();
    expect(valid(r)).toEqual([]);
    expect(r.score).toBe(faulty.score);
    const ran = faulty.checks.filter((c) => c.status !== 'skip');
    expect(r.tests.map((t) => t.name)).toEqual(ran.map((c) => `${c.title} (${c.id})`));
    expect(r.tests.reduce((s, t) => s + t.max_score, 0)).toBe(faulty.maxScore);
    const check = faulty.checks.find((c) => c.id === 'redis-pvc.storage-class')!;
    const t = r.tests.find((x) => x.name.endsWith('(redis-pvc.storage-class)'))!;
    expect(t).toMatchObject({ status: 'failed', score: 0, max_score: check.maxPoints, visibility: 'visible', output_format: 'text', name_format: 'text' });
    expect(t.output).toBe(`${check.location!.file}:${check.location!.line}:${check.location!.column}  ${check.message}\n  → ${check.hint}`);
    // Gradescope's default top-level format (simple_format) renders HTML: kubegrade says text
    expect(r).toMatchObject({ output_format: 'text', test_output_format: 'text', test_name_format: 'text', stdout_visibility: 'hidden' });
    expect(r.output).toContain(`${faulty.score}/${faulty.maxScore}`);
  });

  it('the pathological submission: still valid, no control characters, bounded', () => {
    const text = renderAll(gradescope, [hostile], { color: false });
    const r = JSON.parse(text) as GradescopeResults;
    expect(valid(r)).toEqual([]);
    const all = [r.output, ...r.tests.flatMap((t) => [t.name, t.output])].join('\n');
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(all).toContain('<script>'); // as text: Gradescope escapes it in text format
    expect(Buffer.byteLength(text)).toBeLessThan(200_000);
    expect(r.tests.find((t) => t.name.endsWith('(schema.other)'))!.output).toMatch(/… and \d+ more \(\d+ in all; kubegrade check --format json lists (them all|the first \d+)\)$/);
    expect(HOSTILE_TEXT).toContain('<script>');
  });

  it('several reports: a JSON array on the main stream; with outDir, one results.json per student folder', () => {
    const out = join(tmp, 'out');
    const reports = [good, faulty, { ...faulty, dir: join(tmp, 'class', 'bob') }];
    const text = renderAll(gradescope, reports, { color: false, outDir: out });
    expect(text.split('\n')).toHaveLength(reports.length + 3); // '[', an object a line, ']', and the final newline
    const arr = JSON.parse(text) as GradescopeResults[];
    expect(arr.map((x) => x.score)).toEqual([good.score, faulty.score, faulty.score]);
    for (const [folder, report] of [[GOOD.split('/').pop()!, good], [faultyDir.split('/').pop()!, faulty], ['bob', faulty]] as const) {
      const file = join(out, 'gradescope', folder, 'results.json');
      const r = JSON.parse(readFileSync(file, 'utf8')) as GradescopeResults;
      expect(valid(r)).toEqual([]);
      expect(r.score).toBe(report.score);
    }
  });

  it('batch: a roster student without a submission gets 0 and the reason', () => {
    const r = render([missingReport({ username: 'zoe', missing: 'no submission: no folder zoe' }, {})]);
    expect(valid(r)).toEqual([]);
    expect(r.score).toBe(0);
    expect(r.output).toContain('zoe: no submission: no folder zoe, 0/');
  });

  describe('examples/gradescope/run_autograder in a simulated /autograder', () => {
    const runAutograder = (root: string) =>
      spawnSync('bash', [join(REPO, 'examples/gradescope/run_autograder')], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, AUTOGRADER_ROOT: root, KUBEGRADE: `${process.execPath} ${join(REPO, 'bin/kubegrade.js')}` },
        timeout: 60_000,
      });
    const tree = (name: string) => {
      const root = join(tmp, name);
      mkdirSync(join(root, 'source'), { recursive: true });
      return root;
    };

    it('grades /autograder/submission into /autograder/results/results.json, with the rubric shipped in source/', () => {
      const root = tree('autograder');
      cpSync(faultyDir, join(root, 'submission'), { recursive: true });
      let r = runAutograder(root);
      expect(r.status, r.stderr).toBe(0);
      const first = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults;
      expect(valid(first)).toEqual([]);
      expect(first.score).toBe(faulty.score);
      // the course's own rubric in the autograder zip: its cluster's class is rbd
      const rubric = readFileSync(join(REPO, 'rubrics/coe332-hw6.yml'), 'utf8').replace(/storageClassName: .*/, 'storageClassName: rbd');
      writeFileSync(join(root, 'source', 'rubric.yml'), rubric);
      r = runAutograder(root);
      expect(r.status, r.stderr).toBe(0);
      const second = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults;
      expect(valid(second)).toEqual([]);
      expect(second.tests.find((t) => t.name.endsWith('(redis-pvc.storage-class)'))!.status).toBe('passed');
      expect(second.score).toBeGreaterThan(first.score);
    });

    it('no submission folder: still a results.json Gradescope shows, score 0 and why', () => {
      const root = tree('empty');
      const r = runAutograder(root);
      expect(r.status).toBe(0);
      const res = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults;
      expect(valid(res)).toEqual([]);
      expect(res.score).toBe(0);
      expect(res.output).toMatch(/^kubegrade could not grade this submission:\n.*submission/);
      expect(existsSync(join(root, 'results', 'results.json.tmp'))).toBe(false);
    });
  });
});
