/**
 * Fixture submissions: fixtures/good is a full-marks submission (username
 * jdoe, env test); each fixtures/variants/<name>/ holds only what differs
 * from it (files that replace or add, `remove`/`rename` in variant.yml) and
 * the findings it must produce, with message and location — like ESLint's
 * RuleTester cases. variant.yml:
 *
 *   description: what the student did            (required)
 *   remove: [file]  rename: {from: to}          (applied to good/; `to` may be in a subfolder)
 *   username: jdoe  set: ["key=value"]          (grading options)
 *   expect:                                      (required, non-empty)
 *     - id: <check id>
 *       status: fail                             (default; pass asserts a ruling that must hold)
 *       message: exact text, or /regex/
 *       location: {file, line, column}, or null for none
 *       hint: exact text, or /regex/
 *   alsoFails: [id]                              (collateral failures of the same fault)
 *   roles: {role: file, or null for none}        (which file takes each role named)
 *   ignored: [file]                              (files listed as ignored, exactly)
 *   live: [...], livePass: [id]                  (for the e2e live test; ignored here)
 *
 * The failing checks must be exactly expect's failing ids plus alsoFails.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
export const GOOD = join(FIXTURES, 'good');
export const VARIANTS = join(FIXTURES, 'variants');

/** fixtures/good as `user`'s submission in `dir` (`jdoe` replaced in file names and text), each file's text through `edit`. */
export function studentAs(dir: string, user: string, edit: (text: string) => string = (t) => t): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(GOOD)) writeFileSync(join(dir, f.replace('jdoe', user)), edit(readFileSync(join(GOOD, f), 'utf8').replaceAll('jdoe', user)));
  return dir;
}

export interface Expected {
  id: string;
  status?: 'pass' | 'fail' | 'error' | 'skip';
  /** Exact message, or /regex/ when written between slashes. */
  message?: string;
  location?: { file: string; line: number; column: number } | null;
  hint?: string;
}

export interface Variant {
  name: string;
  description: string;
  remove: string[];
  rename: Record<string, string>;
  username?: string;
  set?: string[];
  expect: Expected[];
  /** Other checks this fault also fails (the point of the variant is `expect`). */
  alsoFails: string[];
  /** Which file takes each role (a role mapped to null is taken by nothing); only the roles named are asserted. */
  roles?: Record<string, string | null>;
  /** Files whose documents the report lists as ignored (not Kubernetes), exactly. */
  ignored?: string[];
  /** What the live pass must find on a cluster (test/e2e); the static test ignores them. */
  live?: Expected[];
  livePass?: string[];
  /** Set when variant.yml itself is broken; the test reports it for this variant alone. */
  error?: string;
}

const VARIANT_KEYS = new Set(['description', 'remove', 'rename', 'username', 'set', 'expect', 'alsoFails', 'roles', 'ignored', 'live', 'livePass']);
const EXPECT_KEYS = new Set(['id', 'status', 'message', 'location', 'hint']);

export function listVariants(): Variant[] {
  return readdirSync(VARIANTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      try {
        return readVariant(d.name);
      } catch (err) {
        // One broken variant.yml fails its own test, not the collection of every variant.
        return { name: d.name, description: d.name, remove: [], rename: {}, expect: [], alsoFails: [], error: err instanceof Error ? err.message : String(err) };
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function readVariant(name: string): Variant {
  const spec = parse(readFileSync(join(VARIANTS, name, 'variant.yml'), 'utf8')) as Partial<Variant>;
  // A misspelt key (`expects:`) would silently make the variant assert nothing.
  const bad = Object.keys(spec ?? {}).filter((k) => !VARIANT_KEYS.has(k));
  if (bad.length > 0) throw new Error(`fixtures/variants/${name}/variant.yml: unknown key ${bad.join(', ')}`);
  for (const e of spec.expect ?? []) {
    const badE = Object.keys(e).filter((k) => !EXPECT_KEYS.has(k));
    if (badE.length > 0) throw new Error(`fixtures/variants/${name}/variant.yml: unknown key ${badE.join(', ')} in expectation ${e.id}`);
  }
  if (!spec.description) throw new Error(`fixtures/variants/${name}/variant.yml: no description`);
  if (!spec.expect?.length) throw new Error(`fixtures/variants/${name}/variant.yml: expects nothing`);
  return {
    name,
    description: spec.description ?? name,
    remove: spec.remove ?? [],
    rename: spec.rename ?? {},
    username: spec.username,
    set: spec.set,
    expect: spec.expect ?? [],
    alsoFails: spec.alsoFails ?? [],
    roles: spec.roles,
    ignored: spec.ignored,
    live: spec.live,
    livePass: spec.livePass,
  };
}

/** Builds the variant's submission in a new temporary folder and returns its path. */
export function materialize(name: string, into = mkdtempSync(join(tmpdir(), `kg-${name}-`))): string {
  const v = readVariant(name);
  cpSync(GOOD, into, { recursive: true });
  for (const f of v.remove) rmSync(join(into, f));
  for (const [from, to] of Object.entries(v.rename)) {
    // `to` may name a subfolder (k8s/jdoe-test-redis-pvc.yml): submissions are graded wherever their files sit.
    mkdirSync(dirname(join(into, to)), { recursive: true });
    renameSync(join(into, from), join(into, to));
  }
  for (const f of readdirSync(join(VARIANTS, name))) {
    if (f === 'variant.yml') continue;
    const bytes = readFileSync(join(VARIANTS, name, f));
    if (v.remove.includes(f) || Object.keys(v.rename).includes(f)) throw new Error(`fixtures/variants/${name}: ${f} is both removed or renamed and given`);
    let same = false;
    try {
      same = readFileSync(join(GOOD, f)).equals(bytes);
    } catch {
      // a new file
    }
    if (same) throw new Error(`fixtures/variants/${name}/${f} is the same as fixtures/good/${f}: the variant changes nothing there`);
    writeFileSync(join(into, f), bytes);
  }
  return into;
}
