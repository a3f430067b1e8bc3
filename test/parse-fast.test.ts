/**
 * The parse's fast path (src/parse/fast.ts) against the full one (the `yaml`
 * package): on every fixture file and on thousands of seeded mutations of
 * them, both give the same objects (values, key order, ids), the same ignored
 * documents and findings, and the same location for every path of every
 * object, present or missing. The fast path may give up (then the full path
 * answers); the test also holds it to answering for the files students write.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFile, type Path } from '../src/parse/index.js';
import { fastParse } from '../src/parse/fast.js';
import fc from 'fast-check';
import { yamlText } from './helpers/yaml-grammar.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(n) ? [p] : [];
  });
}
const files = yamlFiles(fixtures).map((p) => ({ path: relative(fixtures, p), text: readFileSync(p, 'utf8') }));

/** Every path in a value, and for each map and sequence a missing child; plus a few paths that go nowhere. */
function paths(v: unknown, base: (string | number)[] = [], out: Path[] = []): Path[] {
  out.push(base);
  if (Array.isArray(v)) {
    v.forEach((x, i) => paths(x, [...base, i], out));
    out.push([...base, v.length], [...base, 'x']);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) paths(x, [...base, k], out);
    out.push([...base, 'zz-missing'], [...base, 0]);
  } else out.push([...base, 'below-a-scalar', 1]);
  return out;
}

/** The whole outcome of a parse, locations of every path included, as comparable text. */
function outcome(text: string, fast: boolean): string {
  const r = parseFile({ path: 'a.yml', text }, { fast });
  return inspect(
    {
      findings: r.findings,
      ignored: r.ignored,
      objects: r.objects.map((o) => ({
        id: o.id,
        kind: o.kind,
        apiVersion: o.apiVersion,
        name: o.name,
        value: o.value,
        locations: paths(o.value).map((p) => [p, o.at(p), o.keyAt(p), o.has(p)]),
      })),
    },
    { depth: Infinity, sorted: false, breakLength: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity },
  );
}

/** A small seeded generator (mulberry32), so that a failure names a case that can be run again. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '\n', '[', ']', '{', '}', '{}', '[]', ',', 'a', '1', 'yes', '~', 'null', '0x1F', '010', '1.5', '-1',
  '&a', '*a', '!', '|', '>', '.', '---\n', '...\n', '\t', '\r\n', '<<', '?', 'é', '__proto__', '\\', "''", 'on', '1e3', '12:30', '2001-12-14', '.inf', '0b101', ' - '];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(r() * 3);
  let t = text;
  for (let k = 0; k < n; k++) {
    const op = Math.floor(r() * 6);
    const i = Math.floor(r() * t.length);
    const li = Math.floor(r() * lines.length);
    if (op === 0) t = t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 3));
    else if (op === 1 || op === 2) t = t.slice(0, i) + PIECES[Math.floor(r() * PIECES.length)] + t.slice(i);
    else if (op === 3) lines.splice(li, 0, lines[Math.floor(r() * lines.length)]!), (t = lines.join('\n'));
    else if (op === 4) (lines[li] = ' '.repeat(Math.floor(r() * 3)) + lines[li]!.replace(/^ {0,2}/, r() < 0.5 ? '' : ' ')), (t = lines.join('\n'));
    else lines.splice(li, 1), (t = lines.join('\n'));
  }
  return t;
}

describe('the fast parse', () => {
  it('answers for every file of the good submission, and every fixture file agrees with the full parse', () => {
    for (const f of files.filter((f) => f.path.startsWith('good/'))) expect(fastParse(f.text, { value: (s) => ({ value: s }), key: (s) => s }), f.path).toBeDefined();
    for (const f of files) expect(outcome(f.text, true), f.path).toBe(outcome(f.text, false));
  });

  it('agrees with the full parse on thousands of mutations of the fixtures (seeded)', () => {
    const r = rng(20261201);
    let answered = 0;
    let cases = 0;
    for (let round = 0; round < 4; round++) {
      for (const f of files) {
        const text = mutate(f.text, r);
        cases++;
        if (fastParse(text, { value: (s) => ({ value: s }), key: (s) => s })) answered++;
        const want = outcome(text, false);
        const got = outcome(text, true);
        if (got !== want) expect({ case: `round ${round}, ${f.path}`, text, got }).toEqual({ case: `round ${round}, ${f.path}`, text, got: want });
      }
    }
    // the fast path must really be exercised by the mutations, not give up on all of them
    expect(answered / cases).toBeGreaterThan(0.2);
  });

  it('agrees on the shapes manifests are written in', () => {
    const cases = [
      'a:\nb: "x"\nc:\n- 1\n-\n- k: v\n  j:\nd: []\ne: [ a, "b" ]\nf: {}\n',
      'apiVersion: v1\nkind: A\nx:   # c\ny:   \n',
      '---\napiVersion: v1\nkind: A\n---\n---\nkind: B\n...\n',
      '# c\n---\nkind: A\nmetadata: {name: x}\n',
      'kind: A\nkind: B\nmetadata:\n  name: a\n  name: b\n',
      'kind: A\nspec:\n  ports:\n  - port: 80\n    name: "http"\n  -   port: 81\n      name: \'it\'\'s\'\n',
      'kind: A\nl: [yes, no, ~, 010, 0x1F, 1.5, -1, 1e3, .inf, "a b", \'c\']\n',
      'kind: A\n  b: 1\n',
      '  kind: A\n  b: 1\n',
      'kind: A\nb: c: d\n',
      'kind: A\nb: c\n  d\n',
      'kind: A\nyes: 1\n"no": 2\n1: 3\n',
      'kind: A\nb: 2001-12-14\n',
      '- kind: A\n',
      'kind: A\n---\n',
      '',
      '# only a comment\n',
      '---\n',
      'kind: A\nb: [a, b,]\n',
      'kind: A\nb: x #c\nd: "y" # e\nf: a#b\n',
    ];
    for (const c of cases) expect(outcome(c, true), c).toBe(outcome(c, false));
  });

  it('agrees with the full parse on every file of the YAML grammar (fast-check, 3,000 per run)', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        expect(outcome(text, true)).toBe(outcome(text, false));
      }),
      { numRuns: 3000 },
    );
  });
});
