/**
 * The parse's fast path: one pass over the text for the YAML that manifests
 * are written in — block mappings and sequences, one-line plain and quoted
 * scalars, one-line flow sequences of scalars, `{}`, comments, `---` — that
 * builds the plain value and the offsets the findings point at, and nothing
 * else. Anything outside that subset, or anything it is not sure of (a tab,
 * a CR, an anchor, a tag, a block scalar, a multi-line scalar, an escape, a
 * syntax error, deep nesting), makes it give up: `fastParse` returns
 * undefined and the `yaml` package reads the file, as it reads every file
 * that does not parse here. So a ruling of the full path (errors and their
 * positions, aliases, merge keys, the bounds) never has a second home here.
 *
 * Where it does answer, the answer is the full path's exactly: the same
 * values (scalars go through the same ScalarReader), the same duplicate keys
 * in the same order, the same offset for every node (`yaml`'s `range[0]`:
 * a map at its first key, a sequence at its first `-`, a scalar at its first
 * character or quote, an empty value just after its indicator and the spaces
 * that follow). test/parse-fast.test.ts holds the two paths to that on the
 * fixtures and on thousands of mutations of them.
 *
 * Why: the `yaml` package lexes, builds a syntax tree, composes a document
 * tree and converts it, allocating at every step; this was two thirds of the
 * time a student's grading takes (bench/profile.js).
 */

/** How scalars are read: the full path's own rulings, handed in. `undefined`: not sure, give up. */
export interface ScalarReader {
  /** The value of a scalar (`plain`: written without quotes). */
  value(source: string, plain: boolean): { value: unknown } | undefined;
  /** A map key as the plain value has it (`yes:` → "true"); undefined when it is not a plain string key. */
  key(source: string, plain: boolean): string | undefined;
}

/** A node's offsets: a scalar is its offset; collections keep their children's. */
export type PosNode = number | PosMap | PosSeq;
export interface PosMap {
  at: number;
  keys: string[];
  keyAt: number[];
  values: PosNode[];
}
export interface PosSeq {
  at: number;
  items: PosNode[];
}

export interface FastDocument {
  /** The root node's offset (the document's first line). */
  at: number;
  /** undefined: an empty document (`---` alone, comments only). */
  value: unknown;
  root: PosNode | undefined;
  /** Repeated keys, in document order: the key's text and its offset. */
  duplicates: { key: string; offset: number }[];
}

/** Deeper than this, the full path reads the file (and applies its own bound). */
const MAX_FAST_DEPTH = 64;
const MAX_FAST_DOCUMENTS = 1000;
/** Implicit keys longer than this are the full path's to judge (YAML allows 1024 characters). */
const MAX_KEY = 1000;
/** Anything that is not LF-separated, tab-free, control-free text. */
const UNSURE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

class GiveUp {}
const GIVE_UP = new GiveUp();

const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SQ = 39;
const DQ = 34;
const LBRACK = 91;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const DOT = 46;
const BACKSLASH = 92;

