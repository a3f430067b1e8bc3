/**
 * The source lines around the places a report blames, so that a report can be
 * read beside the student's text (the html format) without going back to the
 * submission folder, which may not even hold what was graded (a deadline
 * commit). Bounded: a few lines around each place, each line cut short, a
 * limited number of places per report.
 */
import type { SourceFile } from '../discover/index.js';
import type { CheckResult, Excerpt, Location } from '../types.js';

/** The most places excerpted per report. */
export const MAX_EXCERPT_PLACES = 200;
/** The longest line kept, in characters. */
export const MAX_EXCERPT_LINE = 240;

/** Excerpts of `files` around every location of the failed checks, `context` lines each side, merged where they touch. */
export function excerptsFor(files: readonly SourceFile[], checks: readonly CheckResult[], context: number): Excerpt[] {
  const ctx = Math.max(0, Math.min(20, Math.floor(context)));
  const wanted = new Map<string, number[]>();
  let places = 0;
  const add = (loc: Location | undefined) => {
    if (!loc || places >= MAX_EXCERPT_PLACES) return;
    places++;
    const list = wanted.get(loc.file) ?? [];
    list.push(loc.line);
    wanted.set(loc.file, list);
  };
  for (const c of checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    add(c.location);
    for (const f of c.findings ?? []) if (f.location !== c.location) add(f.location);
  }
  const out: Excerpt[] = [];
  for (const f of files) {
    const lines = wanted.get(f.path);
    if (!lines) continue;
    const text = f.text.split(/\r?\n|\r/);
    const sorted = [...new Set(lines)].sort((a, b) => a - b);
    let from = -1;
    let to = -1;
    const flush = () => {
      if (from < 1) return;
      out.push({ file: f.path, line: from, lines: text.slice(from - 1, to).map((l) => (l.length > MAX_EXCERPT_LINE ? l.slice(0, MAX_EXCERPT_LINE - 1) + '…' : l)) });
    };
    for (const line of sorted) {
      const a = Math.max(1, line - ctx);
      const b = Math.min(text.length, line + ctx);
      if (a > b) continue;
      if (from >= 1 && a <= to + 1) to = Math.max(to, b);
      else {
        flush();
        from = a;
        to = b;
      }
    }
    flush();
  }
  return out;
}
