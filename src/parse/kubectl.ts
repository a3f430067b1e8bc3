/**
 * How `kubectl apply -f` cuts a file into documents and what it refuses before any YAML is
 * parsed, ported from apimachinery's util/yaml (YAMLReader over LineReader) and go-yaml v2's
 * reader; test/kubectl-reader.test.ts holds these to kubectl's own code.
 *
 * kubectl splits at LF only: a line (its CRLF or LF end taken off) that starts with `---` ends
 * the document before it when what follows on the line is blank or a comment, and refuses the
 * file otherwise ("invalid Yaml document separator"). A separator met with nothing gathered yet
 * stays in the document that follows (go-yaml reads it as that document's start). Each piece is
 * one go-yaml document: go-yaml reads its first document and nothing after a `...` in it.
 */

/** One piece of text kubectl hands go-yaml: [start, end) offsets into the file's text. */
export interface Piece {
  start: number;
  end: number;
}

export interface Split {
  pieces: Piece[];
  /** The separator line kubectl refuses, and what follows `---` on it (the documents before it are read). */
  error?: { offset: number; rest: string };
}

/** Go's strings.TrimSpace: Unicode White_Space (U+0085 included, U+FEFF not). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

export function splitLikeKubectl(text: string): Split {
  const pieces: Piece[] = [];
  let start = 0; // of the piece being gathered
  let lineStart = 0;
  const len = text.length;
  while (lineStart < len) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? len : nl + 1;
    if (text.startsWith('---', lineStart)) {
      const rest = text.slice(lineStart + 3, nl < 0 ? len : nl).replace(GO_TRIM, '');
      if (rest.length > 0 && rest[0] !== '#') {
        // kubectl returns the error at once: what it gathered since the last separator is never read
        return { pieces, error: { offset: lineStart, rest } };
      }
      if (lineStart > start) {
        pieces.push({ start, end: lineStart });
        start = lineEnd; // the separator is consumed
      }
      // else: nothing gathered yet, the separator line starts the next piece
    }
    lineStart = lineEnd;
  }
  if (len > start) pieces.push({ start, end: len });
  return { pieces };
}

/**
 * Where a piece's first token is a `...` line (only blank and comment lines before it): go-yaml
 * starts an implicit document there and finds no node in it ("did not find expected node
 * content"). The offset of the `...`, or undefined.
 */
