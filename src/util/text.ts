/** Text helpers shared by checks and reporters: edit distance, "did you mean", interpolation, showing a student's value (clipped, look-alike characters named). */

/**
 * Damerau–Levenshtein (optimal string alignment) distance: a transposition (`rbd`/`rdb`) costs 1.
 * The one home of the distance that every "did you mean" uses (checks, schema, rubric, CLI).
 * With `max`, any distance above it comes back as `max + 1`, found without finishing the
 * table (a row whose every cell is above `max` ends it): a "did you mean" over the 40 fields
 * of a container only needs to know which are within 1 to 3 edits.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rows (the one before the previous, for transpositions), not the whole table; reused between calls.
  if (rows[0]!.length <= m) rows = [0, 1, 2].map(() => new Int32Array(2 * (m + 1)));
  let [prev2, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // a row's least cell never falls below the row before's (a transposition from two rows up
    // costs no less than the cell it passes): once above `max`, the distance is too
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m]!, max + 1);
}
let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** The candidate a typo most likely meant, or undefined when none is close. */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  // The answer is the closest candidate if it is within its limit (a third of the longer word):
  // a distance above the largest limit any candidate has cannot be the answer, so none is computed past it.
  let longest = 0;
  for (const c of candidates) if (c.length > longest) longest = c.length;
  const ceiling = Math.max(1, Math.floor(Math.max(typed.length, longest) / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === typed) continue;
    const bound = Math.min(bestD - 1, ceiling);
    const d = c.toLowerCase() === t ? 0 : editDistance(t, c.toLowerCase(), bound);
    if (d <= bound && d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(typed.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

/**
 * `fn` remembered per text: at most `max` texts of at most `maxLength` characters kept, a longer one
 * computed each time (a rubric's or a class's few repeated texts, never a student's unbounded ones).
 */
export function memoText<T>(fn: (text: string) => T, max = 1000, maxLength = 256): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (seen.has(text)) return seen.get(text)!;
    const v = fn(text);
    if (text.length <= maxLength && seen.size < max) seen.set(text, v);
    return v;
  };
}

/** A text cut at its references: text, then [name, as written], text, … */
export type TemplateParts = (string | [string, string])[];

/** A tokenizer of texts for references matching `ref` (a global pattern whose group 1 is the name), remembered per text. */
export function templateTokenizer(ref: RegExp): (text: string) => TemplateParts {
  return memoText((text) => {
    const t: TemplateParts = [];
    let last = 0;
    for (const m of text.matchAll(ref)) {
      t.push(text.slice(last, m.index), [m[1]!, m[0]]);
      last = m.index + m[0].length;
    }
    t.push(text.slice(last));
    return t;
  }, 1000, Infinity);
}

/** A check's title and hint are filled for every student: cut once. */
const template = templateTokenizer(/\{\{\s*([\w.]+)\s*\}\}/g);

/** Replaces `{{name}}` with values (missing names stay as they are). */
export function interpolate(text: string, values: Record<string, unknown>): string {
  if (!text.includes('{{')) return text;
  let out = '';
  for (const part of template(text)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const [key, all] = part;
    // Own values only: `{{hasOwnProperty}}` or `{{constructor}}` is not a parameter.
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    out += Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : all;
  }
  return out;
}

/** A value as the student wrote it, for messages: strings quoted, the rest as YAML would print it. */
export function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return `${JSON.stringify(clip(v))}${lookAlikes(v)}`;
  if (Array.isArray(v)) return clip(`[${v.map((x) => (typeof x === 'string' ? `${clip(x)}${lookAlikes(x)}` : show(x))).join(', ')}]`, 4 * MAX_QUOTED_CHARS);
  if (v !== null && typeof v === 'object') return clip(JSON.stringify(v));
  return String(v);
}

/** A word of the student's (a kind, an apiVersion) for a message: bare when it is plain, else quoted and with what it hides. */
export function word(s: string): string {
  const hidden = lookAlikes(s);
  return hidden ? `${JSON.stringify(clip(s))}${hidden}` : clip(s);
}

/** The longest piece of student text quoted in a message; the rest is counted, never copied (a 1 MiB key stays out of the report). */
export const MAX_QUOTED_CHARS = 120;

