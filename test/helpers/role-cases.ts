/**
 * The submissions test/roles-agree.test.ts resolves HW6's roles on: every golden case, every mutation of
 * the good files (test/helpers/yaml-mutations.ts; as jdoe, and with the username unknown), and generated
 * submissions made to contest the roles (copies, ties, misnamed files, Services selecting the wrong pods,
 * PVCs claimed or not). Each with the objects the grade gives the roles to pick from.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { discover } from '../../src/discover/index.js';
import { parseFile, type KObject } from '../../src/parse/index.js';
import { clusterObjects, expandLists } from '../../src/objects/index.js';
import { inExpectedFiles } from '../../src/engine/findings.js';
import { resolveEnvRoles } from '../../src/engine/roles.js';
import { applySet, hw6Engine, loadRubric, type Rubric } from '../../src/rubric/index.js';
import type { Params, Roles } from '../../src/checks/types.js';
import type { RoleAssignment } from '../../src/types.js';

/** The HW6 rubric's roles, in report order. */
export const ROLE_NAMES = ['redis-pvc', 'redis-deployment', 'redis-service', 'flask-deployment', 'flask-service'] as const;
import { goldenCases } from './golden.js';
import { mutations } from './yaml-mutations.js';

export interface RoleCase {
  name: string;
  files: { path: string; text: string }[];
  username: string;
  set?: readonly string[];
}

const GOOD = new URL('../../fixtures/good/', import.meta.url).pathname;
const read = (dir: string) => discover(dir).files.map((f) => ({ path: f.path, text: f.text }));

/** The golden cases, built under `root`. */
export function goldenRoleCases(root: string): RoleCase[] {
  return goldenCases().map((c) => {
    const dir = join(root, c.name.replaceAll('/', '__'));
    c.build(dir);
    return { name: c.name, files: read(dir), username: c.username ?? '', ...(c.set ? { set: c.set } : {}) };
  });
}

/** Every mutation of one of the good files, the others as they are. */
export function mutationRoleCases(): RoleCase[] {
  const good = readdirSync(GOOD).sort().map((f) => ({ path: f, text: readFileSync(join(GOOD, f), 'utf8') }));
  return mutations(good).map((m, i) => {
    const path = m.name.slice(0, m.name.indexOf(':'));
    const files = good.map((f) => (f.path === path ? { path, text: m.bytes.toString('utf8') } : f));
    return { name: m.name, files, username: i % 2 ? 'jdoe' : '' };
  });
}

/** Submissions whose files contest every role: 1,500, the same every run (a fixed seed). */
export function generatedRoleCases(): RoleCase[] {
  const word = fc.constantFrom('redis', 'flask', 'api', 'app', 'debug', 'worker', 'db', 'x', 'jdoe-test-redis', 'jdoe-test-flask');
  const image = fc.constantFrom('redis:5.0.0', 'redis', 'docker.io/library/redis:6', 'me/redis_app:1', 'me/flask-api:1', 'python:3.9', '');
  const port = fc.constantFrom(6379, 5000, 8080, undefined);
  const label = fc.constantFrom('app: r', 'app: f', 'app: r, env: test', 'app: f, env: test', 'env: test');
  const deployment = fc.record({ kind: fc.constant('Deployment' as const), name: word, image, port, labels: label, claim: fc.constantFrom(undefined, 'data', 'jdoe-test-redis-pvc') });
  const service = fc.record({ kind: fc.constant('Service' as const), name: word, port, selector: label });
  const pvc = fc.record({ kind: fc.constant('PersistentVolumeClaim' as const), name: fc.constantFrom('data', 'jdoe-test-redis-pvc', 'other', 'redis-data') });
  const stems = ['jdoe-test-redis-pvc', 'jdoe-test-redis-deployment', 'jdoe-test-redis-service', 'jdoe-test-flask-deployment', 'jdoe-test-flask-service', 'a-copy', 'z', 'redis', 'flask', 'sub/jdoe-test-redis-pvc'];
  const file = fc.record({ stem: fc.constantFrom(...stems), ext: fc.constantFrom('.yml', '.yaml'), docs: fc.array(fc.oneof(deployment, service, pvc), { minLength: 1, maxLength: 3 }) });
  const yamlOf = (d: Record<string, unknown>): string => {
    if (d.kind === 'PersistentVolumeClaim') return `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${String(d.name)}\n`;
    if (d.kind === 'Service') return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${String(d.name)}\nspec:\n  selector: {${String(d.selector)}}\n${d.port ? `  ports: [{port: ${String(d.port)}}]\n` : ''}`;
    const vol = d.claim ? `      volumes: [{name: d, persistentVolumeClaim: {claimName: ${String(d.claim)}}}]\n` : '';
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${String(d.name)}\nspec:\n  selector: {matchLabels: {${String(d.labels)}}}\n  template:\n    metadata:\n      labels: {${String(d.labels)}}\n    spec:\n${vol}      containers:\n        - name: c\n          image: ${JSON.stringify(d.image)}\n${d.port ? `          ports: [{containerPort: ${String(d.port)}}]\n` : ''}`;
  };
  const submissions = fc.sample(fc.tuple(fc.array(file, { minLength: 1, maxLength: 7 }), fc.constantFrom('jdoe', '')), { numRuns: 1500, seed: 20261207 });
  return submissions.map(([fs, username], i) => {
    const byPath = new Map<string, string>();
    for (const f of fs) byPath.set(f.stem + f.ext, f.docs.map(yamlOf).join('---\n'));
    const files = [...byPath].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, text]) => ({ path, text }));
    return { name: `generated ${i}`, files, username };
  });
}

/** How a resolver is asked: the objects to pick from and the run's parameters (the rubric's, `set` applied, the username). */
export type Resolver = (candidates: readonly KObject[], params: Params, set: readonly string[]) => Partial<Record<string, { obj: KObject; why: string | undefined }>>;

/** Each role's object (`file#document`) and reason by `resolve`, or null: in report order. */
export function roleLine(s: RoleCase, resolve: Resolver): (string | null)[] {
  const params = { ...loadRubric().params };
  for (const a of s.set ?? []) applySet(params, a);
  params.username = s.username;
  const parsed = expandLists(s.files.flatMap((f) => parseFile(f).objects));
  const candidates = clusterObjects(parsed, inExpectedFiles(loadRubric().engine, params)).candidates;
  const r = resolve(candidates, params, s.set ?? []);
  return ROLE_NAMES.map((role) => {
    const x = r[role];
    return x ? `${x.obj.id} (${x.why})` : null;
  });
}

/** The roles of `objects` by an HW6-form rubric with these parameters, as the grade resolves them: each role's object, and every role in report order with why. */
export function resolveRubricRoles(objects: readonly KObject[], rubric: Rubric, params: Params): { roles: Roles; assignments: RoleAssignment[] } {
  const engine = hw6Engine(rubric.name, rubric.title, rubric.file, params, rubric.roles!, rubric.checks);
  const found = resolveEnvRoles(objects, engine.resolution, '', { ...(params.username ? { username: params.username } : {}), env: params.env }, engine.roleReasons);
  const roles: Roles = {};
  const assignments = engine.roles.map((r): RoleAssignment => {
    const o = found.roles.get(r.name);
    const role = r.name as RoleAssignment['role'];
    if (!o) return { role };
    roles[role] = o;
    return { role, file: o.file, document: o.document, kind: o.kind, name: o.name, reason: found.reasons.get(r.name) };
  });
  return { roles, assignments };
}
