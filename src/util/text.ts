/** Text helpers shared by checks and reporters: edit distance, "did you mean", interpolation. */

/** Damerau–Levenshtein (optimal string alignment) distance: a transposition (`rbd`/`rdb`) costs 1. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...Array<number>(n).fill(0)]);
  for (let j = 0; j <= n; j++) d[0]![j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/** The candidate a typo most likely meant, or undefined when none is close. */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === typed) continue;
    const d = c.toLowerCase() === t ? 0 : editDistance(t, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(typed.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

/** Replaces `{{name}}` with values (missing names stay as they are). */
export function interpolate(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, key: string) => {
    // Own values only: `{{hasOwnProperty}}` or `{{constructor}}` is not a parameter.
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    if (Array.isArray(v)) return `[${v.join(', ')}]`;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : all;
  });
}

/** A value as the student wrote it, for messages: strings quoted, the rest as YAML would print it. */
export function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? x : show(x))).join(', ')}]`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