/** `s`, cut to MAX_QUOTED_CHARS characters with a count of the rest. */
export function clip(s: string, max = MAX_QUOTED_CHARS): string {
  if (s.length <= max) return s;
  let cut = max;
  if (/[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut--; // never split a surrogate pair
  return `${s.slice(0, cut)}… (${s.length - cut} more characters)`;
}

/**
 * Characters that look like ASCII letters or are invisible, by name: a value
 * with one of them reads the same as the expected one but is not equal.
 * (Unicode names; the Latin letter each imitates.)
 */
const LOOK_ALIKES: Record<string, [string, string?]> = {
  '\u0430': ['CYRILLIC SMALL LETTER A', 'a'],
  '\u0435': ['CYRILLIC SMALL LETTER IE', 'e'],
  '\u043e': ['CYRILLIC SMALL LETTER O', 'o'],
  '\u0440': ['CYRILLIC SMALL LETTER ER', 'p'],
  '\u0441': ['CYRILLIC SMALL LETTER ES', 'c'],
  '\u0443': ['CYRILLIC SMALL LETTER U', 'y'],
  '\u0445': ['CYRILLIC SMALL LETTER HA', 'x'],
  '\u0456': ['CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i'],
  '\u0458': ['CYRILLIC SMALL LETTER JE', 'j'],
  '\u0455': ['CYRILLIC SMALL LETTER DZE', 's'],
  '\u0501': ['CYRILLIC SMALL LETTER KOMI DE', 'd'],
  '\u04bb': ['CYRILLIC SMALL LETTER SHHA', 'h'],
  '\u0410': ['CYRILLIC CAPITAL LETTER A', 'A'],
  '\u0412': ['CYRILLIC CAPITAL LETTER VE', 'B'],
  '\u0415': ['CYRILLIC CAPITAL LETTER IE', 'E'],
  '\u041a': ['CYRILLIC CAPITAL LETTER KA', 'K'],
  '\u041c': ['CYRILLIC CAPITAL LETTER EM', 'M'],
  '\u041d': ['CYRILLIC CAPITAL LETTER EN', 'H'],
  '\u041e': ['CYRILLIC CAPITAL LETTER O', 'O'],
  '\u0420': ['CYRILLIC CAPITAL LETTER ER', 'P'],
  '\u0421': ['CYRILLIC CAPITAL LETTER ES', 'C'],
  '\u0422': ['CYRILLIC CAPITAL LETTER TE', 'T'],
  '\u0425': ['CYRILLIC CAPITAL LETTER HA', 'X'],
  '\u03b1': ['GREEK SMALL LETTER ALPHA', 'a'],
  '\u03b5': ['GREEK SMALL LETTER EPSILON', 'e'],
  '\u03b9': ['GREEK SMALL LETTER IOTA', 'i'],
  '\u03ba': ['GREEK SMALL LETTER KAPPA', 'k'],
  '\u03bd': ['GREEK SMALL LETTER NU', 'v'],
  '\u03bf': ['GREEK SMALL LETTER OMICRON', 'o'],
  '\u03c1': ['GREEK SMALL LETTER RHO', 'p'],
  '\u03c4': ['GREEK SMALL LETTER TAU', 't'],
  '\u03c5': ['GREEK SMALL LETTER UPSILON', 'u'],
  '\u0391': ['GREEK CAPITAL LETTER ALPHA', 'A'],
  '\u0392': ['GREEK CAPITAL LETTER BETA', 'B'],
  '\u0395': ['GREEK CAPITAL LETTER EPSILON', 'E'],
  '\u0397': ['GREEK CAPITAL LETTER ETA', 'H'],
  '\u0399': ['GREEK CAPITAL LETTER IOTA', 'I'],
  '\u039a': ['GREEK CAPITAL LETTER KAPPA', 'K'],
  '\u039c': ['GREEK CAPITAL LETTER MU', 'M'],
  '\u039d': ['GREEK CAPITAL LETTER NU', 'N'],
  '\u039f': ['GREEK CAPITAL LETTER OMICRON', 'O'],
  '\u03a1': ['GREEK CAPITAL LETTER RHO', 'P'],
  '\u03a4': ['GREEK CAPITAL LETTER TAU', 'T'],
  '\u03a7': ['GREEK CAPITAL LETTER CHI', 'X'],
  '\u0131': ['LATIN SMALL LETTER DOTLESS I', 'i'],
  '\u2010': ['HYPHEN', '-'],
  '\u2011': ['NON-BREAKING HYPHEN', '-'],
  '\u2012': ['FIGURE DASH', '-'],
  '\u2013': ['EN DASH', '-'],
  '\u2014': ['EM DASH', '-'],
  '\u2212': ['MINUS SIGN', '-'],
  '\u2018': ['LEFT SINGLE QUOTATION MARK', "'"],
  '\u2019': ['RIGHT SINGLE QUOTATION MARK', "'"],
  '\u201c': ['LEFT DOUBLE QUOTATION MARK', '"'],
  '\u201d': ['RIGHT DOUBLE QUOTATION MARK', '"'],
  '\u2024': ['ONE DOT LEADER', '.'],
  '\uff0e': ['FULLWIDTH FULL STOP', '.'],
  '\uff1a': ['FULLWIDTH COLON', ':'],
  '\u0589': ['ARMENIAN FULL STOP', ':'],
  '\u00a0': ['NO-BREAK SPACE', ' '],
  '\u2007': ['FIGURE SPACE', ' '],
  '\u202f': ['NARROW NO-BREAK SPACE', ' '],
  '\u3000': ['IDEOGRAPHIC SPACE', ' '],
  '\u200b': ['ZERO WIDTH SPACE'],
  '\u200c': ['ZERO WIDTH NON-JOINER'],
  '\u200d': ['ZERO WIDTH JOINER'],
  '\u2060': ['WORD JOINER'],
  '\ufeff': ['ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
  '\u00ad': ['SOFT HYPHEN'],
  '\u202e': ['RIGHT-TO-LEFT OVERRIDE'],
  '\u202d': ['LEFT-TO-RIGHT OVERRIDE'],
};

/** "a space at the end", "2 spaces at the start": the blanks around a value, which a message would hide. */
function edgeSpace(s: string): string[] {
  if (s.trim() === '') return [];
  const say = (blank: string, where: string): string => {
    const what = /^ +$/.test(blank) ? (blank.length === 1 ? 'a space' : `${blank.length} spaces`) : /^\t+$/.test(blank) ? (blank.length === 1 ? 'a tab' : `${blank.length} tabs`) : 'spaces and tabs';
    return `${what} at the ${where}`;
  };
  const out: string[] = [];
  const lead = /^[ \t]+/.exec(s)?.[0];
  const trail = /[ \t]+$/.exec(s)?.[0];
  if (lead) out.push(say(lead, 'start'));
  if (trail) out.push(say(trail, 'end'));
  return out;
}

/**
 * What a string holds that the eye cannot see: "" for plain text, else
 * ` (with U+0435 CYRILLIC SMALL LETTER IE, not "e")`, naming each look-alike
 * or invisible character once (fullwidth letters, control and format
 * characters by code point). Every message that shows a student's value
 * beside the expected one goes through show(), which appends it.
 */
export function lookAlikes(s: string): string {
  const named: string[] = edgeSpace(s);
  if (/^[\x20-\x7e]*$/.test(s)) return named.length ? ` (with ${named.join('; ')})` : '';
  const seen = new Set<string>();
  for (const ch of s) {
    if (seen.has(ch) || named.length >= 5) continue;
    seen.add(ch);
    const cp = ch.codePointAt(0)!;
    const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const known = LOOK_ALIKES[ch];
    if (known) named.push(`${u} ${known[0]}${known[1] !== undefined ? `, not "${known[1]}"` : ''}`);
    else if (cp >= 0xff01 && cp <= 0xff5e) named.push(`${u} FULLWIDTH ${String.fromCodePoint(cp - 0xfee0)}, not "${String.fromCodePoint(cp - 0xfee0)}"`);
    else if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch) && ch !== ' ' && !(ch === '\t' && named.some((n) => n.includes('tab')))) named.push(`${u} (an invisible or control character)`);
  }
  return named.length ? ` (with ${named.join('; ')})` : '';
}

/** The characters Go's `unicode.IsSpace` takes for space (what `strings.TrimSpace` removes in the API server). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** Go's `strings.TrimSpace`: not JavaScript's `trim()`, which also takes U+FEFF and leaves U+0085. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/** A field's value as a summary can count it: scalars as they are, anything else as its YAML-ish text. */
export function scalar(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : show(v);
}
