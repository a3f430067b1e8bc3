/**
 * Coordinated hints: for every failing fixture (fixtures/variants/*), apply every fix its report
 * carries, all at once, as a student following each hint would; the re-check must pass every
 * check that had a fix (it gains exactly the points that check lost) and fail no check that
 * passed. A rename that breaks a claimName, a port fix that leaves targetPort behind, two
 * instructions for one misindented block: each fails here.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { applyToText } from '../src/fix/apply.js';
import type { FixEdit, Report } from '../src/types.js';
import { listVariants, materialize } from './helpers/fixtures.js';

function applyAll(dir: string, edits: FixEdit[]): string[] {
  const problems: string[] = [];
  const byFile = new Map<string, FixEdit[]>();
  for (const e of edits) if (e.kind !== 'rename-file') byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    const r = applyToText(readFileSync(join(dir, file), 'utf8'), list);
    problems.push(...r.skipped.map((s) => `${file}: ${s.edit.kind} ${JSON.stringify(s.edit.path)}: ${s.reason}`));
    writeFileSync(join(dir, file), r.text);
  }
  for (const e of edits) {
    if (e.kind !== 'rename-file') continue;
    mkdirSync(dirname(join(dir, e.to!)), { recursive: true });
    renameSync(join(dir, e.file), join(dir, e.to!));
  }
  return problems;
}

const variants = listVariants().filter((v) => !v.error);

describe.each(variants.map((v) => [v.name, v] as const))('following every hint of %s', (name, v) => {
  const dir = materialize(name);
  let before: Report;
  let after: Report;
  let problems: string[];
  try {
    const opts = { username: v.username ?? 'jdoe', set: v.set };
    before = gradeStatic(dir, opts).report;
    const fixed = before.checks.filter((c) => c.status === 'fail' && c.fix);
    problems = applyAll(dir, fixed.flatMap((c) => c.fix!.edits));
    after = gradeStatic(dir, opts).report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const fixedIds = before!.checks.filter((c) => c.status === 'fail' && c.fix).map((c) => c.id);

  it('applies every edit', () => {
    expect(problems).toEqual([]);
  });

  it(`passes every check that had a fix (${fixedIds.join(', ') || 'none'}), each gaining its points`, () => {
    const still = after.checks.filter((c) => fixedIds.includes(c.id) && c.status !== 'pass').map((c) => `${c.id}: ${c.message}`);
    expect(still).toEqual([]);
    const gained = fixedIds.reduce((n, id) => n + after.checks.find((c) => c.id === id)!.points, 0);
    const lost = fixedIds.reduce((n, id) => n + before.checks.find((c) => c.id === id)!.maxPoints, 0);
    expect(gained).toBe(lost);
  });

  it('fails no check that passed', () => {
    const passed = new Set(before.checks.filter((c) => c.status === 'pass').map((c) => c.id));
    expect(after.checks.filter((c) => passed.has(c.id) && c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});

describe('one cause, one instruction', () => {
  it('a check whose fix another check makes says "see <id>" and names it as its cause', () => {
    const dir = materialize('redis-service-ports-under-selector');
    try {
      const { report } = gradeStatic(dir, { username: 'jdoe' });
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      expect(byId.get('schema.redis-service')!.fix?.edits).toEqual([{ kind: 'reindent', file: 'jdoe-test-redis-service.yml', document: 0, path: ['spec', 'selector', 'ports'], under: ['spec'] }]);
      for (const id of ['redis-service.selects-redis', 'redis-service.ports']) {
        expect(byId.get(id)!.cause).toBe('schema.redis-service');
        expect(byId.get(id)!.hint).toBe('see schema.redis-service: the same fix makes both pass');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
