/**
 * The rubric is data: the shipped one lists every check of the spec, and a
 * broken one gives a message with file, line and column (never a crash).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { textDigest } from '../src/util/digest.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gradeStatic, knownChecks, loadRubric, RubricError, UsageError, type Rubric } from '../src/index.js';
import { DEFAULT_RUBRIC } from '../src/rubric/index.js';
import { GOOD, studentAs } from './helpers/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'kg-rubric-'));
function rubricFile(text: string): string {
  const f = join(tmp, `r${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(f, text);
  return f;
}

describe('the shipped rubric', () => {
  const r = loadRubric();
  it('comes from the build\'s reading of it (generated/default-rubric.json) only while the file has that text: the same rubric as reading the file', () => {
    const pre = JSON.parse(readFileSync(new URL('../src/rubric/generated/default-rubric.json', import.meta.url), 'utf8')) as { digest: string; data: unknown };
    const text = readFileSync(DEFAULT_RUBRIC, 'utf8');
    expect(pre.digest).toBe(textDigest(text));
    expect(pre.data).toEqual(parseYaml(text));
    // the same text elsewhere is read and validated by the full path: the same rubric but its file
    const copy = loadRubric(rubricFile(text));
    const plain = (x: Rubric) => ({ ...x, file: DEFAULT_RUBRIC, engine: { ...x.engine, file: DEFAULT_RUBRIC } });
    expect(plain(copy)).toEqual(plain(r));
    // every check is one the engine runs: a template's, or the live pass's
    expect(r.checks.every((c) => c.spec?.id === c.id && (c.type === 'live' ? c.spec.live : c.spec.impl?.key === c.template))).toBe(true);
    // a changed copy is read as it is, not as the build saw it
    expect(loadRubric(rubricFile(text.replace('storageClassName: rdb', 'storageClassName: rbd'))).params.storageClassName).toBe('rbd');
  });
  it('its digest tells a changed text from the shipped one: every one-character change, and a swap of two lines, changes it', () => {
    const text = readFileSync(DEFAULT_RUBRIC, 'utf8');
    const d = textDigest(text);
    expect(textDigest(String(text))).toBe(d);
    const seen = new Set([d]);
    for (let i = 0; i < text.length; i += 97) {
      const c = text.charCodeAt(i);
      for (const to of [c ^ 1, c ^ 0x20, c + 256]) seen.add(textDigest(text.slice(0, i) + String.fromCharCode(to) + text.slice(i + 1)));
    }
    const lines = text.split('\n');
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    seen.add(textDigest(lines.join('\n')));
    expect(seen.size).toBe(1 + 3 * Math.ceil(text.length / 97) + 1);
  });
  it('has the course parameters', () => {
    expect(r.params).toMatchObject({
      env: 'test',
      storageClassName: 'rdb',
      storage: '1Gi',
      accessModes: ['ReadWriteOnce'],
      redisImage: 'redis:5.0.0',
      redisPort: 6379,
      flaskPort: 5000,
      redisReplicas: 1,
      flaskReplicas: 2,
      fileExtensions: ['.yml'],
    });
  });
  it('grades every check kubegrade knows, static, pipeline and live', () => {
    expect(r.checks.map((c) => c.id).sort()).toEqual([...knownChecks().keys()].sort());
    expect(r.checks.filter((c) => c.type === 'static')).toHaveLength(36);
    expect(r.checks.filter((c) => c.type === 'live')).toHaveLength(8);
  });
});

describe('a broken rubric', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown field, with did-you-mean', 'name: x\nparams:\n  storageClass: rbd\nchecks:\n  - { id: yaml.parse, points: 1 }\n', /:3:3: params has an unknown field "storageClass"; did you mean "storageClassName"\?$/],
    ['a wrong type', 'name: x\nparams:\n  redisPort: "six"\nchecks:\n  - { id: yaml.parse, points: 1 }\n', /:3:14: params\.redisPort must be integer$/],
    ['an unknown check id', 'name: x\nchecks:\n  - { id: yaml.parse, points: 1 }\n  - { id: redis-pvc.acess-modes, points: 1 }\n', /:4:11: unknown check id "redis-pvc\.acess-modes"; did you mean "redis-pvc\.access-modes"\?/],
    ['a check listed twice', 'name: x\nchecks:\n  - { id: yaml.parse, points: 1 }\n  - { id: yaml.parse, points: 2 }\n', /:4:11: check "yaml\.parse" is listed twice$/],
    ['negative points', 'name: x\nchecks:\n  - { id: yaml.parse, points: -1 }\n', /:3:31: checks\[0\]\.points must be >= 0$/],
    ['invalid YAML', 'name: x\nchecks: [\n', /:3:1: the rubric is not valid YAML/],
    ['no checks', 'name: x\n', /:1:1: the rubric is missing "checks"$/],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    const f = rubricFile(text);
    expect(() => loadRubric(f)).toThrow(RubricError);
    try {
      loadRubric(f);
    } catch (e) {
      expect((e as Error).message.startsWith(f)).toBe(true);
      expect((e as Error).message).toMatch(want);
    }
  });

  it('a missing rubric file is a usage error', () => {
    expect(() => loadRubric(join(tmp, 'nope.yml'))).toThrow(/cannot read the rubric \(ENOENT\)/);
  });
});

describe('--set', () => {
  it('overrides a parameter, read as YAML', () => {
    const r = loadRubric(undefined, { set: ['storageClassName=rbd', 'flaskReplicas=3', 'accessModes=[ReadWriteMany]'] });
    expect(r.params.storageClassName).toBe('rbd');
    expect(r.params.flaskReplicas).toBe(3);
    expect(r.params.accessModes).toEqual(['ReadWriteMany']);
  });
  it('rejects an unknown parameter with did-you-mean, and a wrong type', () => {
    expect(() => loadRubric(undefined, { set: ['storageclass=rbd'] })).toThrow(UsageError);
    expect(() => loadRubric(undefined, { set: ['storageclassname=rbd'] })).toThrow(/did you mean "storageClassName"/);
    expect(() => loadRubric(undefined, { set: ['redisPort=http'] })).toThrow(/--set redisPort=http: params\.redisPort must be integer/);
    expect(() => loadRubric(undefined, { set: ['nokey'] })).toThrow(/expected key=value/);
  });
});

describe('changing a parameter needs no code', () => {
  it('env: prod grades a production submission at full marks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-prod-'));
    for (const f of readdirSync(GOOD)) writeFileSync(join(dir, f.replace('-test-', '-prod-')), readFileSync(join(GOOD, f), 'utf8').replaceAll('test', 'prod'));
    const prod = rubricFile(readFileSync(new URL('../rubrics/coe332-hw6.yml', import.meta.url), 'utf8').replace('env: test', 'env: prod'));
    const { report } = gradeStatic(dir, { rubric: prod });
    expect(report.env).toBe('prod');
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const asTest = gradeStatic(dir, { username: 'jdoe' }).report;
    expect(asTest.checks.find((c) => c.id === 'files.redis-pvc')?.status).toBe('fail');
    rmSync(dir, { recursive: true, force: true });
  });
  it('points come from the rubric', () => {
    const f = rubricFile('name: tiny\nchecks:\n  - { id: redis-pvc.storage-class, points: 5 }\n');
    const { report } = gradeStatic(GOOD, { rubric: f });
    expect(report.checks).toHaveLength(1);
    expect(report).toMatchObject({ score: 5, maxScore: 5 });
  });
});

describe('an HW6-form rubric\'s roles (issue 19)', () => {
  const text = readFileSync(DEFAULT_RUBRIC, 'utf8');
  const reasonOf = (rubric: string, role: string) => gradeStatic(GOOD, { rubric, username: 'jdoe' }).report.roles.find((a) => a.role === role)?.reason;

  it('are its data, resolved by the engine\'s resolver: a changed rule, a changed pick; scored reasons unless plain', () => {
    expect(reasonOf(DEFAULT_RUBRIC, 'redis-deployment')).toBe('runs the Redis image, declares containerPort 6379, mentions redis');
    const scored = rubricFile(text.replace('roleReasons: plain\n', ''));
    expect(loadRubric(scored).engine.roleReasons).toBe('scored');
    expect(reasonOf(scored, 'redis-deployment')).toBe('+5 runs the Redis image, +1 declares containerPort 6379, +2 mentions redis');
    // the Redis Deployment no longer recognised by its image or name: no object takes the role
    const blind = rubricFile(text.replace('{ add: 5, if: { image: redis }', '{ add: -5, if: { image: redis }'));
    expect(gradeStatic(GOOD, { rubric: blind, username: 'jdoe' }).report.roles.find((a) => a.role === 'redis-deployment')?.file).toBeUndefined();
  });

  it('without roles of its own, a rubric has the shipped one\'s', () => {
    const f = rubricFile('name: mine\nchecks:\n  - { id: yaml.parse, points: 5 }\n');
    expect(loadRubric(f).roles).toEqual(loadRubric().roles);
    expect(reasonOf(f, 'redis-pvc')).toBe('claimed by the Redis Deployment');
  });

  it('an unknown matcher is a rubric error at its line', () => {
    const f = rubricFile(text.replace('{ add: 5, if: { image: redis }', '{ add: 5, if: { imag: redis }'));
    expect(() => loadRubric(f)).toThrow(RubricError);
    expect(() => loadRubric(f)).toThrow(new RegExp(`${f.replaceAll('.', '\\.')}:\\d+:\\d+: `));
  });
});

describe('a rubric read from a pipe (--rubric <(…), /dev/stdin)', () => {
  const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
  const SP22 = new URL('../rubrics/coe332-hw6-sp22.yml', import.meta.url).pathname;
  const kg = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 26 });
  it('is read once, whole: check, and a batch whose threads (graders, the writer of --out) cannot read the pipe again', () => {
    const rubric = readFileSync(SP22, 'utf8');
    const fromFile = kg(['check', GOOD, '--rubric', SP22, '--format', 'json']);
    const piped = kg(['check', GOOD, '--rubric', '/dev/stdin', '--format', 'json'], rubric);
    expect(piped.stderr).toBe('');
    expect(JSON.parse(piped.stdout).checks).toEqual(JSON.parse(fromFile.stdout).checks);
    // 130 students: more than a grading thread's 16 each (--threads 2) and the 128 a writing thread renders for.
    const root = join(tmp, 'class-pipe');
    for (let i = 0; i < 130; i++) studentAs(join(root, `s${String(i).padStart(3, '0')}`), `u${i}`);
    const out = join(tmp, 'out-pipe');
    const batch = kg(['batch', root, '--rubric', '/dev/stdin', '--threads', '2', '--out', out, '--format', 'csv,gradescope', '--quiet'], rubric);
    expect(batch.stderr).not.toMatch(/not graded|cannot read|must be/);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n').slice(2);
    expect(rows).toHaveLength(130);
    // sp22's storage class and image, which fixtures/good does not write: every row graded, with that rubric.
    expect(rows.every((r) => r.split(',')[3] === '45')).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'gradescope', 's000', 'results.json'), 'utf8')).score).toBe(45);
  });
  it('a pipe that never ends is refused once past the bound, not read for ever', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', GOOD, '--rubric', '/dev/zero'], { encoding: 'utf8', timeout: 20_000 });
    expect([r.status, r.stderr]).toEqual([2, 'kubegrade: /dev/zero: more than 1 MiB: not a rubric (a rubric is a few KiB of YAML)\n']);
  });
});
