/**
 * Every check id against the fixtures: the good submission passes them all;
 * each variant fails exactly the checks it names, with the message and the
 * file:line:column it names. A check id with no failing variant fails here.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeStatic, knownChecks, type Report } from '../src/index.js';
import { GOOD, listVariants, materialize, type Expected } from './helpers/fixtures.js';

const variants = listVariants();

describe('the good fixture', () => {
  const { report } = gradeStatic(GOOD);

  it('gets full marks with every static check passing', () => {
    const notPassing = report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip');
    expect(notPassing).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.maxScore).toBeGreaterThan(30);
  });

  it('infers the username from the file names and takes each file for its role', () => {
    expect(report.username).toBe('jdoe');
    expect(report.usernameInfo.source).toBe('file-names');
    expect(report.roles.map((r) => [r.role, r.file])).toEqual([
      ['redis-pvc', 'jdoe-test-redis-pvc.yml'],
      ['redis-deployment', 'jdoe-test-redis-deployment.yml'],
      ['redis-service', 'jdoe-test-redis-service.yml'],
      ['flask-deployment', 'jdoe-test-flask-deployment.yml'],
      ['flask-service', 'jdoe-test-flask-service.yml'],
    ]);
  });

  it('lists the live checks as skipped, outside the score', () => {
    const live = report.checks.filter((c) => c.id.startsWith('live.'));
    expect(live.length).toBe(8);
    expect(live.every((c) => c.status === 'skip' && c.points === 0)).toBe(true);
  });
});

function matches(actual: string | undefined, want: string): boolean {
  if (want.length > 2 && want.startsWith('/') && want.endsWith('/')) return new RegExp(want.slice(1, -1)).test(actual ?? '');
  return actual === want;
}

const failed = (status: string | undefined) => status === undefined || status === 'fail' || status === 'error';

describe.each(variants.map((v) => [v.name, v] as const))('variant %s', (name, v) => {
  if (v.error !== undefined) {
    it('has a valid variant.yml', () => {
      throw new Error(v.error);
    });
    return;
  }
  let report: Report;
  try {
    const dir = materialize(name);
    try {
      report = gradeStatic(dir, { username: v.username ?? 'jdoe', set: v.set }).report;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (err) {
    // One broken variant (a bad `set`, a file to remove that good/ lacks) fails here, not the whole file.
    it('can be built and graded', () => {
      throw err;
    });
    return;
  }
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const wanted = [...new Set([...v.expect.filter((e) => failed(e.status)).map((e) => e.id), ...v.alsoFails])].sort();

  it(`${v.description}: fails exactly ${wanted.join(', ') || 'nothing'}`, () => {
    const failing = report.checks.filter((c) => failed(c.status)).map((c) => c.id).sort();
    expect(failing).toEqual(wanted);
  });

  it('names only known check ids, each once', () => {
    const known = new Set(knownChecks().keys());
    const named = [...v.expect.map((e) => e.id), ...v.alsoFails];
    expect(named.filter((id) => !known.has(id))).toEqual([]);
    expect(named.filter((id, i) => named.indexOf(id) !== i)).toEqual([]);
  });

  if (v.roles) {
    it(`takes ${Object.entries(v.roles).map(([r, f]) => `${f ?? 'nothing'} for ${r}`).join(', ')}`, () => {
      const got = Object.fromEntries(Object.keys(v.roles!).map((r) => [r, report.roles.find((a) => a.role === r)?.file ?? null]));
      expect(got).toEqual(v.roles);
    });
  }

  if (v.ignored) {
    it(`lists as ignored exactly: ${v.ignored.join(', ') || 'nothing'}`, () => {
      expect([...new Set(report.ignored.map((i) => i.file))].sort()).toEqual([...v.ignored!].sort());
    });
  }

  it.each(v.expect.map((e) => [e.id, e] as const))('%s: status, message, location', (_id, e: Expected) => {
    const c = byId.get(e.id);
    expect(c, `check ${e.id} is in the report`).toBeDefined();
    expect(c!.status).toBe(e.status ?? 'fail');
    if (e.message !== undefined) expect(matches(c!.message, e.message), `message was: ${c!.message}`).toBe(true);
    if (e.location !== undefined) expect(c!.location ?? null).toEqual(e.location);
    if (e.hint !== undefined) expect(matches(c!.hint, e.hint), `hint was: ${c!.hint}`).toBe(true);
  });
});

/** The rubric spec's non-live ids: 36 static checks, yaml.parse, and schema.<role> and schema.other. */
const SPEC_IDS = [
  ...['redis-pvc', 'redis-deployment', 'redis-service', 'flask-deployment', 'flask-service'].flatMap((r) => [`files.${r}`, `schema.${r}`, `${r}.name`, `${r}.labels`]),
  'redis-pvc.access-modes', 'redis-pvc.storage-class', 'redis-pvc.storage-request',
  'redis-deployment.pod-labels', 'redis-deployment.app-label', 'redis-deployment.replicas', 'redis-deployment.image', 'redis-deployment.data-volume', 'redis-deployment.selector',
  'redis-service.type', 'redis-service.selects-redis', 'redis-service.selects-only-redis', 'redis-service.ports',
  'flask-deployment.pod-labels', 'flask-deployment.replicas', 'flask-deployment.port', 'flask-deployment.selector',
  'flask-service.type', 'flask-service.selects-flask', 'flask-service.selects-only-flask', 'flask-service.ports',
  'yaml.parse', 'schema.other',
];

describe('coverage of the fixtures', () => {
  const ids = [...knownChecks()].filter(([, k]) => k.type !== 'live').map(([id]) => id);
  it('covers exactly the spec\'s 43 non-live check ids', () => {
    expect(SPEC_IDS.length).toBe(43);
    expect([...ids].sort()).toEqual([...SPEC_IDS].sort());
  });
  it.each(ids)('%s has a variant that fails it, with its location asserted', (id) => {
    const failing = variants.flatMap((v) => v.expect).filter((e) => e.id === id && (e.status ?? 'fail') === 'fail');
    expect(failing.length, `no variant in fixtures/variants expects ${id} to fail`).toBeGreaterThan(0);
    expect(failing.some((e) => e.message !== undefined && e.location != null), `no variant of ${id} asserts message and a location`).toBe(true);
  });
});