/** The documents of `text`, or undefined when the fast path is not sure and the full parse must read it. */
export function fastParse(text: string, reader: ScalarReader): FastDocument[] | undefined {
  if (UNSURE_TEXT.test(text)) return undefined;
  try {
    return new FastParser(text, reader).stream();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class FastParser {
  private pos = 0;
  private readonly len: number;
  private duplicates: { key: string; offset: number }[] = [];
  /** The next content line: its first non-space offset and indentation (-1 at the end). */
  private lineAt = 0;
  private indent = 0;

  constructor(
    private readonly s: string,
    private readonly reader: ScalarReader,
  ) {
    this.len = s.length;
  }

  stream(): FastDocument[] {
    const docs: FastDocument[] = [];
    let open: FastDocument | undefined;
    this.pos = 0;
    this.nextContent();
    while (this.indent >= 0) {
      if (this.marker(DASH)) {
        if (open) docs.push(open);
        if (docs.length >= MAX_FAST_DOCUMENTS) throw GIVE_UP;
        open = { at: this.lineAt, value: undefined, root: undefined, duplicates: [] };
        this.pos = this.lineAt + 3;
        this.endOfLine();
        this.nextContent();
        continue;
      }
      if (this.marker(DOT) || this.s.charCodeAt(this.lineAt) === 37 /* % directive */) throw GIVE_UP;
      // content: the root node of the open document, or of an implicit one
      if (open?.root !== undefined) throw GIVE_UP; // a second root: an error the full path words
      open ??= { at: this.lineAt, value: undefined, root: undefined, duplicates: [] };
      this.duplicates = open.duplicates;
      const col = this.indent;
      const c = this.s.charCodeAt(this.lineAt);
      this.pos = this.lineAt;
      let r: [unknown, PosNode];
      if (c === DASH && this.isBlank(this.lineAt + 1)) r = this.seq(col, 1);
      else if (this.mapKeyAhead(this.lineAt)) r = this.map(col, 1);
      else throw GIVE_UP; // a scalar or flow document: rare, the full path reads it
      [open.value, open.root] = r;
      open.at = typeof r[1] === 'number' ? r[1] : r[1].at;
      // after the root: only the next document's marker (or nothing)
      if (this.indent >= 0 && !this.marker(DASH)) throw GIVE_UP;
    }
    if (open) docs.push(open);
    return docs;
  }

  /** Whether the content line is `---`/`...` (at column 0, followed by a space or the end of the line). */
  private marker(ch: number): boolean {
    const s = this.s;
    const i = this.lineAt;
    return this.indent === 0 && s.charCodeAt(i) === ch && s.charCodeAt(i + 1) === ch && s.charCodeAt(i + 2) === ch && this.isBlank(i + 3);
  }

  /** A space, a line end or the end of the text at `i`. */
  private isBlank(i: number): boolean {
    const c = this.s.charCodeAt(i);
    return c === SP || c === NL || i >= this.len;
  }

  /** From `pos`: spaces, then a comment or nothing, then the line's end. Gives up on anything else. */
  private endOfLine(): void {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SP) i++;
    if (i < this.len && s.charCodeAt(i) !== NL) {
      if (s.charCodeAt(i) !== HASH || (i > 0 && s.charCodeAt(i - 1) !== SP)) throw GIVE_UP;
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? this.len : nl;
    }
    this.pos = i < this.len ? i + 1 : i;
  }

  /** From the start of a line at `pos`: skips blank and comment lines; sets lineAt/indent (-1: end of text). */
  private nextContent(): void {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      const start = i;
      while (s.charCodeAt(i) === SP) i++;
      if (i >= this.len) {
        this.indent = -1;
        this.lineAt = this.len;
        return;
      }
      const c = s.charCodeAt(i);
      if (c === NL) {
        i++;
        continue;
      }
      if (c === HASH) {
        const nl = s.indexOf('\n', i);
        if (nl < 0) {
          this.indent = -1;
          this.lineAt = this.len;
          return;
        }
        i = nl + 1;
        continue;
      }
      this.lineAt = i;
      this.indent = i - start;
      return;
    }
  }

  /** Whether the line from `i` is `key:` / `key: …` (a plain or quoted key on one line). */
  private mapKeyAhead(i: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQ || c === SQ) {
      const end = this.quotedEnd(i);
      return end >= 0 && s.charCodeAt(end) === COLON && this.isBlank(end + 1);
    }
    for (; i < this.len; i++) {
      const ch = s.charCodeAt(i);
      if (ch === NL) return false;
      if (ch === COLON && this.isBlank(i + 1)) return true;
      if (ch === HASH && s.charCodeAt(i - 1) === SP) return false;
    }
    return false;
  }

  /** The offset just after the closing quote of the quoted scalar at `i`, or -1 when it does not close on this line. */
  private quotedEnd(i: number): number {
    const s = this.s;
    const q = s.charCodeAt(i);
    for (let j = i + 1; j < this.len; j++) {
      const ch = s.charCodeAt(j);
      if (ch === NL) return -1;
      if (ch === q) {
        if (q === SQ && s.charCodeAt(j + 1) === SQ) {
          j++;
          continue;
        }
        return j + 1;
      }
      if (ch === BACKSLASH && q === DQ) return -1; // escapes: the full path's
    }
    return -1;
  }

  /** The text of the quoted scalar between `i` (its quote) and `end` (after its closing quote). */
  private quotedText(i: number, end: number): string {
    const t = this.s.slice(i + 1, end - 1);
    return this.s.charCodeAt(i) === SQ && t.includes("''") ? t.replaceAll("''", "'") : t;
  }

  /** A block mapping whose keys are at column `col`; `pos` is at its first key. Returns with the next content line read. */
  private map(col: number, depth: number): [Record<string, unknown>, PosMap] {
    if (depth > MAX_FAST_DEPTH) throw GIVE_UP;
    const s = this.s;
    const value: Record<string, unknown> = {};
    const pm: PosMap = { at: this.pos, keys: [], keyAt: [], values: [] };
    let seen: Set<string> | undefined;
    for (;;) {
      // the key
      const keyAt = this.pos;
      const c = s.charCodeAt(keyAt);
      let key: string | undefined;
      let raw: string;
      let after: number;
      if (c === DQ || c === SQ) {
        const end = this.quotedEnd(keyAt);
        if (end < 0 || s.charCodeAt(end) !== COLON || !this.isBlank(end + 1)) throw GIVE_UP;
        raw = this.quotedText(keyAt, end);
        key = this.reader.key(raw, false);
        after = end + 1;
      } else {
        if (!plainStart(c, s.charCodeAt(keyAt + 1))) throw GIVE_UP;
        let i = keyAt;
        for (;;) {
          const ch = s.charCodeAt(i);
          if (ch === COLON && this.isBlank(i + 1)) break;
          if (ch === NL || i >= this.len || (ch === HASH && s.charCodeAt(i - 1) === SP) || ch === LBRACE || ch === RBRACE || ch === LBRACK || ch === RBRACK || ch === COMMA) throw GIVE_UP;
          i++;
        }
        let e = i;
        while (s.charCodeAt(e - 1) === SP) e--;
        if (e - keyAt > MAX_KEY) throw GIVE_UP;
        raw = s.slice(keyAt, e);
        key = this.reader.key(raw, true);
        after = i + 1;
      }
      // `<<` is a merge key, `__proto__` a key JavaScript treats apart: the full path's
      if (key === undefined || key === '__proto__' || (raw === '<<' && c !== DQ && c !== SQ)) throw GIVE_UP;
      // duplicates: a scan while the map is small, a set once it is not (a map of 80,000 keys stays linear)
      if (seen ? seen.has(key) : pm.keys.includes(key)) this.duplicates.push({ key: raw, offset: keyAt });
      pm.keys.push(key);
      if (seen) seen.add(key);
      else if (pm.keys.length === 32) seen = new Set(pm.keys);
      pm.keyAt.push(keyAt);
      // the value
      this.pos = after;
      const [v, p] = this.valueAfterIndicator(col, depth, true);
      value[key] = v;
      pm.values.push(p);
      // the next key, a dedent, or the end
      if (this.indent < 0 || this.indent < col || this.marker(DASH) || this.marker(DOT)) return [value, pm];
      if (this.indent > col) throw GIVE_UP;
      this.pos = this.lineAt;
    }
  }

  /** A block sequence whose `-` are at column `col`; `pos` is at its first `-`. */
  private seq(col: number, depth: number): [unknown[], PosSeq] {
    if (depth > MAX_FAST_DEPTH) throw GIVE_UP;
    const s = this.s;
    const value: unknown[] = [];
    const ps: PosSeq = { at: this.pos, items: [] };
    for (;;) {
      this.pos++; // the dash
      const [v, p] = this.valueAfterIndicator(col, depth, false);
      value.push(v);
      ps.items.push(p);
      if (this.indent < 0 || this.indent < col || this.marker(DASH) || this.marker(DOT)) return [value, ps];
      if (this.indent > col) throw GIVE_UP;
      this.pos = this.lineAt;
      if (!(s.charCodeAt(this.pos) === DASH && this.isBlank(this.pos + 1))) return [value, ps]; // a sibling key of the parent map at the same column
    }
  }

  /**
   * The value after a key's `:` or a sequence's `-` (at `pos`), for a parent at
   * column `col`. Returns with the next content line read (lineAt/indent).
   */
  private valueAfterIndicator(col: number, depth: number, inMap: boolean): [unknown, PosNode] {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SP) i++;
    const c = s.charCodeAt(i);
    if (i >= this.len || c === NL || c === HASH) {
      // nothing on this line: a nested block below, or null
      if (c === HASH && s.charCodeAt(i - 1) !== SP) throw GIVE_UP;
      const empty = i;
      this.pos = i;
      this.endOfLine();
      this.nextContent();
      const ind = this.indent;
      if (ind >= 0 && !this.marker(DASH) && !this.marker(DOT)) {
        const at = this.lineAt;
        const dash = s.charCodeAt(at) === DASH && this.isBlank(at + 1);
        if (ind > col || (inMap && ind === col && dash)) {
          this.pos = at;
          if (dash) return this.seq(ind, depth + 1);
          if (!this.mapKeyAhead(at)) throw GIVE_UP; // a multi-line scalar
          return this.map(ind, depth + 1);
        }
      }
      return [this.scalarValue('', true), empty];
    }
    // something on this line
    if (!inMap) {
      if (c === DASH && this.isBlank(i + 1)) throw GIVE_UP; // `- - a`
      if (this.mapKeyAhead(i)) {
        // a compact mapping in a sequence item: its keys at this column
        this.pos = i;
        const lineStart = s.lastIndexOf('\n', i - 1) + 1;
        return this.map(i - lineStart, depth + 1);
      }
    }
    let v: unknown;
    if (c === DQ || c === SQ) {
      const end = this.quotedEnd(i);
      if (end < 0) throw GIVE_UP;
      v = this.scalarValue(this.quotedText(i, end), false);
      this.pos = end;
    } else if (c === LBRACK) {
      const r = this.flowSeq(i);
      this.endOfLine();
      this.nextContent();
      return r;
    } else if (c === LBRACE) {
      let j = i + 1;
      while (s.charCodeAt(j) === SP) j++;
      if (s.charCodeAt(j) !== RBRACE) throw GIVE_UP;
      v = {};
      this.pos = j + 1;
      this.endOfLine();
      this.nextContent();
      return [v, { at: i, keys: [], keyAt: [], values: [] }];
    } else {
      if (!plainStart(c, s.charCodeAt(i + 1))) throw GIVE_UP;
      let j = i;
      let end = i;
      for (; j < this.len; j++) {
        const ch = s.charCodeAt(j);
        if (ch === NL) break;
        if (ch === SP) {
          if (s.charCodeAt(j + 1) === HASH) break;
          continue;
        }
        if (ch === COLON && this.isBlank(j + 1)) throw GIVE_UP; // `a: b: c`: the full path's error
        end = j + 1;
      }
      v = this.scalarValue(s.slice(i, end), true);
      this.pos = end;
    }
    this.endOfLine();
    this.nextContent();
    // (a more indented line next is a continuation or an error: the caller gives up on it)
    return [v, i];
  }

  /** `[a, "b", 'c']` on one line, scalars only; `pos` is left after the `]`. */
  private flowSeq(open: number): [unknown[], PosSeq] {
    const s = this.s;
    const value: unknown[] = [];
    const ps: PosSeq = { at: open, items: [] };
    let i = open + 1;
    for (;;) {
      while (s.charCodeAt(i) === SP) i++;
      let c = s.charCodeAt(i);
      if (c === RBRACK && ps.items.length === 0) break;
      const at = i;
      if (c === DQ || c === SQ) {
        const end = this.quotedEnd(i);
        if (end < 0) throw GIVE_UP;
        value.push(this.scalarValue(this.quotedText(i, end), false));
        i = end;
      } else {
        if (!plainStart(c, s.charCodeAt(i + 1))) throw GIVE_UP;
        let end = i;
        for (; i < this.len; i++) {
          const ch = s.charCodeAt(i);
          if (ch === COMMA || ch === RBRACK) break;
          if (ch === NL || ch === LBRACK || ch === LBRACE || ch === RBRACE || ch === HASH || ch === COLON) throw GIVE_UP;
          if (ch !== SP) end = i + 1;
        }
        value.push(this.scalarValue(s.slice(at, end), true));
      }
      ps.items.push(at);
      while (s.charCodeAt(i) === SP) i++;
      c = s.charCodeAt(i);
      if (c === RBRACK) break;
      if (c !== COMMA) throw GIVE_UP;
      i++;
      while (s.charCodeAt(i) === SP) i++;
      if (s.charCodeAt(i) === RBRACK) throw GIVE_UP; // a trailing comma: the full path's to judge
    }
    this.pos = i + 1;
    return [value, ps];
  }

  private scalarValue(source: string, plain: boolean): unknown {
    const r = this.reader.value(source, plain);
    if (r === undefined) throw GIVE_UP;
    return r.value;
  }
}

