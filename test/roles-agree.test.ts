/**
 * HW6's roles two ways, side by side until the old one goes (issue 19): the resolver in code
 * (src/roles) and the engine's (src/engine/roles.ts) with HW6's role data (rubrics/coe332-hw6.roles.yaml).
 * On every fixture submission (good, each variant, the examples), on every mutation of the good files
 * (test/helpers/yaml-mutations.ts) and on generated submissions made to contest the roles (copies,
 * ties, misnamed files, Services selecting the wrong pods, PVCs claimed or not), both must give each
 * role the same object, for the same reason. The two sweeps take seconds alone and more on a busy
 * machine: their limit is generous, not a speed target.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/discover/index.js';
import { parseFile, type KObject } from '../src/parse/index.js';
import { clusterObjects, expandLists } from '../src/objects/index.js';
import { resolveRoles } from '../src/roles/index.js';
import { inExpectedFile } from '../src/checks/templates/common.js';
import { resolveEnvRoles } from '../src/engine/roles.js';
import { buildRoles, resolutionOrder } from '../src/engine/rubric.js';
import { applySet, loadRubric } from '../src/rubric/index.js';
import { ROLE_NAMES } from '../src/types.js';
import { goldenCases } from './helpers/golden.js';
import { mutations } from './helpers/yaml-mutations.js';

const ROLES_FILE = new URL('../rubrics/coe332-hw6.roles.yaml', import.meta.url).pathname;
const GOOD = new URL('../fixtures/good/', import.meta.url).pathname;
const data = parseYaml(readFileSync(ROLES_FILE, 'utf8')) as { roleReasons: 'plain'; roles: Record<string, unknown>[] };

const root = mkdtempSync(join(tmpdir(), 'kg-roles-agree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Submission {
  files: { path: string; text: string }[];
  username: string;
  set?: readonly string[];
}

const specsFor = new Map<string, ReturnType<typeof resolutionOrder>>();

/** Each role's file, document, name and reason by both resolvers, from the objects the grade gives the roles. */
function both(s: Submission) {
  const params = { ...loadRubric().params };
  for (const a of s.set ?? []) applySet(params, a);
  params.username = s.username;
  const parsed = expandLists(s.files.flatMap((f) => parseFile(f).objects));
  const named = inExpectedFile(ROLE_NAMES, params);
  const candidates = clusterObjects(parsed, (o) => named(o.file)).candidates;
  const old = resolveRoles(candidates, params);
  const key = (s.set ?? []).join('\0');
  const specs = specsFor.get(key) ?? resolutionOrder(buildRoles(data.roles, params, (w) => w));
  specsFor.set(key, specs);
  const vars = { ...(params.username ? { username: params.username } : {}), env: params.env };
  const now = resolveEnvRoles(candidates, specs, '', vars, data.roleReasons);
  const show = (o: KObject | undefined, why: string | undefined) => (o ? `${o.id} (${why})` : null);
  return {
    old: Object.fromEntries(ROLE_NAMES.map((r) => [r, show(old.roles[r], old.assignments.find((a) => a.role === r)?.reason)])),
    now: Object.fromEntries(ROLE_NAMES.map((r) => [r, show(now.roles.get(r), now.reasons.get(r))])),
    taken: ROLE_NAMES.filter((r) => old.roles[r]).length,
  };
}

const read = (dir: string) => discover(dir).files.map((f) => ({ path: f.path, text: f.text }));

describe('HW6 roles: the engine resolver with the rubric data agrees with src/roles', () => {
  it('the role data is in report order, each role named once, and resolved after the roles it refers to', () => {
    expect(data.roles.map((r) => r.name)).toEqual([...ROLE_NAMES]);
    expect(resolutionOrder(buildRoles(data.roles, loadRubric().params, (w) => w)).map((r) => r.name)).toEqual(['redis-deployment', 'redis-pvc', 'flask-deployment', 'redis-service', 'flask-service']);
  });

  it.each(goldenCases().map((c) => [c.name, c] as const))('fixture %s', (_n, c) => {
    const dir = join(root, c.name.replaceAll('/', '__'));
    c.build(dir);
    const r = both({ files: read(dir), username: c.username ?? '', set: c.set });
    expect(r.now).toEqual(r.old);
  });

  it('every mutation of the good files (as jdoe, and with the username unknown)', () => {
    const good = readdirSync(GOOD).sort().map((f) => ({ path: f, text: readFileSync(join(GOOD, f), 'utf8') }));
    const cases = mutations(good);
    expect(cases.length).toBeGreaterThan(1000);
    let disagree = 0;
    const first: string[] = [];
    let filled = 0;
    for (const [i, m] of cases.entries()) {
      const path = m.name.slice(0, m.name.indexOf(':'));
      const files = good.map((f) => (f.path === path ? { path, text: m.bytes.toString('utf8') } : f));
      const r = both({ files, username: i % 2 ? 'jdoe' : '' });
      filled += r.taken;
      if (JSON.stringify(r.now) !== JSON.stringify(r.old)) {
        disagree++;
        if (first.length < 3) first.push(`${m.name}: ${JSON.stringify(r)}`);
      }
    }
    expect(first).toEqual([]);
    expect(disagree).toBe(0);
    // Not vacuous: the roles are mostly taken.
    expect(filled).toBeGreaterThan(cases.length * 4);
  }, 180_000);

  it('generated submissions that contest every role', () => {
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
    let taken = 0;
    for (const [fs, username] of submissions) {
      const byPath = new Map<string, string>();
      for (const f of fs) byPath.set(f.stem + f.ext, f.docs.map(yamlOf).join('---\n'));
      const files = [...byPath].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, text]) => ({ path, text }));
      const r = both({ files, username });
      taken += r.taken;
      expect(r.now, JSON.stringify(files)).toEqual(r.old);
    }
    expect(taken).toBeGreaterThan(submissions.length * 2);
  }, 180_000);
});
