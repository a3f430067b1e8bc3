/**
 * Golden outputs: what kubegrade prints for every fixture submission
 * (fixtures/good, each fixtures/variants/*, examples/classic-mistakes) in
 * json, text and sarif, what `fix --dry-run` prints for it, and `explain` of
 * every check id. test/golden.test.ts regrades and compares byte for byte;
 * `npm run golden:update` rewrites test/golden/ from the current code.
 *
 * Everything runs in this process through the library (grade, the reporters,
 * the fix planner; `explain` through the CLI's main()), one grade per case.
 *
 * Normalised, and nothing else: the temporary folder the cases are graded in
 * (an absolute path) and kubegrade's own version (sarif's driver). Static
 * reports carry no timings. The sarif `rules` array (26 KiB, the same for
 * every case graded with the same rubric parameters) is stored once under
 * test/golden/_shared/ and named by its hash in each case's check.sarif; the
 * comparison is of the whole output, the block put back.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade, knownChecks, loadRubric, type Report } from '../../src/index.js';
import { exitCodeFor } from '../../src/score/index.js';
import { REPORTERS, renderAll } from '../../src/reporters/index.js';
import { runFix } from '../../src/cli/fix-run.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/common.js';
import { kubegradeVersion } from '../../src/util/version.js';
import { GOOD, listVariants, materialize } from './fixtures.js';

export const GOLDEN_DIR = new URL('../golden/', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const SHARED = '_shared';
export const FORMATS = { json: 'check.json', text: 'check.txt', sarif: 'check.sarif' } as const;

export interface GoldenCase {
  /** Its folder under test/golden/: good, variants/<name>, examples/<name>. */
  name: string;
  username?: string;
  set?: string[];
  /** Copies the submission into `into` (a new folder). */
  build: (into: string) => void;
}

/** Every case, in a stable order. Variants are graded as test/checks.test.ts grades them (username jdoe unless the variant says). */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [{ name: 'good', build: (into) => cpSync(GOOD, into, { recursive: true }) }];
  for (const v of listVariants()) cases.push({ name: `variants/${v.name}`, username: v.username ?? 'jdoe', set: v.set, build: (into) => void materialize(v.name, into) });
  for (const e of readdirSync(EXAMPLES, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const dir = join(EXAMPLES, e.name);
    // examples/ also holds workflows and a Gradescope script: only the folders of YAML manifests are submissions.
    if (!readdirSync(dir).some((f) => /\.ya?ml$/.test(f)) || e.name === 'workflows') continue;
    cases.push({ name: `examples/${e.name}`, build: (into) => cpSync(dir, into, { recursive: true }) });
  }
  return cases;
}

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), color: false };
}

/** The files of one case, by name under its golden folder, normalised (before the sarif rules are taken out). */
export async function renderCase(c: GoldenCase, root: string): Promise<Map<string, string>> {
  const dir = join(root, c.name.replaceAll('/', '__'));
  c.build(dir);
  const files = new Map<string, string>();
  const report: Report = await grade(dir, { username: c.username, set: c.set });
  const rubric = loadRubric(undefined, { set: c.set });
  for (const [format, file] of Object.entries(FORMATS)) {
    files.set(file, renderAll(REPORTERS.get(format)!, [report], { color: false, rubric }));
  }
  const io = captureIo();
  let fixExit = 0;
  try {
    runFix(dir, { dryRun: true, username: c.username, set: c.set ?? [] }, io, (code) => (fixExit = code));
  } catch (err) {
    io.err.push(`kubegrade: ${(err as Error).message}\n`);
    fixExit = 2;
  }
  files.set('fix-dry-run.txt', io.out.join('') + (io.err.length ? `--- stderr\n${io.err.join('')}` : ''));
  files.set('exit.txt', `check: ${exitCodeFor([report])}\nfix --dry-run: ${fixExit}\n`);
  for (const [k, v] of files) files.set(k, normalise(v, root));
  return files;
}

/** `kubegrade explain --list`, then `kubegrade explain ID` for every known check id, through the CLI's main(). */
export async function renderExplain(): Promise<string> {
  const parts: string[] = [];
  const run = async (argv: string[]) => {
    const io = captureIo();
    const code = await main(argv, io);
    parts.push(`$ kubegrade ${argv.join(' ')}  (exit ${code})\n${io.out.join('')}${io.err.join('')}\n`);
  };
  await run(['explain', '--list']);
  for (const id of knownChecks().keys()) await run(['explain', id]);
  return normalise(parts.join(''), undefined);
}

/** Exactly the parts of an output that differ from machine to machine and release to release. */
export function normalise(s: string, root: string | undefined): string {
  if (root) s = s.replaceAll(root, '<golden>');
  const v = JSON.stringify(kubegradeVersion());
  return s.replaceAll(`"version": ${v}`, '"version": "<version>"').replaceAll(`"semanticVersion": ${v}`, '"semanticVersion": "<version>"');
}

/** A new folder for one run's cases. */
export const goldenRoot = () => mkdtempSync(join(tmpdir(), 'kg-golden-'));

const RULES = /^( *)"rules": \[\n[\s\S]*?^\1\]/m;
const RULES_REF = /^( *)"rules": "@golden\/(_shared\/sarif-rules-[0-9a-f]{12}\.json)"/m;

/** check.sarif as stored: its rules array replaced by a reference to a shared file, returned beside it. */
export function splitSarif(s: string): { text: string; shared?: [string, string] } {
  const m = RULES.exec(s);
  if (!m) return { text: s };
  const block = m[0].slice(m[1]!.length + '"rules": '.length);
  const name = `${SHARED}/sarif-rules-${createHash('sha256').update(block).digest('hex').slice(0, 12)}.json`;
  return { text: s.replace(RULES, `${m[1]}"rules": "@golden/${name}"`), shared: [name, block + '\n'] };
}

/** The stored check.sarif with its rules array put back from `read(sharedName)`. */
export function joinSarif(s: string, read: (name: string) => string): string {
  return s.replace(RULES_REF, (_all, indent: string, name: string) => `${indent}"rules": ${read(name).replace(/\n$/, '')}`);
}
