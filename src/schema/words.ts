/** Small helpers for student-facing messages: paths, values, "did you mean". */
import { editDistance } from '../util/text.js';

export type Path = readonly (string | number)[];

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec.template.spec.containers[0].name`; odd keys as `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Where a field sits, for "in ...": `metadata`, `spec.template.spec`, or `the top level`. */
export function where(path: Path): string {
  return path.length === 0 ? 'the top level' : formatPath(path);
}

/** What a value is, in words: `the string "2"`, `the number 2`, `a list`, `a map`, `true`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') return v === '' ? 'an empty string' : `the string ${JSON.stringify(clip(v))}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a map';
  return typeof v;
}

export function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export { editDistance };

/**
 * The candidate a typo most likely meant: the same word in another case first, then the closest
 * by edit distance (at most 1 for short words, 2 from 5 letters, 3 from 10), ties to the first.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = word.length >= 10 ? 3 : word.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    // only a distance within the limit, and below the best so far, can change the answer
    const bound = Math.min(limit, bestD - 1);
    const d = editDistance(lower, cl, bound);
    if (d <= bound) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** `write ReadWriteOnce (capital R)` when only case differs, else `did you mean "X"?`. */
export function caseOrTypoHint(given: string, wanted: string): string {
  if (given.toLowerCase() === wanted.toLowerCase()) {
    const diffs: number[] = [];
    for (let i = 0; i < wanted.length; i++) if (given[i] !== wanted[i]) diffs.push(i);
    if (diffs.length === 1) {
      const ch = wanted[diffs[0]!]!;
      return `write ${wanted} (${ch === ch.toUpperCase() ? 'capital' : 'lowercase'} ${ch})`;
    }
    return `write ${wanted} (case matters)`;
  }
  return `did you mean "${wanted}"?`;
}

/** `a, b or c` */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}
