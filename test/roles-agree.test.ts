/**
 * HW6's roles by the engine's resolver (src/engine/roles.ts) with the rubric's role data
 * (rubrics/coe332-hw6.yml `roles:`), as the grade resolves them (src/rubric/roles.ts), against the
 * expected object and reason of every role on every golden case, every mutation of the good files
 * (test/helpers/yaml-mutations.ts) and 1,500 generated submissions made to contest the roles
 * (test/helpers/role-cases.ts). The expectations (roles-agree.expected.txt.gz, one line per case:
 * section, case, each role's `file#document (reason)` or null) are what the resolver in code
 * (src/roles, issue 19) picked before the roles became data; ROLES_UPDATE=1 rewrites them from the
 * engine, for an intended change of the role data (say why in the commit). The sweeps take seconds
 * alone and more on a busy machine: their limit is generous, not a speed target.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRubric } from '../src/rubric/index.js';
import { generatedRoleCases, goldenRoleCases, mutationRoleCases, resolveRubricRoles, ROLE_NAMES, roleLine, type RoleCase, type Resolver } from './helpers/role-cases.js';

const EXPECTED = new URL('./roles-agree.expected.txt.gz', import.meta.url).pathname;
const UPDATE = process.env.ROLES_UPDATE === '1';
const expected = new Map(
  gunzipSync(readFileSync(EXPECTED))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [section, name, roles] = l.split('\t') as [string, string, string];
      return [`${section}\t${name}`, JSON.parse(roles) as (string | null)[]] as const;
    }),
);
const written: string[] = [];

const root = mkdtempSync(join(tmpdir(), 'kg-roles-agree-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (UPDATE) writeFileSync(EXPECTED, gzipSync(`${written.join('\n')}\n`, { level: 9 }));
});

const rubric = loadRubric();
const engine: Resolver = (candidates, params) => {
  const r = resolveRubricRoles(candidates, rubric, params);
  return Object.fromEntries(r.assignments.filter((a) => r.roles[a.role]).map((a) => [a.role, { obj: r.roles[a.role]!, why: a.reason }]));
};

/** The engine's roles of a case and the expected ones. */
function compare(section: string, c: RoleCase) {
  const now = roleLine(c, engine);
  if (UPDATE) written.push(`${section}\t${c.name}\t${JSON.stringify(now)}`);
  return { now, want: UPDATE ? now : expected.get(`${section}\t${c.name}`) };
}

/** Every case of a section: none differs from its expectation, and the roles are mostly taken (not vacuous). */
function sweep(section: string, cases: RoleCase[], minTaken: number) {
  let differ = 0;
  let taken = 0;
  const first: string[] = [];
  for (const c of cases) {
    const { now, want } = compare(section, c);
    taken += now.filter(Boolean).length;
    if (JSON.stringify(now) !== JSON.stringify(want)) {
      differ++;
      if (first.length < 3) first.push(`${c.name}: ${JSON.stringify({ now, want })}`);
    }
  }
  expect(first).toEqual([]);
  expect(differ).toBe(0);
  expect(taken).toBeGreaterThan(cases.length * minTaken);
}

describe('HW6 roles: the engine resolver with the rubric data picks the expected object, for the expected reason', () => {
  it('the role data is in report order, each role named once, and resolved after the roles it refers to', () => {
    expect(rubric.roles!.data.map((r) => r.name)).toEqual([...ROLE_NAMES]);
    expect(rubric.engine.resolution.map((r) => r.name)).toEqual(['redis-deployment', 'redis-pvc', 'flask-deployment', 'redis-service', 'flask-service']);
    expect(rubric.roles!.reasons).toBe('plain');
  });

  it('a variant (extends coe332-hw6) inherits the roles', () => {
    expect(loadRubric('coe332-hw6-sp22').roles).toEqual(rubric.roles);
  });

  it.each(goldenRoleCases(root).map((c) => [c.name, c] as const))('fixture %s', (_n, c) => {
    const { now, want } = compare('golden', c);
    expect(want).toBeDefined();
    expect(now).toEqual(want);
  });

  it('every mutation of the good files (as jdoe, and with the username unknown)', () => {
    const cases = mutationRoleCases();
    expect(cases.length).toBeGreaterThan(1000);
    sweep('mutation', cases, 4);
  }, 180_000);

  it('generated submissions that contest every role', () => {
    const cases = generatedRoleCases();
    expect(cases).toHaveLength(1500);
    sweep('generated', cases, 2);
  }, 180_000);
});
