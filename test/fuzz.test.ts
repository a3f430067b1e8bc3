/**
 * Fuzzing: mutations of the fixtures (byte flips, line deletions, indentation
 * shifts, key renames, value type swaps, aliases — cyclic ones too — deep
 * nesting, line-ending swaps, look-alike characters, extra documents), made by
 * fast-check from a fixed seed. KUBEGRADE_FUZZ_RUNS cases (default 2000 in CI,
 * 500 elsewhere; 10000 for the run), KUBEGRADE_FUZZ_SEED another seed.
 *
 * Invariants, for every case: grading never throws; the report is valid
 * JSON, its score within 0..maxScore; it is bounded in size; `batch`
 * (gradeEach on worker threads and the calling thread) gives the same report
 * as `check` (gradeStatic here); a rerun is byte-identical. For a sample,
 * the real CLI: `check` exits 0 or 1 with the same JSON and no stack trace,
 * and `batch --format json` over the sample exits 0 with the same reports.
 * Time and memory are measured by bench/hostile.js, not here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { gradeEach } from '../src/batch/index.js';
import type { Report } from '../src/types.js';

const RUNS = Number(process.env.KUBEGRADE_FUZZ_RUNS ?? (process.env.CI ? 2000 : 500));
const SEED = Number(process.env.KUBEGRADE_FUZZ_SEED ?? 20261201);
const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const GOOD = new URL('../fixtures/good', import.meta.url).pathname;
const FILES = readdirSync(GOOD)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(GOOD, name), 'utf8') }));

type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'delete-line'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'rename-key'; at: number; to: string }
  | { op: 'swap-value'; at: number; to: string }
  | { op: 'alias'; at: number; cyclic: boolean }
  | { op: 'nest'; at: number; depth: number; flow: boolean }
  | { op: 'line-ends'; to: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'document'; at: number };

const VALUES = ['[]', '{}', '~', 'yes', 'no', 'on', 'y', '0o2', '0:2', '1:30:00', '.inf', '-.nan', '1e3', '0x1F', '1_000', '0b11', '"2"', "'x'", '!!int "3"', '!!str 2', '!!binary aGk=', '2001-12-14', '- a', '*nope', '|\n  x', '>-', '{a: [b, {c: d}]}', '[1, [2, [3]]]', '"\\u0000"', '<<', '? a', 'a: b: c', '"unterminated', '\t1', 'rеdis:5.0.0', 'redis:5.0.0\u200b'];
const INSERTS = ['\t', '\u00a0', '\u0435', '\ufeff', '\r', '\u2028', '&a ', '*a', '<<: *a\n', '---\n', '...\n', '%YAML 1.1\n', '# c\n', ':', '- ', '{', '[', '"', "'", '!!', '? ', '\\'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('rename-key' as const), at: fc.nat(), to: fc.oneof(fc.constantFrom('lables', 'Kind', 'apiversion', 'spec', 'metadata', '<<', 'y', '1', 'null', '"a b"', '__proto__', 'constructor'), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('swap-value' as const), at: fc.nat(), to: fc.constantFrom(...VALUES) }),
  fc.record({ op: fc.constant('alias' as const), at: fc.nat(), cyclic: fc.boolean() }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 90, max: 3000 })), flow: fc.boolean() }),
  fc.record({ op: fc.constant('line-ends' as const), to: fc.constantFrom('\r', '\r\n', '\u2028', '\u0085') }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 6, unit: 'binary' })) }),
  fc.record({ op: fc.constant('document' as const), at: fc.nat() }),
);

const caseArb = fc.record({ file: fc.nat({ max: FILES.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) });

/** Applies one mutation to a file's bytes. */
function apply(buf: Buffer, m: Mutation): Buffer {
  const text = buf.toString('latin1'); // byte-exact round trip
  const lines = text.split('\n');
  const line = (at: number) => at % Math.max(lines.length, 1);
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const keyLines = lines.map((l, i) => (/^\s*-?\s*[\w.-]+:/.test(l) ? i : -1)).filter((i) => i >= 0);
  const keyLine = (at: number) => keyLines[at % Math.max(keyLines.length, 1)] ?? 0;
  switch (m.op) {
    case 'flip': {
      const out = Buffer.from(buf);
      if (out.length) out[m.at % out.length] = m.byte;
      return out;
    }
    case 'delete-line':
      lines.splice(line(m.at), 1);
      break;
    case 'indent': {
      const i = line(m.at);
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
      break;
    }
    case 'rename-key': {
      const i = keyLine(m.at);
      lines[i] = lines[i]!.replace(/[\w.-]+(?=:)/, utf8(m.to));
      break;
    }
    case 'swap-value': {
      const i = keyLine(m.at);
      lines[i] = lines[i]!.replace(/:(.*)$/, `: ${utf8(m.to)}`);
      break;
    }
    case 'alias': {
      // An anchor on one key's value, an alias on another's (a later one, or one inside: cyclic).
      const i = keyLine(m.at);
      const j = keyLine(m.at * 7 + 3);
      lines[i] = lines[i]!.replace(/:\s*/, ': &a ');
      if (m.cyclic) lines.splice(i + 1, 0, `${lines[i]!.match(/^\s*/)![0]}  k: *a`);
      else lines[Math.max(i, j)] = lines[Math.max(i, j)]!.replace(/:(.*)$/, ': *a');
      break;
    }
    case 'nest': {
      const i = keyLine(m.at);
      const pad = lines[i]!.match(/^\s*/)![0];
      if (m.flow) lines[i] = lines[i]!.replace(/:(.*)$/, (_, v: string) => `: ${'['.repeat(m.depth)}${v.trim() || 'x'}${']'.repeat(m.depth)}`);
      else lines.splice(i + 1, 0, ...Array.from({ length: Math.min(m.depth, 400) }, (_, k) => `${pad}${' '.repeat(2 * (k + 1))}n${k}:`));
      break;
    }
    case 'line-ends':
      return Buffer.from(text.split('\n').join(utf8(m.to)), 'latin1');
    case 'insert': {
      const at = m.at % (text.length + 1);
      return Buffer.from(text.slice(0, at) + utf8(m.text) + text.slice(at), 'latin1');
    }
    case 'document':
      lines.splice(line(m.at), 0, '---');
      break;
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

const root = mkdtempSync(join(tmpdir(), 'kg-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function materialise(n: number, c: { file: number; mutations: Mutation[] }): string {
  const dir = join(root, `c${String(n).padStart(5, '0')}`);
  mkdirSync(dir);
  FILES.forEach((f, i) => {
    let buf = Buffer.from(f.text, 'utf8');
    if (i === c.file) for (const m of c.mutations) buf = apply(buf, m);
    writeFileSync(join(dir, f.name), buf);
  });
  return dir;
}

const STACK = /\n\s+at .+:\d+:\d+|Maximum call stack|RangeError|TypeError|internal error/;
const json = (r: Report) => JSON.stringify(r, null, 2);

describe('fuzzing the fixtures', () => {
  const cases = fc.sample(caseArb, { numRuns: RUNS, seed: SEED });

  it(`${RUNS} mutated submissions (seed ${SEED}): never throws, valid bounded JSON, check == batch, rerun identical`, { timeout: Math.max(120_000, RUNS * 60) }, async () => {
    const GROUP = 200; // one batch (and its worker) per group
    let failed = 0;
    let slowest = 0;
    for (let g = 0; g < cases.length; g += GROUP) {
      const group = cases.slice(g, g + GROUP);
      const dirs = group.map((c, k) => materialise(g + k, c));
      const single = dirs.map((d, k) => {
        try {
          const t = performance.now();
          const s = json(gradeStatic(d, { username: 'jdoe' }).report);
          slowest = Math.max(slowest, performance.now() - t);
          return s;
        } catch (err) {
          failed++;
          throw new Error(`case ${g + k} (${JSON.stringify(group[k])}) threw: ${(err as Error).stack}`);
        }
      });
      for (const [k, s] of single.entries()) {
        const r = JSON.parse(s) as Report;
        expect(r.score, `case ${g + k}`).toBeGreaterThanOrEqual(0);
        expect(r.score, `case ${g + k}`).toBeLessThanOrEqual(r.maxScore);
        expect(s.length, `case ${g + k}: report size`).toBeLessThan(300_000);
        expect(s, `case ${g + k}`).not.toMatch(STACK);
        if ((g + k) % 10 === 0) expect(json(gradeStatic(dirs[k]!, { username: 'jdoe' }).report), `case ${g + k}: rerun`).toBe(s);
      }
      // batch: two grading threads (the calling one and a worker) take these folders in turn.
      const usernames = Object.fromEntries(dirs.map((d) => [d, 'jdoe']));
      let k = 0;
      for await (const r of gradeEach(dirs, { usernames, workers: 2 })) {
        expect(json(r), `case ${g + k} (${JSON.stringify(group[k])}): batch differs from check`).toBe(single[k]);
        k++;
      }
      expect(k).toBe(dirs.length);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
    expect(failed).toBe(0);
    expect(slowest, 'the slowest case, in ms (a guard against runaway work, not a speed target: bench/hostile.js measures)').toBeLessThan(10_000);
  });

  it('the real CLI on a sample: check exits 0 or 1 with the library\'s JSON and no stack trace; batch agrees', () => {
    const sample = cases.filter((_, i) => i % Math.max(1, Math.floor(RUNS / 12)) === 0).slice(0, 12);
    const batchRoot = join(root, 'cli');
    mkdirSync(batchRoot);
    const dirs = sample.map((c, i) => {
      const d = materialise(100_000 + i, c);
      const into = join(batchRoot, `s${String(i).padStart(2, '0')}`);
      mkdirSync(into);
      for (const f of readdirSync(d)) writeFileSync(join(into, f), readFileSync(join(d, f)));
      return into;
    });
    const reports: unknown[] = [];
    for (const d of dirs) {
      const r = spawnSync(process.execPath, [BIN, 'check', d, '-u', 'jdoe', '-f', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect([0, 1], `${d}: exit ${r.status}, stderr ${r.stderr}`).toContain(r.status);
      expect(r.stderr).not.toMatch(STACK);
      const report = JSON.parse(r.stdout);
      expect(report).toEqual(JSON.parse(json(gradeStatic(d, { username: 'jdoe' }).report)));
      reports.push(report);
    }
    writeFileSync(join(batchRoot, 'roster.csv'), dirs.map((_, i) => `s${String(i).padStart(2, '0')},jdoe`).join('\n') + '\n');
    const b = spawnSync(process.execPath, [BIN, 'batch', batchRoot, '--roster', join(batchRoot, 'roster.csv'), '--username-from', 'roster', '-f', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).not.toMatch(STACK);
    // A batch row also says who it is (`student`, from the roster); the rest is check's report (the roster's username, as -u: --username-from roster).
    expect((JSON.parse(b.stdout) as { reports: Record<string, unknown>[] }).reports.map(({ student: _, ...r }) => r)).toEqual(reports);
  });
});