/**
 * Whether a plain scalar may start with `c` (then `next`) here: not an
 * indicator, save `-` before a non-space (`-1`). Conservative: the full path
 * reads the rest.
 */
function plainStart(c: number, next: number): boolean {
  switch (c) {
    case DASH:
      return next !== SP && next !== NL && !Number.isNaN(next);
    case 63: // ?
    case COLON:
    case COMMA:
    case LBRACK:
    case RBRACK:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SQ:
    case DQ:
    case 37: // %
    case 64: // @
    case 96: // `
    case SP:
    case NL:
      return false;
    default:
      return !Number.isNaN(c);
  }
}

/** What the full path's walk finds at `path` in a fast document: the node, the key of the deepest pair, and how many segments were missing. */
/** A large map's key → index (the last duplicate wins), made on its first walk: a walk is linear in its path, not in the map's size. */
const keyIndexes = new WeakMap<PosMap, Map<string, number>>();
/**
 * Up to this many keys a map is scanned (from the end: the last duplicate wins) instead of
 * indexed: a manifest's maps have a few keys, and an index of each (a Map, and its entry in
 * keyIndexes) cost more than the scans it saved (2 % of a class's grading).
 */
const SCAN_KEYS = 16;

function keyOf(map: PosMap, key: string): number {
  if (map.keys.length <= SCAN_KEYS) return map.keys.lastIndexOf(key);
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (let k = 0; k < map.keys.length; k++) index.set(map.keys[k]!, k);
    keyIndexes.set(map, index);
  }
  return index.get(key) ?? -1;
}

export function walkFast(root: PosNode | undefined, path: readonly (string | number)[]): { node: number | undefined; key: number | undefined; missing: number } {
  let node: PosNode | undefined = root;
  let key: number | undefined;
  const offset = (n: PosNode | undefined) => (n === undefined ? undefined : typeof n === 'number' ? n : n.at);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node !== undefined && typeof node !== 'number' && 'keys' in node) {
      const found = keyOf(node, String(seg));
      if (found < 0) return { node: offset(node), key, missing: path.length - i };
      key = node.keyAt[found];
      node = node.values[found];
    } else if (node !== undefined && typeof node !== 'number' && typeof seg === 'number' && seg < node.items.length) {
      key = undefined;
      node = node.items[seg];
    } else {
      return { node: offset(node), key, missing: path.length - i };
    }
  }
  return { node: offset(node), key, missing: 0 };
}
