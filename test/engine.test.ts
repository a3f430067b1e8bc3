/** Data rubrics end to end: environments, roles, a rubric written by an instructor, the shipped ones and their fixtures. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/grade.js';
import { parseFile } from '../src/parse/index.js';
import { loadRubric, shippedRubrics } from '../src/rubric/index.js';
import { assignEnvs } from '../src/engine/envs.js';
import { completeRubric } from '../src/cli/rubric-print.js';
import { finalStack, hw7Files } from './helpers/final-stack.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubegrade-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(tmp, `s${n++}`);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}
const statuses = (dir: string, rubric: string, set: string[] = []) =>
  Object.fromEntries(gradeStatic(dir, { rubric, set }).report.checks.map((c) => [c.id, c.status]));
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

describe('environments', () => {
  const spec = { names: ['test', 'prod'], required: [], default: 'prod', label: 'env', roles: { required: [], optional: [] }, extraRoles: { required: [], optional: [] } };
  const pvc = (name: string, labels = '') => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n${labels}`;
  const envs = (files: Record<string, string>) => {
    const objs = Object.keys(files).sort().flatMap((path) => parseFile({ path, text: files[path]! }).objects);
    const m = assignEnvs(objs, spec);
    return Object.fromEntries(objs.map((o) => [`${o.file}:${o.name}`, m.get(o) ? `${m.get(o)!.env} by ${m.get(o)!.rule}` : 'unassigned']));
  };
  it('the folder beats the file name, the object name and the label', () => {
    expect(envs({ 'k/prod/a-test-pvc.yml': pvc('x-test', '  labels: {env: test}\n') })).toEqual({ 'k/prod/a-test-pvc.yml:x-test': 'prod by folder' });
  });
  it('tests and production are not the words', () => {
    expect(envs({ 'tests/a.yml': pvc('production-db'), 'b-prod.yml': pvc('b') })['tests/a.yml:production-db']).toBe('prod by only');
  });
  it('an unmarked counterpart of -test objects is prod, whatever its label says', () => {
    expect(envs({ 'db/db-deployment-test.yml': pvc('db-test'), 'db/db-deployment.yml': pvc('db', '  labels: {env: test}\n') })).toEqual({
      'db/db-deployment-test.yml:db-test': 'test by file',
      'db/db-deployment.yml:db': 'prod by counterpart',
    });
  });
  it('the env label, then the only environment marked, then the default; both marked leaves the rest unassigned', () => {
    expect(envs({ 'a.yml': pvc('a', '  labels: {env: test}\n'), 'b.yml': pvc('b') })).toEqual({ 'a.yml:a': 'test by label', 'b.yml:b': 'test by only' });
    expect(envs({ 'a.yml': pvc('a') })).toEqual({ 'a.yml:a': 'prod by default' });
    expect(envs({ 'test/a.yml': pvc('a'), 'prod/b.yml': pvc('b'), 'tmp/c.yml': pvc('c') })['tmp/c.yml:c']).toBe('unassigned');
  });
});

describe('a rubric an instructor writes', () => {
  it('grades a new role with checks of existing templates, from any folder, with no code change', () => {
    const dir = join(tmp, 'instructor');
    mkdirSync(dir, { recursive: true });
    const rubric = join(dir, 'memcached.yml');
    writeFileSync(
      rubric,
      [
        'name: cache-lab',
        'params: { cacheReplicas: 2 }',
        'roles:',
        '  - name: cache-deployment',
        '    kind: Deployment',
        '    label: Memcached Deployment',
        '    score:',
        '      - { add: 5, if: { image: memcached } }',
        '      - { add: 1, if: { mentions: cache } }',
        'checks:',
        '  - { id: cache-deployment.replicas, points: 2, template: replicas, role: cache-deployment, with: { equals: "{{cacheReplicas}}" }, title: "{{cacheReplicas}} cache pods", hint: "set replicas: {{cacheReplicas}}" }',
        '  - { id: cache-deployment.image-tag, points: 1, template: image-tag, role: cache-deployment, title: The image is pinned, hint: pin it }',
        '  - { id: cache-deployment.selector, points: 1, template: selector-matches, role: cache-deployment, with: { exclusive: true }, title: Its own selector, hint: select its pods }',
        '',
      ].join('\n'),
    );
    const sub = folder({
      'cache.yml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: cache}}\n  template:\n    metadata: {labels: {app: cache}}\n    spec:\n      containers: [{name: m, image: memcached}]\n',
    });
    const r = gradeStatic(sub, { rubric }).report;
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['cache-deployment.replicas', 'fail'],
      ['cache-deployment.image-tag', 'fail'],
      ['cache-deployment.selector', 'pass'],
    ]);
    expect(r.maxScore).toBe(4);
    expect(r.roles).toEqual([expect.objectContaining({ role: 'cache-deployment', file: 'cache.yml' })]);
    expect(r.checks[0]!.hint).toBe('set replicas: 2');
    expect(statuses(sub, rubric, ['cacheReplicas=1'])['cache-deployment.replicas']).toBe('pass');
    // A variant of it: extends by path, its parameters only.
    const variant = join(dir, 'variant.yml');
    writeFileSync(variant, 'name: cache-lab-1\nextends: ./memcached.yml\nparams: { cacheReplicas: 1 }\n');
    expect(statuses(sub, variant)['cache-deployment.replicas']).toBe('pass');
  });

  it('says what is wrong with a rubric, with its file', () => {
    const bad = (text: string) => {
      const f = join(tmp, `bad${n++}.yml`);
      writeFileSync(f, text);
      return () => loadRubric(f);
    };
    const base = 'name: x\nroles: [{ name: a, kind: Deployment, score: [{ add: 1, if: { mentions: a } }] }]\n';
    expect(bad(`${base}checks: [{ id: a.b, points: 1, template: replicass, role: a }]\n`)).toThrow(/unknown template "replicass"; did you mean "replicas"/);
    expect(bad(`${base}checks: [{ id: a.b, points: 1, template: replicas, role: a, with: { equal: 2 } }]\n`)).toThrow(/with has an unknown field "equal"/);
    expect(bad('name: x\nroles: [{ name: a, kind: Deployment, score: [{ add: 1, if: { mention: a } }] }]\nchecks: [{ id: a.b, points: 1, template: replicas, role: a }]\n')).toThrow(/bad\d+\.yml:\d+:\d+: .*unknown field "mention"; did you mean "mentions"/);
    expect(bad(`${base}checks: [{ id: a.b, points: 1, template: replicas, role: b }]\n`)).toThrow(/unknown role "b"/);
    expect(bad('name: y\nextends: ./nope.yml\n')).toThrow(/cannot read the rubric/);
    expect(() => loadRubric('coe332-final-sp24', { set: ['workerReplicas=2'] })).toThrow(/unknown parameter "workerReplicas"; did you mean "workerReplicasMin"/);
  });
});

describe('the shipped rubrics', () => {
  it('load by name, and a printed one grades the same from another folder', () => {
    const names = shippedRubrics();
    for (const want of ['coe332-hw6', 'coe332-hw6-sp22', 'coe332-hw7-sp23', 'coe332-hw7-worker', 'coe332-final-sp21', 'coe332-final-sp26']) expect(names).toContain(want);
    for (const name of names) expect(loadRubric(name).name).toBe(name);
    const saved = join(tmp, 'saved.yml');
    writeFileSync(saved, completeRubric(loadRubric('coe332-final-sp23').file, ['workerReplicasMin=2']));
    const dir = join(fixtures, 'coe332-final-sp24/good');
    expect(statuses(dir, saved)).toEqual(statuses(dir, 'coe332-final-sp23', ['workerReplicasMin=2']));
  });
  it('the HW6 variants are HW6 with their parameters', () => {
    expect(loadRubric('coe332-hw6-sp22').params).toMatchObject({ storageClassName: 'nfs', redisImage: 'redis:6', env: 'test' });
    expect(loadRubric('coe332-hw7-sp23').checks.map((c) => c.id)).toEqual(loadRubric('coe332-hw6').checks.map((c) => c.id));
  });
  it('their fixtures: the good ones score full marks, each variant fails what it breaks', () => {
    const fails = (rubric: string, v: string) => gradeStatic(join(fixtures, rubric, v), { rubric }).report.checks.filter((c) => c.status !== 'pass').map((c) => c.id).sort();
    expect(fails('coe332-final-sp24', 'good')).toEqual([]);
    expect(fails('coe332-final-sp22', 'prod-only')).toEqual([]);
    expect(fails('coe332-hw7-worker', 'good')).toEqual([]);
    expect(fails('coe332-final-sp24', 'storage-faults')).toEqual(['prod.redis-pvc.storage-class', 'test.redis-deployment.data-volume']);
    expect(fails('coe332-final-sp24', 'ingress-wrong')).toEqual(['envs.distinct-hosts', 'prod.flask-ingress.port', 'prod.flask-ingress.service']);
    expect(fails('coe332-final-sp24', 'prod-is-test-copy')).toEqual(['envs.distinct-hosts', 'envs.distinct-names', 'prod.env-consistent']);
    expect(fails('coe332-hw7-worker', 'worker-faults')).toEqual(['worker-deployment.command', 'worker-deployment.replicas', 'worker-deployment.worker-ip']);
    expect(fails('coe332-hw7-worker', 'exposed-bare-image')).toEqual(['flask-deployment.image', 'worker-deployment.unexposed']);
  });
  it('the report says each object\'s environment and the rule, and each role per environment', () => {
    const r = gradeStatic(join(fixtures, 'coe332-final-sp24/good'), { rubric: 'coe332-final-sp24' }).report;
    expect(r.environments).toContainEqual(expect.objectContaining({ file: 'kubernetes/test/app-test-pvc-redis.yml', env: 'test', rule: 'folder' }));
    expect(r.roles).toContainEqual(expect.objectContaining({ role: 'prod.flask-ingress', file: 'kubernetes/prod/app-prod-ingress-flask.yml' }));
    expect(r.score).toBe(r.maxScore);
  });
  it('a required environment that is absent fails its checks as missing; an empty folder grades the default environment', () => {
    const only = folder(finalStack('test'));
    const r = gradeStatic(only, { rubric: 'coe332-final-sp24' }).report;
    expect(r.checks.find((c) => c.id === 'prod.redis-pvc.storage-class')).toMatchObject({ status: 'fail', message: 'no Redis PersistentVolumeClaim found in the prod environment' });
    const empty = folder({ 'README.md': '# nothing\n' });
    expect(statuses(empty, 'coe332-final-sp21')['prod.redis-deployment.replicas']).toBe('fail');
  });
  it('hw7: the username is the part before -hw7- of the first such file, even when other files carry another prefix more often', () => {
    // An HW6 Redis kept beside the homework under another prefix (rubric-spec-hw7-worker.md: "of the first such file").
    const redis = (k: string) => `apiVersion: v1\nkind: ${k}\nmetadata:\n  name: jd123-hw7-redis-${k.toLowerCase()}\n`;
    const files = { ...hw7Files('jdoe') };
    const moved = {
      'homework07/deploy/api/jdoe-hw7-flask-deployment.yml': files['homework07/jdoe-hw7-flask-deployment.yml']!,
      'homework07/deploy/worker/jdoe-hw7-worker-deployment.yml': files['homework07/jdoe-hw7-worker-deployment.yml']!,
      'homework07/deploy/db/jd123-hw7-redis-service.yml': redis('Service'),
      'homework07/deploy/db/jd123-hw7-redis-pvc.yml': redis('PersistentVolumeClaim'),
      'homework07/deploy/db/jd123-hw7-redis-configmap.yml': redis('ConfigMap'),
    };
    const r = gradeStatic(folder(moved), { rubric: 'coe332-hw7-worker' }).report;
    expect(r.username).toBe('jdoe');
    expect(r.checks.filter((c) => c.id.startsWith('files.')).map((c) => c.status)).toEqual(['pass', 'pass']);
  });
  it('hw7: "+2 has the WORKER_IP variable" counts only one from status.podIP', () => {
    // Two copies of the homework (A/, B/; same names): A's WORKER_IP comes from status.hostIP, so B scores more and takes the role.
    const base = hw7Files();
    const files: Record<string, string> = {};
    for (const [p, t] of Object.entries(base)) {
      files[p.replace('homework07/', 'homework07/A/')] = p.includes('worker') ? t.replace('status.podIP', 'status.hostIP') : t;
      files[p.replace('homework07/', 'homework07/B/')] = t;
    }
    const r = gradeStatic(folder(files), { rubric: 'coe332-hw7-worker' }).report;
    expect(r.roles.find((x) => x.role === 'worker-deployment')).toMatchObject({ file: 'homework07/B/jdoe-hw7-worker-deployment.yml', reason: expect.stringContaining('has WORKER_IP from status.podIP') });
    expect(r.checks.find((c) => c.id === 'worker-deployment.worker-ip')?.status).toBe('pass');
    // A Deployment whose only claim is a WORKER_IP with a literal value is no worker.
    const jobs = hw7Files()['homework07/jdoe-hw7-flask-deployment.yml']!.replaceAll('flask', 'jobs').replace('ports: [{containerPort: 5000}]', 'env: [{name: WORKER_IP, value: "0.0.0.0"}]');
    const lone = { 'homework07/jdoe-hw7-flask-deployment.yml': hw7Files()['homework07/jdoe-hw7-flask-deployment.yml']!, 'homework07/jdoe-hw7-jobs.yml': jobs };
    expect(gradeStatic(folder(lone), { rubric: 'coe332-hw7-worker' }).report.roles.find((x) => x.role === 'worker-deployment')?.file).toBeUndefined();
  });
  it('yaml.parse and schema checks come from the parse and schema stages', () => {
    const files = { ...hw7Files(), 'homework07/broken.yml': 'a: [\n' };
    files['homework07/jdoe-hw7-worker-deployment.yml'] = files['homework07/jdoe-hw7-worker-deployment.yml']!.replace('replicas: 2', 'replicas: 2\n  replica: 2');
    const s = statuses(folder(files), 'coe332-hw7-worker');
    expect(s['yaml.parse']).toBe('fail');
    expect(s['schema.worker-deployment']).toBe('fail');
    expect(s['schema.flask-deployment']).toBe('pass');
  });
});