export function leadingDocumentEnd(piece: string): number | undefined {
  const m = /^(?:[ ]*(?:#[^\n]*)?\r?\n)*(?=\.\.\.(?:[ \t\r\n]|$))/.exec(piece);
  return m ? m[0].length : undefined;
}

/**
 * The first character go-yaml's reader refuses ("control characters are not allowed"): any but
 * tab, LF, CR, printable ASCII, NEL, U+00A0–U+D7FF, U+E000–U+FFFD and the astral planes.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800\ud801](?![\udc00-\udfff])/;
export function controlCharacter(text: string): number | undefined {
  const m = CONTROL.exec(text);
  return m ? m.index : undefined;
}

/** The escapes go-yaml v2 reads in a double-quoted scalar (no `\/`: YAML 1.2 only). */
const ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', 'x', 'u', 'U', '\n', '\r', '\u0085', '\u2028', '\u2029']);

/** In a double-quoted scalar's source (quotes included): the offset of the first escape go-yaml refuses. */
export function badEscape(source: string): number | undefined {
  for (let i = 1; i < source.length - 1; i++) {
    if (source[i] !== '\\') continue;
    if (!ESCAPES.has(source[i + 1]!)) return i;
    i++;
  }
  return undefined;
}

/** A character names in a message: printable as itself, else its code point. */
export function charName(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp < 0xfffe ? `"${c}"` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * How many characters the line break at `i` is to go-yaml as kubectl hands it the file: CRLF is one
 * break, and so is a CR before a CRLF (kubectl's line reader takes the CRLF off the line and puts an
 * LF back: a file through two CRLF conversions); any other break character is one.
 */
function breakWidth(text: string, i: number): number {
  if (text[i] !== '\r') return 1;
  return text[i + 1] === '\n' ? 2 : text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 1;
}

/**
 * A block scalar (`|` or `>` at `at`, inside a block collection at column `parentIndent`, -1 at
 * the top) as go-yaml v2 reads it: the offset of the first tab it finds where it expects
 * indentation ("found a tab character where an indentation space is expected"), or of text after
 * its header (`junk`: go-yaml allows blanks and a comment there), or its value.
 * Until the indentation is known (an indicator digit, or the first line with text), any tab
 * after the leading blanks is such a tab; then one left of it is. Unlike YAML 1.2, a line of
 * blanks past the indentation is text (its blanks kept), and LS / PS line breaks stay in the
 * value as they are (CR, CRLF and NEL are LF).
 */
export function blockScalar(text: string, at: number, parentIndent: number): { tab: number } | { junk: number } | { value: string } {
  const header = /^([|>])(?:([+-])([1-9])?|([1-9])([+-])?)?/.exec(text.slice(at, at + 4))!;
  const literal = header[1] === '|';
  const chomp = header[2] ?? header[5];
  const digit = header[3] ?? header[4];
  let indent = digit ? (parentIndent >= 0 ? parentIndent : 0) + Number(digit) : 0;
  const len = text.length;
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
  let i = at + header[0].length;
  // the rest of the header line: blanks and a comment, or go-yaml refuses the file ("did not find expected comment or line break")
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '#') while (i < len && !isBreak(text[i])) i++;
  if (i < len && !isBreak(text[i])) return { junk: i };
  let col = 0;
  // kubectl ends a last line that has no LF with one: until then it is to come (after a CR, the two are one line break)
  let eof = text.endsWith('\n') || text.endsWith('\r');
  /** The line break at i, as go-yaml's read_line has it, and i past it. */
  const readLine = (): string => {
    const c = text[i];
    if (isBreak(c)) i += breakWidth(text, i);
    else if (i >= len && !eof) {
      eof = true; // kubectl's line reader ends the file's last line with an LF
      return '\n';
    } else return '';
    col = 0;
    return c === '\u2028' || c === '\u2029' ? c : '\n';
  };
  readLine();
  let trailing = '';
  /** Blank lines from a line's start: a tab go-yaml refuses, or undefined with i at the next line's text. */
  const breaks = (): number | undefined => {
    let max = 0;
    for (;;) {
      while ((indent === 0 || col < indent) && text[i] === ' ') {
        i++;
        col++;
      }
      if (col > max) max = col;
      if ((indent === 0 || col < indent) && text[i] === '\t') return i;
      // (the file's end is a line break too when its last line has none: kubectl ends it with one)
      if (!isBreak(text[i]) && !(i >= len && !eof)) break;
      trailing += readLine();
    }
    if (indent === 0) indent = Math.max(max, parentIndent + 1, 1);
    return undefined;
  };
  let tab = breaks();
  if (tab !== undefined) return { tab };
  let value = '';
  let leading = '';
  let leadingBlank = false;
  while (col === indent && i < len) {
    const trailingBlank = text[i] === ' ' || text[i] === '\t';
    if (!literal && !leadingBlank && !trailingBlank && leading[0] === '\n') {
      if (trailing === '') value += ' ';
    } else value += leading;
    leading = '';
    value += trailing;
    trailing = '';
    leadingBlank = trailingBlank;
    const start = i;
    while (i < len && !isBreak(text[i])) i++;
    value += text.slice(start, i);
    leading = readLine();
    tab = breaks();
    if (tab !== undefined) return { tab };
  }
  if (chomp !== '-') value += leading;
  if (chomp === '+') value += trailing;
  return { value };
}

/** One JSON value of a file kubectl reads as JSON: [start, end) and its value. */
export interface JsonValue {
  start: number;
  end: number;
  value: unknown;
}

const JSON_LEAD = new RegExp(`^[${GO_SPACE}]*`);

/**
 * kubectl reads a file as a stream of JSON values, not YAML, when its first character after
 * Unicode spaces is `{` within its first 4096 bytes (apimachinery's YAMLOrJSONDecoder sniffs
 * it). Then: the values, each a document (`null` ones skipped), and where the first one that is
 * not JSON starts, with why (kubectl stops there, the values before it are sent). undefined: YAML.
 */
export function jsonStream(text: string, maxDepth: number): { values: JsonValue[]; error?: { offset: number; message: string } } | undefined {
  const lead = JSON_LEAD.exec(text)![0];
  if (text[lead.length] !== '{' || Buffer.byteLength(lead) >= 4096) return undefined;
  const values: JsonValue[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
    if (i >= text.length) return { values };
    const [end, deep] = jsonValueEnd(text, i, maxDepth);
    if (deep !== undefined) return { values, error: { offset: deep, message: `it nests more than ${maxDepth} levels deep (kubegrade reads no further)` } };
    if (end < 0) return { values, error: { offset: i, message: 'it ends before the JSON value that starts here is complete' } };
    try {
      values.push({ start: i, end, value: JSON.parse(text.slice(i, end)) as unknown });
    } catch (e) {
      const at = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
      const offset = i + (at ? Number(at[1]) : 0);
      return { values, error: { offset, message: `${charName(text[offset] ?? ' ')} is not JSON here` } };
    }
    i = end;
  }
}

const JSON_SCALAR = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null)/;

/**
 * Where the JSON value at `i` ends (its brackets and strings matched, not checked), or -1 when the
 * text ends first; and the offset of a bracket nested deeper than `maxDepth`, if any.
 */
function jsonValueEnd(text: string, i: number, maxDepth: number): [number, number?] {
  const c = text[i];
  if (c !== '{' && c !== '[' && c !== '"') {
    // a number or a literal ends where encoding/json's scanner ends it (`1*` is 1, then "*" is not JSON)
    const lit = JSON_SCALAR.exec(text.slice(i, i + 400));
    if (lit) return [i + lit[0].length];
    let j = i;
    while (j < text.length && !' \t\r\n,:[]{}"'.includes(text[j]!)) j++;
    return [j === i ? i + 1 : j];
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') {
      for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      if (j >= text.length) return [-1];
      if (depth === 0) return [j + 1];
    } else if (ch === '{' || ch === '[') {
      if (++depth > maxDepth) return [-1, j];
    } else if ((ch === '}' || ch === ']') && --depth === 0) return [j + 1];
  }
  return [-1];
}

