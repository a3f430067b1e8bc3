/** Which object takes which role, by the HW6 rubric's roles and the engine's resolver: the rubric spec's rulings, one case each. */
import { describe, expect, it } from 'vitest';
import { parseFile, type KObject } from '../src/parse/index.js';
import { loadRubric } from '../src/rubric/index.js';
import { resolveRubricRoles } from './helpers/role-cases.js';

const rubric = loadRubric();
/** The roles by the shipped rubric, with its parameters and these (the username unknown unless given). */
const resolveRoles = (objs: readonly KObject[], params: Record<string, unknown> = {}) => resolveRubricRoles(objs, rubric, { ...rubric.params, username: '', ...params });

function objects(files: Record<string, string>): KObject[] {
  return Object.keys(files)
    .sort()
    .flatMap((path) => parseFile({ path, text: files[path]! }).objects);
}

const deployment = (name: string, image: string, port?: number, labels = `app: ${name}`) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {${labels}}}\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n${port ? `          ports: [{containerPort: ${port}}]\n` : ''}`;
const service = (name: string, selector: string, port: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {${selector}}\n  ports: [{port: ${port}}]\n`;
const pvc = (name: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n`;

function roleFiles(files: Record<string, string>) {
  const { assignments } = resolveRoles(objects(files));
  return Object.fromEntries(assignments.map((a) => [a.role, a.file ?? null]));
}

describe('roles', () => {
  it('a misnamed file is still taken for what it is', () => {
    expect(
      roleFiles({
        'u-test-redis-deployemnt.yml': deployment('u-test-redis', 'redis:5.0.0', 6379),
        'u-test-flask-deployment.yml': deployment('u-test-flask', 'me/flask-api:1', 5000),
      }),
    ).toMatchObject({ 'redis-deployment': 'u-test-redis-deployemnt.yml', 'flask-deployment': 'u-test-flask-deployment.yml' });
  });

  it('a python debug Deployment is not taken for the Flask API', () => {
    expect(
      roleFiles({
        'u-test-debug.yml': deployment('py-debug', 'python:3.9'),
        'u-test-flask-deployment.yml': deployment('u-test-flask', 'me/flask-api:1', 5000),
      })['flask-deployment'],
    ).toBe('u-test-flask-deployment.yml');
    // alone, with nothing speaking for it (debug: -4), it takes no role
    expect(roleFiles({ 'u-test-debug.yml': deployment('py-debug', 'python:3.9') })['flask-deployment']).toBeNull();
  });

  it('a Deployment running the Redis image is never the Flask one; an image like me/redis_app is not Redis', () => {
    // +5 for the Redis image, -4 for mentioning flask: still Redis (1 > 0), and never Flask
    expect(roleFiles({ 'flask.yml': deployment('flask', 'redis:6') })).toMatchObject({ 'redis-deployment': 'flask.yml', 'flask-deployment': null });
    expect(roleFiles({ 'flask.yml': deployment('flask', 'redis:6'), 'r.yml': deployment('redis', 'redis:6') })).toMatchObject({ 'redis-deployment': 'r.yml', 'flask-deployment': null });
    expect(roleFiles({ 'x.yml': deployment('x', 'me/redis_app:1', 5000) })).toMatchObject({ 'redis-deployment': null, 'flask-deployment': 'x.yml' });
    expect(roleFiles({ 'x.yml': deployment('db', 'docker.io/library/redis:6') })['redis-deployment']).toBe('x.yml');
  });

  it('ties go to the file with the expected name, then the first by file path, then by document order (issue 17)', () => {
    // A backup copy that sorts first (a-copy.yml) does not take the role from the expected file.
    const named = { username: 'jdoe', env: 'test', fileExtensions: ['.yml', '.yaml'] };
    const files = (f: Record<string, string>) => Object.fromEntries(resolveRoles(objects(f), named).assignments.map((a) => [a.role, a.file ?? null]));
    expect(files({ 'a-copy.yml': pvc('data'), 'jdoe-test-redis-pvc.yml': pvc('data') })['redis-pvc']).toBe('jdoe-test-redis-pvc.yml');
    expect(files({ 'a-copy.yml': deployment('r1', 'redis:5.0.0'), 'hw/jdoe-test-redis-deployment.yaml': deployment('r2', 'redis:5.0.0') })['redis-deployment']).toBe('hw/jdoe-test-redis-deployment.yaml');
    const svc = service('s', 'app: x', 1);
    expect(files({ 'a.yml': svc, 'jdoe-test-flask-service.yml': svc, 'jdoe-test-redis-service.yml': svc })).toMatchObject({ 'redis-service': 'jdoe-test-redis-service.yml', 'flask-service': 'jdoe-test-flask-service.yml' });
    // A higher score still wins over the name.
    expect(files({ 'a.yml': deployment('redis', 'redis:5.0.0', 6379), 'jdoe-test-redis-deployment.yml': deployment('r', 'redis:5.0.0') })['redis-deployment']).toBe('a.yml');

    expect(roleFiles({ 'b-redis.yml': deployment('r1', 'redis:5.0.0'), 'a-redis.yml': deployment('r2', 'redis:5.0.0') })['redis-deployment']).toBe('a-redis.yml');
    const both = objects({ 'all.yml': `${deployment('r1', 'redis:5.0.0')}---\n${deployment('r2', 'redis:5.0.0')}` });
    expect(resolveRoles(both).roles['redis-deployment']!.name).toBe('r1');
  });

  it('the PVC: the one the Redis Deployment claims, else the first that mentions redis, else the first', () => {
    const claiming = deployment('redis', 'redis:5.0.0').replace('      containers:', '      volumes: [{name: d, persistentVolumeClaim: {claimName: data-b}}]\n      containers:');
    expect(roleFiles({ 'r.yml': claiming, 'pa.yml': pvc('data-a'), 'pb.yml': pvc('data-b') })['redis-pvc']).toBe('pb.yml');
    expect(roleFiles({ 'pa.yml': pvc('data-a'), 'pb.yml': pvc('redis-data') })['redis-pvc']).toBe('pb.yml');
    expect(roleFiles({ 'pa.yml': pvc('data-a'), 'pb.yml': pvc('data-b') })['redis-pvc']).toBe('pa.yml');
  });

  it('Services: Redis first, then Flask from the rest, by name, port and what they select', () => {
    const files = {
      'r.yml': deployment('u-redis', 'redis:5.0.0', 6379),
      'f.yml': deployment('u-flask', 'me/api', 5000),
      's1.yml': service('svc-one', 'app: u-flask', 5000),
      's2.yml': service('svc-two', 'app: u-redis', 6379),
    };
    expect(roleFiles(files)).toMatchObject({ 'redis-service': 's2.yml', 'flask-service': 's1.yml' });
  });

  it('an object takes at most one role', () => {
    const files = { 's.yml': service('u-redis-service', 'app: u-redis', 6379), 'r.yml': deployment('u-redis', 'redis:5.0.0', 6379) };
    expect(roleFiles(files)).toMatchObject({ 'redis-service': 's.yml', 'flask-service': null });
  });
});
