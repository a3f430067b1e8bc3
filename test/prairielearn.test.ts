/**
 * --format prairielearn against what PrairieLearn accepts, from its docs
 * ("Grading results", docs/externalGrading.md) and the code that reads
 * results.json (github.com/PrairieLearn/PrairieLearn):
 * - apps/grader-host/src/index.ts: JSON, at most 1 MB, else the job fails;
 * - apps/prairielearn/src/lib/externalGraderCommon.ts makeGradingResult:
 *   `score` a number (or absent when not gradable); `format_errors` a string
 *   or an array of strings;
 * - apps/prairielearn/src/lib/externalGrader.ts processGradingResult:
 *   `gradable` defaults to true, and a gradable result without a finite
 *   score in [0, 1] is turned into an ungradable one;
 * - elements/pl-external-grader-results: tests' `points`/`max_points` shown
 *   only when every test has both.
 * test/schemas/prairielearn-results.schema.json is written from these.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { grade } from '../src/index.js';
import { renderAll } from '../src/reporters/index.js';
import { prairielearn } from '../src/reporters/prairielearn.js';
import { missingReport } from '../src/batch/rows.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { pathological } from './helpers/hostile.js';

type Results = Record<string, unknown> & { gradable?: boolean; score?: number; points?: number; max_points?: number; format_errors?: unknown; tests?: { name: string; points: number; max_points: number; message: string; output: string }[] };

const schema = JSON.parse(readFileSync(new URL('./schemas/prairielearn-results.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** What PrairieLearn does with the file: the checks of grader-host, makeGradingResult and processGradingResult, in order. */
function prairieLearnReads(text: string): { gradable: boolean; score: number; formatErrors: string[]; problems: string[] } {
  const problems: string[] = [];
  if (Buffer.byteLength(text) > 1024 * 1024) problems.push('larger than 1MB');
  const data = JSON.parse(text) as Results;
  if (!validate(data)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  if (data.score != null && (typeof data.score !== 'number' || Number.isNaN(data.score))) problems.push('score not a number');
  const formatErrors = typeof data.format_errors === 'string' ? [data.format_errors] : Array.isArray(data.format_errors) ? (data.format_errors as string[]) : [];
  let gradable = Boolean(data.gradable ?? true);
  const score = data.score ?? 0;
  if (gradable && (data.score === undefined || !Number.isFinite(score) || score < 0 || score > 1)) {
    problems.push('gradable, but the score is missing or out of [0, 1]');
    gradable = false;
  }
  if (data.tests?.some((t) => t.points == null || t.max_points == null)) problems.push('a test without points: PrairieLearn would show no points at all');
  return { gradable, score, formatErrors, problems };
}

const tmp = mkdtempSync(join(tmpdir(), 'kg-pl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const folder = (name: string, files: Record<string, string>) => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  return dir;
};
const render = async (dir: string) => renderAll(prairielearn, [await grade(dir)], { color: false });

describe('prairielearn', () => {
  it('a faulty submission: gradable, score = points / max_points in [0, 1], a test per check with points and max_points', async () => {
    const report = await grade(materialize('pvc-storage-1G'));
    const text = renderAll(prairielearn, [report], { color: false });
    const read = prairieLearnReads(text);
    expect(read.problems).toEqual([]);
    expect(read.gradable).toBe(true);
    const r = JSON.parse(text) as Results;
    expect(r.score).toBeCloseTo(report.score / report.maxScore, 10);
    expect([r.points, r.max_points]).toEqual([report.score, report.maxScore]);
    expect(r.tests!.map((t) => t.name)).toEqual(report.checks.filter((c) => c.status !== 'skip').map((c) => c.id));
    const t = r.tests!.find((x) => x.name === 'redis-pvc.storage-request')!;
    const c = report.checks.find((x) => x.id === 'redis-pvc.storage-request')!;
    expect(t).toMatchObject({ points: 0, max_points: c.maxPoints, message: c.message });
    expect(t.output).toContain(`${c.location!.file}:${c.location!.line}:${c.location!.column}`);
  });

  it('full marks is a score of 1', async () => {
    const read = prairieLearnReads(await render(GOOD));
    expect(read).toMatchObject({ problems: [], gradable: true, score: 1 });
  });

  it('nothing could be read as Kubernetes: gradable false with format_errors, so the attempt does not count', async () => {
    const cases = {
      empty: folder('empty', {}),
      'only text': folder('text-only', { 'README.md': '# my homework\n' }),
      'does not parse': folder('broken', { 'jdoe-test-redis-pvc.yml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n\tname: x\n' }),
      'not Kubernetes': folder('compose', { 'docker-compose.yml': 'services:\n  redis:\n    image: redis:5.0.0\n' }),
    };
    for (const [what, dir] of Object.entries(cases)) {
      const text = await render(dir);
      const read = prairieLearnReads(text);
      expect(read.problems, what).toEqual([]);
      expect(read.gradable, what).toBe(false);
      expect(read.formatErrors.length, what).toBeGreaterThan(0);
      expect(JSON.parse(text).score, what).toBeUndefined();
    }
    const broken = prairieLearnReads(await render(cases['does not parse']));
    expect(broken.formatErrors[0]).toMatch(/^jdoe-test-redis-pvc\.yml:4:1: /);
  });

  it('batch: a roster student without a submission is not gradable, with the reason, in a folder of their own', () => {
    const report = missingReport({ username: 'zoe', missing: 'no submission: no folder zoe under the class folder' }, {});
    const out = join(tmp, 'out-missing');
    const read = prairieLearnReads(renderAll(prairielearn, [report], { color: false, outDir: out }));
    expect(read).toMatchObject({ problems: [], gradable: false, formatErrors: ['no submission: no folder zoe under the class folder'] });
    expect(prairieLearnReads(readFileSync(join(out, 'prairielearn', 'zoe', 'results.json'), 'utf8')).gradable).toBe(false);
  });

  it('one object graded is gradable, however much else is broken', async () => {
    const dir = materialize('redis-pvc-missing');
    writeFileSync(join(dir, 'broken.yml'), 'a: [\n');
    const read = prairieLearnReads(await render(dir));
    expect(read).toMatchObject({ problems: [], gradable: true });
    expect(read.score).toBeLessThan(1);
  });

  it('the pathological submission stays under the grader host\'s 1 MB, valid, controls shown not written', async () => {
    const text = await render(pathological(1000));
    const read = prairieLearnReads(text);
    expect(read.problems).toEqual([]);
    expect(Buffer.byteLength(text)).toBeLessThan(300_000);
    const r = JSON.parse(text) as Results;
    const texts = [r.message, r.output, ...r.tests!.flatMap((t) => [t.name, t.message, t.output])].join('\n');
    expect(texts).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(texts).toContain('\\u202e');
  });

  it('several reports: a JSON array; with outDir, one results.json per student', async () => {
    const out = join(tmp, 'out');
    const reports = [await grade(GOOD), await grade(folder('class/empty-student', {}))];
    const arr = JSON.parse(renderAll(prairielearn, reports, { color: false, outDir: out })) as Results[];
    expect(arr.map((x) => x.gradable)).toEqual([true, false]);
    const one = readFileSync(join(out, 'prairielearn', 'empty-student', 'results.json'), 'utf8');
    expect(prairieLearnReads(one)).toMatchObject({ problems: [], gradable: false });
    expect(prairieLearnReads(readFileSync(join(out, 'prairielearn', 'good', 'results.json'), 'utf8'))).toMatchObject({ problems: [], gradable: true, score: 1 });
  });
});