/** A rewritten text, and the offset in the text it was made from of an offset in it. */
export interface Rewrite {
  text: string;
  back: (offset: number) => number;
}

/**
 * go-yaml reads a flow collection (`[…]`, `{…}`) continued on lines indented less than the
 * block it sits in (indentation counts in block context only); the `yaml` package ends the
 * collection there. So the lines that start inside a flow collection get spaces in front, to one
 * column right of its opening bracket: a flow scalar's line breaks fold and its lines' leading
 * blanks go, so no value changes. A `...` or `---` line at column 0 is left as it is (it ends the
 * document for both). undefined: no such line.
 *
 * Where a flow collection starts is found as go-yaml finds it: a `[` or `{` where a node starts
 * (a line's start, after `- `, `? `, `: `, a tag or an anchor), not inside a quoted scalar, a
 * block scalar's lines, a plain scalar or a comment; and, given `starts` (go-yaml's scanner's, see
 * ./goyaml.ts opens), one of those (a line that goes on a multi-line plain scalar starts none).
 * A quote starts a quoted scalar the same way: given `starts`, only one of those (`{c"}` is a key `c"`),
 * and so does a block scalar's `|` or `>` (`starts` holds theirs too).
 */
export function reindentFlow(text: string, starts?: ReadonlySet<number>): Rewrite | undefined {
  if (!/[[{"']/.test(text)) return undefined;
  const inserts: { at: number; n: number }[] = [];
  const len = text.length;
  const blank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let depth = 0;
  let bracketCol = 0;
  let i = 0;
  /** A block scalar's lines: those indented more than this, or blank (-1: none). */
  let blockScalar = -1;
  outer: while (i < len) {
    // at a line's start
    const lineStart = i;
    while (text[i] === ' ') i++;
    const indent = i - lineStart;
    if (blockScalar >= 0) {
      if (indent > blockScalar || text[i] === '\n' || text[i] === '\r' || i >= len) {
        i = lineEnd(text, i);
        continue;
      }
      blockScalar = -1;
    }
    // block context: a node may start here
    let nodeStart = true;
    let parentCol = -1; // the column of the block collection a node here is in (a block scalar's lines are right of it)
    let nodeCol = -1;
    if (depth > 0) {
      const marker = indent === 0 && (text.startsWith('...', i) || text.startsWith('---', i)) && blank(text[i + 3]);
      if (!marker && indent <= bracketCol && text[i] !== '\n' && text[i] !== '\r' && i < len) inserts.push({ at: lineStart, n: bracketCol + 1 - indent });
      i = flow(i);
      if (depth > 0) continue;
      nodeStart = false;
    }
    while (i < len && text[i] !== '\n') {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '#' && (i === lineStart || blank(text[i - 1]))) {
        i = lineEnd(text, i) - 1;
        break;
      }
      if (nodeStart) {
        if ((c === '-' || c === '?' || c === ':') && blank(text[i + 1])) {
          if (c !== ':') parentCol = i - lineStart;
          i++;
          continue;
        }
        nodeCol = i - lineStart;
        if (c === '!' || c === '&') {
          while (i < len && !blank(text[i])) i++;
          continue;
        }
        if ((c === '[' || c === '{') && (starts === undefined || starts.has(i))) {
          bracketCol = i - lineStart;
          depth = 1;
          i = flow(i + 1);
          if (depth > 0) continue outer; // the collection goes on past this line: i is the next line's start
          nodeStart = false;
          continue;
        }
        if ((c === '"' || c === "'") && (starts === undefined || starts.has(i))) {
          // its lines go on however little they are indented (to go-yaml, not to the `yaml` package)
          const e = quoted(i);
          for (let k = text.indexOf('\n', i); k >= 0 && k < e; k = text.indexOf('\n', k + 1)) {
            let s = k + 1;
            while (text[s] === ' ') s++;
            const ind = s - (k + 1);
            const marker = ind === 0 && (text.startsWith('...', s) || text.startsWith('---', s)) && blank(text[s + 3]);
            if (!marker && ind <= nodeCol && s < e && text[s] !== '\n' && text[s] !== '\r') inserts.push({ at: k + 1, n: nodeCol + 1 - ind });
          }
          i = e;
          nodeStart = false;
          continue;
        }
        // (given `starts`, only where go-yaml's scanner finds a block scalar: a `|` line that goes on a plain scalar is text)
        if ((c === '|' || c === '>') && (starts === undefined || starts.has(i))) {
          blockScalar = Math.max(parentCol, 0);
          i = lineEnd(text, i) - 1;
          break;
        }
        nodeStart = false;
      }
      // a plain scalar, an alias, or what follows a node: a value indicator starts the next one
      if (c === ':' && blank(text[i + 1])) {
        parentCol = nodeCol;
        nodeStart = true;
      }
      i++;
    }
    if (i < len) i = lineEnd(text, i);
  }
  if (inserts.length === 0) return undefined;
  return insertText(text, inserts.map(({ at, n }) => ({ at, text: ' '.repeat(n) })));

  /** From inside a flow collection at `j`: to where it ends (depth 0), or to the next line's start. */
  function flow(j: number): number {
    while (j < len) {
      const c = text[j]!;
      if (c === '\n') return j + 1;
      if ((c === '"' || c === "'") && (starts === undefined || starts.has(j))) {
        const e = quoted(j);
        const nl = text.indexOf('\n', j);
        if (nl >= 0 && nl < e) return lineStartAfter(e, j); // it went past a line end
        j = e;
        continue;
      }
      if (c === '#' && blank(text[j - 1])) {
        const nl = text.indexOf('\n', j);
        if (nl < 0) return len;
        j = nl;
        continue;
      }
      if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && --depth === 0) return j + 1;
      j++;
    }
    return j;
  }

  /** A quoted scalar from `j` (its quote) to just after its end (or the text's end). */
  function quoted(j: number): number {
    const q = text[j];
    for (let k = j + 1; k < len; k++) {
      if (q === '"' && text[k] === '\\') k++;
      else if (text[k] === q) {
        if (q === "'" && text[k + 1] === "'") k++;
        else return k + 1;
      }
    }
    return len;
  }

  /**
   * A quoted scalar inside a flow collection ran from `from` to `e` over line ends: its lines
   * are the collection's too (reindented here), and scanning goes on at `e`.
   */
  function lineStartAfter(e: number, from: number): number {
    for (let k = text.indexOf('\n', from); k >= 0 && k < e; k = text.indexOf('\n', k + 1)) {
      let s = k + 1;
      while (text[s] === ' ') s++;
      const ind = s - (k + 1);
      if (ind <= bracketCol && s < e && text[s] !== '\n' && text[s] !== '\r') inserts.push({ at: k + 1, n: bracketCol + 1 - ind });
    }
    return flow(e);
  }
}

/** `text` with each edit's text written over as many characters at its offset (edits in order, apart); no offset moves. */
export function overwrite(text: string, edits: readonly { at: number; text: string }[]): string {
  if (edits.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (const { at, text: t } of edits) {
    parts.push(text.slice(from, at), t);
    from = at + t.length;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** `text` with each insert's text put in at its offset (in order), and the way back to `text`'s offsets. */
export function insertText(text: string, inserts: readonly { at: number; text: string }[]): Rewrite {
  let out = '';
  let from = 0;
  for (const { at, text: t } of inserts) {
    out += text.slice(from, at) + t;
    from = at;
  }
  out += text.slice(from);
  // offsets in `out` where each insertion ends, and how much was inserted up to it
  const ends: number[] = [];
  const added: number[] = [];
  let total = 0;
  for (const { at, text: t } of inserts) {
    total += t.length;
    ends.push(at + total);
    added.push(total);
  }
  const back = (o: number) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= o) lo = mid + 1;
      else hi = mid;
    }
    // lo insertions end at or before o; inside the next one, the offset is where it was inserted
    const before = lo > 0 ? added[lo - 1]! : 0;
    const next = inserts[lo];
    if (next && o >= next.at + before) return next.at;
    return o - before;
  };
  return { text: out, back };
}

/** Just after the line break that ends the line at `i` (or the text's end). */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Where a piece's first node is a quoted scalar followed at once by `:` and no blank (`"x":1`):
 * not a key to go-yaml (a value indicator needs a blank after it), so the scalar is the
 * document, and go-yaml reads nothing of the rest. The offset just after its closing quote, or
 * undefined.
 */
export function quotedRootEnd(piece: string): number | undefined {
  const m = /^(?:---[ \t]*(?:#[^\n]*)?\r?\n)?(?:[ ]*(?:#[^\n]*)?\r?\n)*[ ]*(?:[!&][^ \t\r\n]*[ ]+)*(?=["'])/.exec(piece);
  if (!m) return undefined;
  const q = piece[m[0].length];
  let k = m[0].length + 1;
  for (; k < piece.length; k++) {
    if (q === '"' && piece[k] === '\\') k++;
    else if (piece[k] === q) {
      if (q === "'" && piece[k + 1] === "'") k++;
      else break;
    }
  }
  const end = k + 1;
  // (one over lines is no key to go-yaml at all: what follows it is never read, see goyaml.ts `rest`)
  if (/[\r\n]/.test(piece.slice(m[0].length, end))) return undefined;
  return piece[end] === ':' && end + 1 < piece.length && !' \t\r\n'.includes(piece[end + 1]!) ? end : undefined;
}

/**
 * After such a quoted root (`end`), a value indicator later on its line (`"x":v: 1`): go-yaml
 * reads a key there that no map can hold ("did not find expected key"). Its offset, or undefined.
 */
export function quotedRootKey(piece: string, end: number): number | undefined {
  const nl = piece.indexOf('\n', end);
  const line = piece.slice(end, nl < 0 ? piece.length : nl).replace(/\r$/, '');
  const m = /^(.*?)(?:[ \t]#|$)/.exec(line)!;
  const v = /:(?=[ \t]|$)/.exec(m[1]!.slice(1));
  return v ? end + 1 + v.index : undefined;
}

/**
 * A plain or quoted scalar's value as go-yaml v2 folds its lines, from its source in the file's
 * own text (`body`: a plain scalar's text, or a quoted one's between its quotes). go-yaml ends a
 * line at LF, CRLF, CR, NEL, LS and PS, but keeps an LS or PS break in the value: a line break is
 * a space (or, with blank lines after it, their breaks) only when it is an LF, CRLF, CR or NEL;
 * an LS or PS stays, with the breaks of the blank lines after it. Blanks around a break go, and
 * a quoted scalar's last line is joined to its closing quote like any text (`'a\n'` is "a ").
 * For a double-quoted body the result is that body folded onto one line, its escapes left in
 * (`\n` for a kept LF; an escaped line break joins its lines), to be read as a one-line scalar.
 */
export function foldFlowScalar(body: string, style: 'plain' | 'single' | 'double'): string {
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
  const lf = style === 'double' ? '\\n' : '\n';
  let out = '';
  let whitespace = '';
  let leading: string | undefined; // the break that ended the last line with text, once one did
  let trailing = '';
  let i = 0;
  const len = body.length;
  /** The line break at i as go-yaml's read_line keeps it, and i past it. */
  const readLine = (): string => {
    const c = body[i]!;
    i += breakWidth(body, i);
    return c === '\u2028' || c === '\u2029' ? c : lf;
  };
  /** The blanks and breaks since the last text, as go-yaml joins them (a break is a space, or the blank lines' breaks). */
  const join = (): string => (leading === undefined ? whitespace : leading === lf ? (trailing === '' ? ' ' : trailing) : leading + trailing);
  while (i < len) {
    const c = body[i]!;
    if (c === ' ' || c === '\t') {
      if (leading === undefined) whitespace += c;
      i++;
    } else if (isBreak(c)) {
      if (leading === undefined) {
        whitespace = '';
        leading = readLine();
      } else trailing += readLine();
    } else {
      out += join();
      leading = undefined;
      trailing = '';
      whitespace = '';
      if (style === 'double' && c === '\\') {
        if (isBreak(body[i + 1])) {
          // an escaped line break: the lines join with nothing between them
          i++;
          readLine();
          leading = '';
          continue;
        }
        out += c + (body[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (style === 'single' && c === "'") i++; // '' is one quote
      out += c;
      i++;
    }
  }
  // A quoted scalar's closing quote is text too: what comes before it is joined (`'a '` is "a ", `'\n'` is " ").
  return style === 'plain' ? out : out + join();
}
