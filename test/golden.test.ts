/**
 * Golden outputs (test/helpers/golden.ts): every fixture submission regraded
 * and its json, text and sarif reports, its `fix --dry-run` and every
 * `explain` compared byte for byte with test/golden/. A refactoring keeps
 * them identical; a change meant to alter an output runs
 * `npm run golden:update` and commits the new files, so that the review
 * shows what students will see differently.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { GOLDEN_DIR, goldenCases, goldenRoot, joinSarif, normalise, renderCase, renderExplain, splitSarif } from './helpers/golden.js';

const UPDATE = process.env.GOLDEN_UPDATE === '1';
const root = goldenRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under test/golden/, relative. */
function stored(dir = GOLDEN_DIR): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out = e.isDirectory() ? out.concat(stored(p)) : out.concat(relative(GOLDEN_DIR, p));
  }
  return out;
}

const readGolden = (name: string) => readFileSync(join(GOLDEN_DIR, name), 'utf8');

/** A short unified diff of what changed, for the failure message. */
function differs(name: string, golden: string, actual: string): string {
  const patch = createTwoFilesPatch(`golden/${name}`, `now/${name}`, golden, actual, undefined, undefined, { context: 2 }).split('\n');
  const shown = patch.slice(0, 60).join('\n');
  return `test/golden/${name} differs from the output now (npm run golden:update accepts it):\n${shown}${patch.length > 60 ? `\n... (${patch.length - 60} more diff lines)` : ''}`;
}

/** Compares (or, updating, writes) the files of one case; returns the relative names it covers. */
function compare(files: Map<string, string>, prefix: string, written: Set<string>): void {
  const problems: string[] = [];
  for (const [file, actual] of files) {
    const name = prefix ? `${prefix}/${file}` : file;
    let toStore = actual;
    if (file.endsWith('.sarif')) {
      const { text, shared } = splitSarif(actual);
      toStore = text;
      if (shared && UPDATE) write(shared[0], shared[1], written);
      if (shared) written.add(shared[0]);
    }
    if (UPDATE) {
      write(name, toStore, written);
      continue;
    }
    let golden: string;
    try {
      golden = readGolden(name);
    } catch {
      problems.push(`test/golden/${name} is missing (npm run golden:update writes it)`);
      continue;
    }
    if (file.endsWith('.sarif')) golden = joinSarif(golden, readGolden);
    if (golden !== actual) problems.push(differs(name, golden, actual));
  }
  if (problems.length) expect.fail(problems.join('\n\n'));
}

function write(name: string, text: string, written: Set<string>): void {
  written.add(name);
  const p = join(GOLDEN_DIR, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

const covered = new Set<string>();
const cases = goldenCases();

describe('golden outputs', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const files = await renderCase(c, root);
    for (const f of files.keys()) covered.add(`${c.name}/${f}`);
    compare(files, c.name, covered);
  });

  it('explain, for every check id', async () => {
    const files = new Map([['explain.txt', await renderExplain()]]);
    covered.add('explain.txt');
    compare(files, '', covered);
  });

  it('the CLI prints what the library rendered (good and a variant, every format)', async () => {
    if (UPDATE) return;
    for (const c of [cases[0]!, cases.find((x) => x.name === 'variants/pvc-storage-class-rbd-rubric-set')!]) {
      const dir = join(root, `cli-${c.name.replaceAll('/', '__')}`);
      c.build(dir);
      for (const [format, file] of [['json', 'check.json'], ['text', 'check.txt'], ['sarif', 'check.sarif']] as const) {
        const out: string[] = [];
        const args = ['check', dir, '--format', format, ...(c.username ? ['--username', c.username] : []), ...(c.set ?? []).flatMap((s) => ['--set', s])];
        await main(args, { stdout: (s) => void out.push(s), stderr: () => {}, color: false });
        const golden = joinSarif(readGolden(`${c.name}/${file}`), readGolden).replaceAll(`<golden>/${c.name.replaceAll('/', '__')}`, `<golden>/cli-${c.name.replaceAll('/', '__')}`);
        expect(normalise(out.join(''), root), `${c.name} --format ${format}`).toBe(golden);
      }
    }
  });

  // Last (tests of a file run in order): every stored file is one some case produced, and they stay small.
  it('no stale golden files, and all of them under 5 MB', () => {
    const files = stored();
    if (UPDATE) {
      for (const f of files) if (!covered.has(f)) rmSync(join(GOLDEN_DIR, f));
      return;
    }
    expect(files.filter((f) => !covered.has(f)), 'golden files no case produces (npm run golden:update removes them)').toEqual([]);
    const bytes = files.reduce((s, f) => s + statSync(join(GOLDEN_DIR, f)).size, 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });
});
