/**
 * Applies fixes (src/types.ts: FixEdit) to the text of one YAML file, changing nothing but what
 * each edit names: comments, key order, quoting, blank lines and every other byte stay as they
 * were. A scalar is rewritten through the `yaml` package's CST (CST.setScalarValue keeps its
 * quoting and the comment after it, CST.stringify gives back every other token as it was read);
 * an absent field is inserted as a line at the indentation of its siblings, found from the
 * Document's node ranges. Each edit is applied to the text the previous one left (re-parsed), so
 * edits of several checks compose; an edit that would make the document fail to parse, or that
 * does not give the value it promises, is skipped and said so.
 */
import { Composer, CST, isMap, isScalar, isSeq, LineCounter, Parser, parse, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { splitLikeKubectl } from '../parse/kubectl.js';
import type { FixEdit } from '../types.js';

export interface TextResult {
  text: string;
  applied: FixEdit[];
  skipped: { edit: FixEdit; reason: string }[];
}

/** Applies the edits of one file (not `rename-file`) in order. */
export function applyToText(text: string, edits: readonly FixEdit[]): TextResult {
  const out: TextResult = { text, applied: [], skipped: [] };
  for (const edit of edits) {
    try {
      const next = applyOne(out.text, edit);
      if (next === out.text) {
        out.applied.push(edit); // already so (another check's fix did it)
        continue;
      }
      const problem = verify(out.text, next, edit);
      if (problem) out.skipped.push({ edit, reason: problem });
      else {
        out.text = next;
        out.applied.push(edit);
      }
    } catch (err) {
      out.skipped.push({ edit, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

interface Parsed {
  text: string;
  tokens: CST.Token[];
  docs: Document.Parsed[];
  lines: LineCounter;
}

function parseWithTokens(text: string): Parsed {
  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const docs = Array.from(new Composer({ version: '1.1', keepSourceTokens: true, uniqueKeys: false }).compose(tokens, true, text.length)) as Document.Parsed[];
  return { text, tokens, docs, lines };
}

/**
 * The `yaml` package's document for an edit's `document`, which counts the pieces kubectl splits the file into
 * (as KObject.document does): the first document whose content starts in that piece. They differ where the file
 * begins with comment or blank lines and then `---`: kubectl reads those lines as a piece of their own (an empty
 * document), the yaml package as the first document's prefix, so the object after them is kubectl's 2nd and the yaml package's 1st.
 */
function docAt(p: Parsed, index: number): Document.Parsed | undefined {
  const piece = splitLikeKubectl(p.text).pieces[index];
  if (!piece) return undefined;
  return p.docs.find((d) => d.contents !== null && d.contents.range[0] >= piece.start && d.contents.range[0] < piece.end);
}

function applyOne(text: string, edit: FixEdit): string {
  switch (edit.kind) {
    case 'detab':
      return detab(text, edit.line, edit.endLine, edit.by);
    case 'reindent':
      if (edit.path && edit.under) return moveUp(text, edit);
      return shiftLines(text, edit.line ?? 1, edit.endLine ?? edit.line ?? 1, edit.by ?? 0);
    case 'set':
      return setValue(text, edit);
    case 'rename-key':
      return renameKey(text, edit);
    case 'rename-file':
      throw new Error('a file rename is not a text edit');
  }
}

/** The edited text must parse as well as before, and a `set` must read back as its value. */
function verify(before: string, after: string, edit: FixEdit): string | undefined {
  const errs = (t: string) => parseWithTokens(t).docs.reduce((n, d) => n + d.errors.length, 0);
  if (errs(after) > errs(before)) return 'the edit would make the file fail to parse';
  if (edit.kind === 'set' && edit.path) {
    const doc = docAt(parseWithTokens(after), edit.document ?? 0);
    const got = doc?.getIn(edit.path, true);
    const value = isScalar(got) ? got.value : got && typeof got === 'object' && 'toJSON' in got ? (got as { toJSON(): unknown }).toJSON() : got;
    if (JSON.stringify(value) !== JSON.stringify(edit.value)) return `the edit would not read back as ${JSON.stringify(edit.value)}`;
  }
  return undefined;
}

// ---- finding nodes ----------------------------------------------------------------------------

interface Found {
  /** The map or sequence holding the last segment. */
  parent: Node | null;
  pair?: Pair<Node | null, Node | null>;
  node: Node | null;
  /** Path segments matched. */
  depth: number;
}

function keyOf(pair: Pair<unknown, unknown>): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function find(root: Node | null, path: readonly (string | number)[]): Found {
  let node: Node | null = root;
  let parent: Node | null = null;
  let pair: Pair<Node | null, Node | null> | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      let hit: Pair<Node | null, Node | null> | undefined;
      for (const p of node.items as Pair<Node | null, Node | null>[]) {
        const k = keyOf(p);
        if (k === seg || (typeof k !== 'object' && k !== null && String(k) === String(seg))) hit = p; // the last duplicate wins, as the loaders read it
      }
      if (!hit) return { parent: node, pair, node, depth: i };
      parent = node;
      pair = hit;
      node = hit.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      parent = node;
      pair = undefined;
      node = node.items[seg] as Node | null;
    } else return { parent: node, pair, node, depth: i };
  }
  return { parent, pair, node, depth: path.length };
}

function docOf(p: Parsed, edit: FixEdit): Document.Parsed {
  const doc = docAt(p, edit.document ?? 0);
  if (!doc) throw new Error(`${edit.file} has no document ${(edit.document ?? 0) + 1}`);
  if (doc.errors.length > 0) throw new Error(`document ${(edit.document ?? 0) + 1} of ${edit.file} does not parse`);
  return doc;
}

// ---- set --------------------------------------------------------------------------------------

function isPlainValue(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** How a scalar is written: plain when it reads back as the same value (YAML 1.1), else double-quoted. */
function scalarSource(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  const plain = /^[\w./@-][\w./@:-]*$/.test(v) ? v : undefined;
  if (plain !== undefined) {
    try {
      if (parse(plain, { version: '1.1', logLevel: 'error' }) === v) return plain;
    } catch {
      // not plain, then
    }
  }
  return JSON.stringify(v);
}

function setValue(text: string, edit: FixEdit): string {
  const p = parseWithTokens(text);
  const doc = docOf(p, edit);
  const path = edit.path ?? [];
  const f = find(doc.contents as Node | null, path);
  const value = edit.value;
  if (f.depth === path.length && f.node && !(isScalar(f.node) && f.node.value === null && !isPlainValue(value))) {
    if (isScalar(f.node) && isPlainValue(value)) {
      if (f.node.value === value) return text;
      const token = f.node.srcToken;
      if (!token && f.node.value === null && f.pair) {
        // `replicas:` with nothing after it: the value goes after the colon.
        const colon = text.indexOf(':', (f.pair.key as Node).range![1]);
        return text.slice(0, colon + 1) + ' ' + scalarSource(value) + text.slice(colon + 1).replace(/^[ \t]+(?=\n|$)/, '');
      }
      if (!token || !('type' in token)) throw new Error('no source token for the value');
      const type = typeof value === 'string'
        ? f.node.type === 'QUOTE_SINGLE' || f.node.type === 'QUOTE_DOUBLE'
          ? f.node.type
          : scalarSource(value).startsWith('"') ? 'QUOTE_DOUBLE' : 'PLAIN'
        : 'PLAIN';
      CST.setScalarValue(token, String(value), { type });
      return p.tokens.map((t) => CST.stringify(t)).join('');
    }
    // A value of another shape (a scalar where a list is wanted): replace it in flow style.
    if (isScalar(f.node) || (f.node as { flow?: boolean }).flow) {
      const [a, b] = f.node.range!;
      return text.slice(0, a) + flow(value) + text.slice(b);
    }
    throw new Error(`${path.join('.')} is a block collection: not replaced as a whole`);
  }
  return insert(text, p, doc, f, path, value);
}

function flow(v: unknown): string {
  if (isPlainValue(v)) return scalarSource(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalarSource(k)}: ${flow(x)}`).join(', ')}}`;
  return 'null';
}

/** `key: value` lines at `col`, nested maps indented by `unit`, lists of maps in block style. */
function block(key: string | number, v: unknown, col: number, unit: number): string[] {
  const pad = ' '.repeat(col);
  const k = scalarSource(String(key));
  if (isPlainValue(v) || (Array.isArray(v) && v.every(isPlainValue))) return [`${pad}${k}: ${flow(v)}`];
  if (Array.isArray(v)) {
    const lines = [`${pad}${k}:`];
    for (const item of v) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const entries = Object.entries(item);
        entries.forEach(([ik, iv], i) => {
          const sub = block(ik, iv, col + unit + 2, unit);
          sub[0] = i === 0 ? `${' '.repeat(col + unit)}- ${sub[0]!.trimStart()}` : sub[0]!;
          lines.push(...sub);
        });
      } else lines.push(`${' '.repeat(col + unit)}- ${flow(item)}`);
    }
    return lines;
  }
  if (v && typeof v === 'object') return [`${pad}${k}:`, ...Object.entries(v).flatMap(([ck, cv]) => block(ck, cv, col + unit, unit))];
  return [`${pad}${k}:`];
}

/** The nested value the missing part of `path` stands for: {a: {b: value}}. */
function nest(rest: readonly (string | number)[], value: unknown): unknown {
  return rest.reduceRight<unknown>((v, seg) => ({ [seg]: v }), value);
}

/** The indentation step the file uses (2 unless its maps say otherwise). */
function indentUnit(doc: Document.Parsed, lines: LineCounter): number {
  const counts = new Map<number, number>();
  const visit = (n: unknown, col: number | undefined): void => {
    if (isMap(n)) {
      const first = n.items[0]?.key as Node | undefined;
      const c = first?.range ? lines.linePos(first.range[0]).col - 1 : undefined;
      if (c !== undefined && col !== undefined && c > col && !n.flow) counts.set(c - col, (counts.get(c - col) ?? 0) + 1);
      for (const it of n.items) visit(it.value, c);
    } else if (isSeq(n)) for (const it of n.items) visit(it, col);
  };
  visit(doc.contents, undefined);
  let best = 2;
  let most = 0;
  for (const [u, c] of counts) if (c > most || (c === most && u < best)) (best = u), (most = c);
  return best;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that holds `offset - 1` (the end of a node). */
function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl < 0 ? text.length : nl + 1;
}

function insert(text: string, p: Parsed, doc: Document.Parsed, f: Found, path: readonly (string | number)[], value: unknown): string {
  const unit = indentUnit(doc, p.lines);
  const rest = path.slice(f.depth);
  const col = (n: Node) => p.lines.linePos(n.range![0]).col - 1;
  const target = f.node;
  if (rest.length === 0) throw new Error('nothing to insert');
  if (typeof rest[0] === 'number') throw new Error(`${path.slice(0, f.depth).join('.')} has no item ${rest[0]}`);
  const [key, ...below] = rest as [string, ...(string | number)[]];
  const v = nest(below, value);
  if (isMap(target) && target.flow) {
    const end = target.range![1];
    const close = text.lastIndexOf('}', end);
    const sep = target.items.length > 0 ? ', ' : '';
    return text.slice(0, close).replace(/\s*$/, '') + `${sep}${scalarSource(key)}: ${flow(v)}` + text.slice(close);
  }
  if (isMap(target) && target.items.length > 0) {
    const items = target.items as Pair<Node | null, Node | null>[];
    const c = col(items[0]!.key as Node);
    const lines = block(key, v, c, unit);
    // A scalar field goes before the first field that holds a block (spec.replicas before selector:
    // and template:), above the comment lines that introduce that field; anything else after the last.
    const k0 = items.find((it) => (isMap(it.value) || isSeq(it.value)) && !(it.value as { flow?: boolean }).flow)?.key as Node | undefined;
    if (k0 && isPlainValue(v) && lineStart(text, k0.range![0]) + c === k0.range![0]) {
      let at = lineStart(text, k0.range![0]);
      while (at > 0) {
        const prev = lineStart(text, at - 1);
        if (!/^\s*#/.test(text.slice(prev, at - 1))) break;
        at = prev;
      }
      return text.slice(0, at) + lines.join('\n') + '\n' + text.slice(at);
    }
    const last = items[items.length - 1]!;
    const end = (last.value ?? last.key) as Node;
    const at = afterLine(text, end.range![1]);
    const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return text.slice(0, at) + nl + lines.join('\n') + '\n' + text.slice(at);
  }
  if (f.pair && (target === null || (isScalar(target) && target.value === null))) {
    // `labels:` with nothing under it: the children go on the lines below, one step in.
    const k = f.pair.key as Node;
    const c = col(k) + unit;
    const lines = block(key, v, c, unit);
    const colon = text.indexOf(':', k.range![1]);
    const at = afterLine(text, colon + 1);
    const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return text.slice(0, at) + nl + lines.join('\n') + '\n' + text.slice(at);
  }
  throw new Error(`cannot insert under ${path.slice(0, f.depth).join('.') || 'the document'}`);
}

// ---- rename-key -------------------------------------------------------------------------------

function renameKey(text: string, edit: FixEdit): string {
  const p = parseWithTokens(text);
  const doc = docOf(p, edit);
  const path = edit.path ?? [];
  const to = edit.to!;
  const f = find(doc.contents as Node | null, path);
  if (f.depth < path.length || !f.pair) {
    // Already renamed (another check's fix did it): the new key is there and the old is not.
    const again = find(doc.contents as Node | null, [...path.slice(0, -1), to]);
    if (again.depth === path.length) return text;
    throw new Error(`no key ${path.join('.')}`);
  }
  const siblings = (f.parent as YAMLMap).items.map(keyOf);
  if (siblings.includes(to)) throw new Error(`${to} is already there: renaming would make a duplicate key`);
  const key = f.pair.key as Scalar;
  const token = key.srcToken;
  if (!token || !('type' in token)) throw new Error('no source token for the key');
  CST.setScalarValue(token, to, { implicitKey: true, type: 'PLAIN' });
  return p.tokens.map((t) => CST.stringify(t)).join('');
}

// ---- indentation ------------------------------------------------------------------------------

/** Tabs in the indentation of lines `from`..`to` (1-based) become spaces, to the next multiple of 8. */
export function detab(text: string, from = 1, to = Infinity, width = 8): string {
  const lines = text.split('\n');
  for (let i = from - 1; i < Math.min(lines.length, to); i++) {
    const line = lines[i]!;
    const m = /^[ \t]*/.exec(line)![0];
    if (!m.includes('\t')) continue;
    let col = 0;
    for (const ch of m) col = ch === '\t' ? col + width - (col % width) : col + 1;
    lines[i] = ' '.repeat(col) + line.slice(m.length);
  }
  return lines.join('\n');
}

/** Lines `from`..`to` (1-based) move `by` columns (left when negative; only spaces are removed). */
export function shiftLines(text: string, from: number, to: number, by: number): string {
  const lines = text.split('\n');
  for (let i = from - 1; i < Math.min(lines.length, to); i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (by >= 0) lines[i] = ' '.repeat(by) + line;
    else {
      const lead = /^ */.exec(line)![0].length;
      if (lead < -by) throw new Error(`line ${i + 1} is not indented ${-by} spaces`);
      lines[i] = line.slice(-by);
    }
  }
  return lines.join('\n');
}

/** The key at `edit.path`, with its block, moves left to line up with the keys of the map at `edit.under`. */
function moveUp(text: string, edit: FixEdit): string {
  const p = parseWithTokens(text);
  const doc = docOf(p, edit);
  const f = find(doc.contents as Node | null, edit.path!);
  if (f.depth < edit.path!.length || !f.pair || !isMap(f.parent)) {
    // Moved already (another check's fix did it): the key is where it belongs and not where it was.
    const there = find(doc.contents as Node | null, [...edit.under!, edit.path![edit.path!.length - 1]!]);
    if (there.depth === edit.under!.length + 1) return text;
    throw new Error(`no key ${edit.path!.join('.')}`);
  }
  const items = f.parent.items;
  const under = edit.under!;
  const path = edit.path!;
  if (under.length === path.length && under.slice(0, -1).every((seg, i) => seg === path[i])) return moveInto(text, p, doc, f, under);
  // Unambiguous only when it is the last field of its map: the lines after it would move too otherwise.
  if (items[items.length - 1] !== f.pair) throw new Error(`${String(keyOf(f.pair))} is not the last field of its map: which lines move is not clear`);
  const up = find(doc.contents as Node | null, edit.under!);
  if (up.depth < edit.under!.length || !isMap(up.node) || up.node.flow) throw new Error('no map to move it under');
  if (up.node.items.some((it) => keyOf(it) === keyOf(f.pair!))) throw new Error('the map it belongs to has that key already');
  const key = f.pair.key as Node;
  const from = p.lines.linePos(key.range![0]);
  const target = p.lines.linePos((up.node.items[0]!.key as Node).range![0]).col;
  if (lineStart(text, key.range![0]) + from.col - 1 !== key.range![0]) throw new Error('the key does not start its line');
  const end = (f.pair.value ?? key) as Node;
  const last = p.lines.linePos(Math.max(end.range![1] - 1, key.range![0])).line;
  return shiftLines(text, from.line, last, target - from.col);
}

/**
 * The key at `f` moves right, into the sibling key `under` right above it that has no value or a
 * block map (`labels:` followed by `username:` at the same column): unambiguous only then.
 */
function moveInto(text: string, p: Parsed, doc: Document.Parsed, f: Found, under: readonly (string | number)[]): string {
  const items = (f.parent as YAMLMap).items as Pair<Node | null, Node | null>[];
  const i = items.indexOf(f.pair!);
  const prev = items[i - 1];
  if (!prev || String(keyOf(prev)) !== String(under[under.length - 1])) throw new Error(`${String(keyOf(f.pair!))} does not follow ${String(under[under.length - 1])}:`);
  const v = prev.value;
  const key = f.pair!.key as Node;
  const from = p.lines.linePos(key.range![0]);
  let target: number;
  if (v === null || (isScalar(v) && v.value === null)) target = p.lines.linePos((prev.key as Node).range![0]).col + indentUnit(doc, p.lines);
  else if (isMap(v) && !v.flow && v.items.length > 0) target = p.lines.linePos((v.items[0]!.key as Node).range![0]).col;
  else throw new Error(`${String(keyOf(prev))}: holds a value already`);
  const end = (f.pair!.value ?? key) as Node;
  const last = p.lines.linePos(Math.max(end.range![1] - 1, key.range![0])).line;
  return shiftLines(text, from.line, last, target - from.col);
}
