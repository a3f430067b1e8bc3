/**
 * Whether go-yaml v2 (gopkg.in/yaml.v2 v2.4.0, the YAML reader under sigs.k8s.io/yaml that
 * `kubectl apply -f` uses) reads one document, and if not, where and why: its scanner
 * (scannerc.go) and parser (parserc.go) ported rule for rule, as far as they decide acceptance.
 * Values are not built here (the `yaml` package's documents are kubegrade's); this is the
 * acceptance pass that says "kubectl refuses this" where go-yaml's own code would.
 *
 * Its input is one piece as kubectl hands it to go-yaml (./kubectl.ts): the piece's lines, CRLF
 * ends made LF, the last line ended with an LF. Like go-yaml, the parser asks the scanner for
 * tokens only as it needs them, and reads the first document and nothing after its end.
 */

/** Where go-yaml stopped: an offset into the text it was given, and its problem (go-yaml's words). */
export interface GoYamlError {
  offset: number;
  problem: string;
}

const enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

interface Mark {
  index: number;
  line: number;
  column: number;
}

interface Token {
  type: T;
  start: Mark;
  /** Tag: handle; TagDirective: handle; VersionDirective: major.minor. */
  handle?: string;
  /** Tag: suffix; TagDirective: prefix (URI escapes decoded, as go-yaml keeps them). */
  suffix?: string;
  /** Tag, anchor: the offset just past it. */
  end?: number;
}

/**
 * The `,` after an empty node with properties in a flow collection, with a line break between them
 * (`[&a⏎,]`: go-yaml reads the empty scalar, the `yaml` package refuses the `,`): it goes to `at`,
 * just past the properties, and its place `from` becomes a blank.
 */
export interface FlowComma {
  at: number;
  from: number;
}

/**
 * A comment line less indented than the block node on the line after it (`-⏎#x⏎ .⏎-`): go-yaml reads
 * past it; the `yaml` package takes the node's indentation from the comment (`[". -"]`, or "no
 * colon"). It gets `pad` blanks in front, at `at` (its `#`), which changes nothing to go-yaml.
 */
export interface CommentShift {
  at: number;
  pad: number;
}

const BREAK = /[\n\r\u0085\u2028\u2029]/;
/** Where the line holding `offset` starts (after go-yaml's line breaks: LF, CR, NEL, LS, PS). */
function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !BREAK.test(text[i - 1]!)) i--;
  return i;
}

/**
 * The comment lines right above the block node at `m` that are less indented than it, when only blanks
 * are before it on its line (looked for from the node back: `- - - a` costs one step a node, not a line).
 */
function shallowComments(text: string, m: Mark, out: CommentShift[]): void {
  let line = m.index;
  while (line > 0 && text[line - 1] === ' ') line--;
  if (line > 0 && !BREAK.test(text[line - 1]!)) return;
  while (line > 0) {
    // the line before: from its start to its break (a CRLF is one break)
    let end = line - 1;
    if (text[end] === '\n' && text[end - 1] === '\r') end--;
    const start = lineStartOf(text, end);
    const body = /^[ \t]*/.exec(text.slice(start, end))![0].length;
    if (start + body === end) {
      line = start;
      continue;
    }
    if (text[start + body] !== '#') return;
    if (body < m.column) out.push({ at: start + body, pad: m.column - body });
    line = start;
  }
}

/** A node's tag as go-yaml resolves it: its handle's prefix and its suffix (`!!int` is `tag:yaml.org,2002:int`, `!` is `!`). */
export interface GoTag {
  /** Where its text starts and ends. */
  at: number;
  end: number;
  tag: string;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const isBreakC = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankC = (c: string | undefined) => c === ' ' || c === '\t';
const isZC = (c: string | undefined) => c === undefined || c === '\0';
const isBlankzC = (c: string | undefined) => isBlankC(c) || isBreakC(c) || isZC(c);
const isAlphaC = (c: string | undefined) => c !== undefined && /^[0-9A-Za-z_-]$/.test(c);
const isHexC = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

const MAX_FLOW_LEVEL = 10000;
const DEFAULT_TAG_PREFIXES: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];
const MAX_INDENTS = 10000;

class Scanner {
  private pos = 0;
  private line = 0;
  private column = 0;
  private readonly tokens: Token[] = [];
  private head = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  private bomFirst: boolean;
  /** The first character past go-yaml's first 512 bytes when bomFirst, else Infinity. */
  private firstChunkEnd = Infinity;
  constructor(private readonly text: string) {
    // a leading BOM goes before anything is read (go-yaml's reader takes it as the encoding's mark)
    if (text[0] === '\ufeff') this.pos = 1;
    this.bomFirst = text[this.pos] === '\ufeff';
    if (this.bomFirst) {
      // go-yaml decodes 512 bytes at a time; to decode more it moves the unread characters to the start of
      // its buffer, which then starts with a BOM no more (but in the rare case it stands at the scanner's position)
      let bytes = 0;
      let i = 0;
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : code >= 0xdc00 && code <= 0xdfff ? 0 : 3;
        if (bytes > 512) break;
      }
      this.firstChunkEnd = i;
    }
  }

  /**
   * Where a blank is as good as there to go-yaml: where an anchor or alias name ends at a `:` or `?`
   * (go-yaml's names are letters, digits, _ and - only), and whether a flow `:` has no blank after it;
   * and before a block scalar's header at its collection's indentation (`- &a\n|`, `k:\n|`), which
   * go-yaml reads as the entry's or the value's node and the `yaml` package only indented further;
   * and before a comment right after a token (`[#c`).
   */
  readonly glued: { at: number; after: boolean }[] = [];
  /** A `:` inside a flow plain scalar with a flow indicator after it (`{<:}` is the key "<:" to go-yaml). */
  readonly flowColons: number[] = [];
  /** A `-` that is a whole plain scalar in a flow collection, a flow indicator after it (`[a,-]`: "-" to go-yaml, a block entry to the `yaml` package). */
  readonly flowDashes: number[] = [];
  /**
   * Where each outermost flow collection, each quoted scalar and each block scalar starts: a `[`,
   * `{`, quote, `|` or `>` the scanner takes for one, not for text of a plain scalar (`t: 4\n [`, `{c"}`, `a\n |`).
   */
  readonly opens: number[] = [];
  /** The characters go-yaml skips at the start of a line, a BOM at the start of its buffer (scanToNextToken). */
  readonly bomSkips: number[] = [];
  /** The furthest character looked at: go-yaml's reader has decoded (and checked) the input up to it. */
  seen = 0;
  private c(k = 0): string | undefined {
    if (this.pos + k > this.seen) this.seen = this.pos + k;
    if (this.pos + k >= this.firstChunkEnd) {
      this.firstChunkEnd = Infinity;
      this.bomFirst = this.text[this.pos] === '\ufeff';
    }
    return this.text[this.pos + k];
  }
  private mark(): Mark {
    return { index: this.pos, line: this.line, column: this.column };
  }
  private fail(problem: string, at = this.pos): never {
    throw new Stop(at, problem);
  }
  private skip(): void {
    const code = this.text.charCodeAt(this.pos);
    this.pos += code >= 0xd800 && code <= 0xdbff && this.pos + 1 < this.text.length ? 2 : 1;
    this.column++;
  }
  private skipLine(): void {
    const c = this.c();
    if (c === '\r' && this.c(1) === '\n') {
      this.pos += 2;
      this.column = 0;
      this.line++;
    } else if (isBreakC(c)) {
      this.pos++;
      this.column = 0;
      this.line++;
    }
  }

  /** The next token, fetching as go-yaml does (peek_token). */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.head++;
    // the tokens read so far are not needed again (insertions are relative to the head)
    if (this.head >= 4096) {
      this.tokens.splice(0, this.head);
      this.head = 0;
    }
  }

  private insert(at: number, token: Token): void {
    // at: -1 appends, else position relative to the queue's head
    if (at < 0) this.tokens.push(token);
    else this.tokens.splice(this.head + at, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.line || key.mark.index + 1024 < this.pos) {
      if (key.required) this.fail("could not find expected ':'", key.mark.index);
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = { possible: true, required, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.mark() };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
      this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (key.possible) {
      if (key.required) this.fail("could not find expected ':'", key.mark.index);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.mark() });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) this.fail(`exceeded max depth of ${MAX_FLOW_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: T, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) this.fail(`exceeded max depth of ${MAX_INDENTS}`);
      this.insert(number > -1 ? number - this.tokensParsed : -1, { type, start: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insert(-1, { type: T.BlockEnd, start: this.mark() });
      this.indent = this.indents.pop()!;
    }
  }

  private simple(type: T): void {
    const start = this.mark();
    this.skip();
    this.insert(-1, { type, start });
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.mark() });
      this.simpleKeyAllowed = true;
      this.streamStartProduced = true;
      this.insert(-1, { type: T.StreamStart, start: this.mark() });
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.column);
    this.c(3); // (go-yaml has 4 characters at hand here)
    const c = this.c();
    if (isZC(c)) {
      if (this.column !== 0) {
        this.column = 0;
        this.line++;
      }
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, { type: T.StreamEnd, start: this.mark() });
      return;
    }
    if (this.column === 0 && c === '%') {
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanDirective());
      return;
    }
    if (this.column === 0 && ((c === '-' && this.c(1) === '-' && this.c(2) === '-') || (c === '.' && this.c(1) === '.' && this.c(2) === '.')) && isBlankzC(this.c(3))) {
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      const start = this.mark();
      this.skip();
      this.skip();
      this.skip();
      this.insert(-1, { type: c === '-' ? T.DocumentStart : T.DocumentEnd, start });
      return;
    }
    if (c === '[' || c === '{') {
      if (this.flowLevel === 0) this.opens.push(this.pos);
      this.saveSimpleKey();
      this.increaseFlowLevel();
      this.simpleKeyAllowed = true;
      this.simple(c === '[' ? T.FlowSequenceStart : T.FlowMappingStart);
      return;
    }
    if (c === ']' || c === '}') {
      this.removeSimpleKey();
      this.decreaseFlowLevel();
      this.simpleKeyAllowed = false;
      this.simple(c === ']' ? T.FlowSequenceEnd : T.FlowMappingEnd);
      return;
    }
    if (c === ',') {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.simple(T.FlowEntry);
      return;
    }
    if (c === '-' && isBlankzC(this.c(1))) {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('block sequence entries are not allowed in this context');
        this.rollIndent(this.column, -1, T.BlockSequenceStart, this.mark());
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.simple(T.BlockEntry);
      return;
    }
    if (c === '?' && (this.flowLevel > 0 || isBlankzC(this.c(1)))) {
      // (`[?a]`: a key indicator to go-yaml in a flow collection, blank or not after it)
      if (this.flowLevel > 0 && !isBlankzC(this.c(1))) this.glued.push({ at: this.pos + 1, after: false });
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('mapping keys are not allowed in this context');
        this.rollIndent(this.column, -1, T.BlockMappingStart, this.mark());
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = this.flowLevel === 0;
      this.simple(T.Key);
      return;
    }
    if (c === ':' && (this.flowLevel > 0 || isBlankzC(this.c(1)))) {
      this.fetchValue();
      return;
    }
    if (c === '*' || c === '&') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanAnchor(c === '*' ? T.Alias : T.Anchor));
      return;
    }
    if (c === '!') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanTag());
      return;
    }
    if ((c === '|' || c === '>') && this.flowLevel === 0) {
      if (this.column === this.indent) this.glued.push({ at: this.pos, after: false });
      this.opens.push(this.pos);
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.insert(-1, this.scanBlockScalar());
      return;
    }
    if (c === "'" || c === '"') {
      this.opens.push(this.pos);
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanFlowScalar(c === "'"));
      return;
    }
    const n = this.c(1);
    if (
      !(isBlankzC(c) || '-?:,[]{}#&*!|>\'"%@`'.includes(c!)) ||
      (c === '-' && !isBlankC(n)) ||
      (this.flowLevel === 0 && (c === '?' || c === ':') && !isBlankzC(n))
    ) {
      if (c === '-' && this.flowLevel > 0 && n !== undefined && ',[]{}'.includes(n)) this.flowDashes.push(this.pos);
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanPlainScalar());
      return;
    }
    this.fail('found character that cannot start any token');
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(key)) {
      // A key whose token the parser has taken already (`[?a]:`: its entry in simpleKeysByTok went with
      // the flow level's) is appended, as go-yaml does: it starts here, after the node it was to be.
      const at = key.tokenNumber < this.tokensParsed ? this.mark() : key.mark;
      this.insert(key.tokenNumber - this.tokensParsed, { type: T.Key, start: at });
      this.rollIndent(key.mark.column, key.tokenNumber, T.BlockMappingStart, at);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('mapping values are not allowed in this context');
        this.rollIndent(this.column, -1, T.BlockMappingStart, this.mark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    // (`{?:a}`: a value indicator to go-yaml in a flow collection, blank or not after it)
    if (this.flowLevel > 0 && !isBlankzC(this.c(1))) this.glued.push({ at: this.pos + 1, after: false });
    this.simple(T.Value);
  }

  private scanToNextToken(): void {
    for (;;) {
      // go-yaml's is_bom looks at the start of its buffer, not at the position: a BOM there (the input's
      // first character after a leading BOM, for a piece its reader decodes at once) makes it skip the
      // first character of every line; a BOM anywhere else is a character like any other
      if (this.column === 0 && this.bomFirst) {
        this.bomSkips.push(this.pos);
        this.skip();
      }
      while (this.c() === ' ' || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.c() === '\t')) this.skip();
      if (this.c() === '#') {
        // a comment right after a token (`[#`, `"a"#`, `*a#`) is one to go-yaml; the `yaml` package wants a blank before it
        const before = this.text[this.pos - 1];
        if (this.pos > 0 && !isBlankC(before) && !isBreakC(before) && before !== '\ufeff') this.glued.push({ at: this.pos, after: false });
        while (!isBreakC(this.c()) && !isZC(this.c())) this.skip();
      }
      if (isBreakC(this.c())) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }

  /** Blanks, a comment, then a line break or the end: else `problem`. The break is read. */
  private lineEndOrFail(problem: string): void {
    while (isBlankC(this.c())) this.skip();
    if (this.c() === '#') while (!isBreakC(this.c()) && !isZC(this.c())) this.skip();
    if (!isBreakC(this.c()) && !isZC(this.c())) this.fail(problem);
    if (isBreakC(this.c())) this.skipLine();
  }

  private scanDirective(): Token {
    const start = this.mark();
    this.skip();
    let name = '';
    while (isAlphaC(this.c())) {
      name += this.c();
      this.skip();
    }
    if (name === '') this.fail('could not find expected directive name');
    if (!isBlankzC(this.c())) this.fail('found unexpected non-alphabetical character');
    let token: Token;
    if (name === 'YAML') {
      while (isBlankC(this.c())) this.skip();
      const major = this.versionNumber();
      if (this.c() !== '.') this.fail("did not find expected digit or '.' character");
      this.skip();
      const minor = this.versionNumber();
      token = { type: T.VersionDirective, start, handle: `${major}.${minor}` };
    } else if (name === 'TAG') {
      while (isBlankC(this.c())) this.skip();
      const handle = this.scanTagHandle(true);
      if (!isBlankC(this.c())) this.fail('did not find expected whitespace');
      while (isBlankC(this.c())) this.skip();
      const prefix = this.scanTagUri(true, '');
      if (!isBlankzC(this.c())) this.fail('did not find expected whitespace or line break');
      token = { type: T.TagDirective, start, handle, suffix: prefix };
    } else this.fail('found unknown directive name', start.index);
    this.lineEndOrFail('did not find expected comment or line break');
    return token;
  }

  private versionNumber(): number {
    let length = 0;
    let value = 0;
    while (/^[0-9]$/.test(this.c() ?? '')) {
      if (++length > 2) this.fail('found extremely long version number');
      value = value * 10 + Number(this.c());
      this.skip();
    }
    if (length === 0) this.fail('did not find expected version number');
    return value;
  }

  private scanAnchor(type: T): Token {
    const start = this.mark();
    this.skip();
    let n = 0;
    while (isAlphaC(this.c())) {
      this.skip();
      n++;
    }
    const c = this.c();
    if (n === 0 || !(isBlankzC(c) || '?:,]}%@`'.includes(c!))) this.fail('did not find expected alphabetic or numeric character', start.index);
    if (c === ':' || c === '?') this.glued.push({ at: this.pos, after: c === ':' && this.flowLevel > 0 && !isBlankzC(this.c(1)) });
    return { type, start, end: this.pos };
  }

  private scanTag(): Token {
    const start = this.mark();
    let handle: string;
    let suffix: string;
    if (this.c(1) === '<') {
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri(false, '');
      if (this.c() !== '>') this.fail("did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false);
      if (handle[0] === '!' && handle.length > 1 && handle.endsWith('!')) suffix = this.scanTagUri(false, '');
      else {
        suffix = this.scanTagUri(false, handle);
        handle = '!';
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    if (!isBlankzC(this.c())) this.fail('did not find expected whitespace or line break');
    return { type: T.Tag, start, handle, suffix, end: this.pos };
  }

  private scanTagHandle(directive: boolean): string {
    if (this.c() !== '!') this.fail(directive ? "did not find expected '!'" : "did not find expected '!'");
    let s = '!';
    this.skip();
    while (isAlphaC(this.c())) {
      s += this.c();
      this.skip();
    }
    if (this.c() === '!') {
      s += '!';
      this.skip();
    } else if (directive && s !== '!') this.fail("did not find expected '!'");
    return s;
  }

  private scanTagUri(directive: boolean, head: string): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.c();
      if (!(isAlphaC(c) || (c !== undefined && ";/?:@&=+$,.!~*'()[]%".includes(c)))) break;
      if (c === '%') s += this.uriEscapes(directive);
      else {
        s += c;
        this.skip();
      }
      hasTag = true;
    }
    if (!hasTag) this.fail('did not find expected tag URI');
    return s;
  }

  private uriEscapes(_directive: boolean): string {
    let w = 1024;
    const bytes: number[] = [];
    while (w > 0) {
      if (!(this.c() === '%' && isHexC(this.c(1)) && isHexC(this.c(2)))) this.fail('did not find URI escaped octet');
      const octet = parseInt(this.c(1)! + this.c(2)!, 16);
      if (w === 1024) {
        w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (w === 0) this.fail('found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) this.fail('found an incorrect trailing UTF-8 octet');
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  private scanBlockScalar(): Token {
    const start = this.mark();
    this.skip();
    let increment = 0;
    const chomp = () => {
      if (this.c() === '+' || this.c() === '-') this.skip();
    };
    const digit = () => {
      if (/^[0-9]$/.test(this.c() ?? '')) {
        if (this.c() === '0') this.fail('found an indentation indicator equal to 0');
        increment = Number(this.c());
        this.skip();
        return true;
      }
      return false;
    };
    if (this.c() === '+' || this.c() === '-') {
      chomp();
      digit();
    } else if (digit()) chomp();
    this.lineEndOrFail('did not find expected comment or line break');
    let indent = increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0;
    indent = this.blockScalarBreaks(indent);
    while (this.column === indent && !isZC(this.c())) {
      while (!isBreakC(this.c()) && !isZC(this.c())) this.skip();
      if (isBreakC(this.c())) this.skipLine();
      indent = this.blockScalarBreaks(indent);
    }
    return { type: T.Scalar, start };
  }

  private blockScalarBreaks(indent: number): number {
    let max = 0;
    for (;;) {
      while ((indent === 0 || this.column < indent) && this.c() === ' ') this.skip();
      if (this.column > max) max = this.column;
      if ((indent === 0 || this.column < indent) && this.c() === '\t') this.fail('found a tab character where an indentation space is expected');
      if (!isBreakC(this.c())) break;
      this.skipLine();
    }
    if (indent === 0) indent = Math.max(max, this.indent + 1, 1);
    return indent;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.mark();
    this.skip();
    for (;;) {
      const c = this.c();
      if (this.column === 0 && ((c === '-' && this.c(1) === '-' && this.c(2) === '-') || (c === '.' && this.c(1) === '.' && this.c(2) === '.')) && isBlankzC(this.c(3))) this.fail('found unexpected document indicator');
      if (isZC(c)) this.fail('found unexpected end of stream', start.index);
      while (!isBlankzC(this.c())) {
        const d = this.c();
        if (single && d === "'" && this.c(1) === "'") {
          this.skip();
          this.skip();
        } else if (single && d === "'") break;
        else if (!single && d === '"') break;
        else if (!single && d === '\\' && isBreakC(this.c(1))) {
          this.skip();
          this.skipLine();
          break;
        } else if (!single && d === '\\') {
          const e = this.c(1);
          const codeLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          if (codeLength === 0 && (e === undefined || !'0abt\tnvfre "\'\\N_LP'.includes(e))) this.fail('found unknown escape character');
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHexC(this.c(k))) this.fail('did not find expected hexdecimal number');
              value = value * 16 + parseInt(this.c(k)!, 16);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) this.fail('found invalid Unicode character escape code');
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else this.skip();
      }
      if (this.c() === (single ? "'" : '"')) break;
      while (isBlankC(this.c()) || isBreakC(this.c())) {
        if (isBlankC(this.c())) this.skip();
        else this.skipLine();
      }
    }
    this.skip();
    return { type: T.Scalar, start };
  }

  private scanPlainScalar(): Token {
    const start = this.mark();
    const indent = this.indent + 1;
    let leadingBlanks = false;
    for (;;) {
      const c = this.c();
      if (this.column === 0 && ((c === '-' && this.c(1) === '-' && this.c(2) === '-') || (c === '.' && this.c(1) === '.' && this.c(2) === '.')) && isBlankzC(this.c(3))) break;
      if (c === '#') break;
      while (!isBlankzC(this.c())) {
        const d = this.c()!;
        if ((d === ':' && isBlankzC(this.c(1))) || (this.flowLevel > 0 && ',?[]{}'.includes(d))) break;
        if (d === ':' && this.flowLevel > 0 && ',[]{}'.includes(this.c(1)!)) this.flowColons.push(this.pos);
        leadingBlanks = false;
        this.skip();
      }
      if (!(isBlankC(this.c()) || isBreakC(this.c()))) break;
      while (isBlankC(this.c()) || isBreakC(this.c())) {
        if (isBlankC(this.c())) {
          if (leadingBlanks && this.column < indent && this.c() === '\t') this.fail('found a tab character that violates indentation');
          this.skip();
        } else {
          this.skipLine();
          leadingBlanks = true;
        }
      }
      if (this.flowLevel === 0 && this.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: T.Scalar, start };
  }
}

const enum S {
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

/** Events the parser produces (only what acceptance needs). */
const enum E {
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Node,
  NodeStart,
  NodeEnd,
}

/**
 * go-yaml's verdict on a piece: `error` where it stopped and why; else it reads the first
 * document (and the parser's DOCUMENT-END after it), and `rest` is where go-yaml stops reading:
 * the token after the document's node when that is not the end (`! !` is the empty scalar tagged
 * `!`, then a tag no one asks for; a % line the scanner takes for a directive, not for more of a
 * plain scalar; a `---` after a break kubectl does not split at), or just past a `...`.
 * `tags`: the tag of each node it reads, as it resolves it.
 */
export function goYamlRead(text: string): { error?: GoYamlError; rest?: number; seen: number; glued: { at: number; after: boolean }[]; tags: GoTag[]; flowColons: number[]; flowDashes: number[]; opens: number[]; bomSkips: number[]; commas: FlowComma[]; shifts: CommentShift[] } {
  const s = new Scanner(text);
  let state: S = S.ImplicitDocumentStart;
  const states: S[] = [];
  /** parserc.go's tag directives: the document's %TAG lines first, then the defaults where they name no other prefix. */
  let prefixes = new Map<string, string>();
  const tags: GoTag[] = [];
  const commas: FlowComma[] = [];
  const shifts: CommentShift[] = [];
  /** The last block node start whose comment lines were looked at (nodes that start together share them). */
  let lookedAbove = -1;
  const pop = () => {
    state = states.pop()!;
  };
  const fail = (problem: string, at: Token): never => {
    throw new Stop(at.start.index, problem);
  };

  const documentStart = (implicit: boolean): E => {
    let t = s.peek();
    if (!implicit) {
      while (t.type === T.DocumentEnd) {
        s.skipToken();
        t = s.peek();
      }
    }
    if (implicit && t.type !== T.VersionDirective && t.type !== T.TagDirective && t.type !== T.DocumentStart && t.type !== T.StreamEnd) {
      prefixes = new Map(DEFAULT_TAG_PREFIXES);
      states.push(S.DocumentEnd);
      state = S.BlockNode;
      return E.DocumentStart;
    }
    if (t.type !== T.StreamEnd) {
      const handles = new Map<string, string>();
      let version = false;
      while (t.type === T.VersionDirective || t.type === T.TagDirective) {
        if (t.type === T.VersionDirective) {
          if (version) fail('found duplicate %YAML directive', t);
          version = true;
          if (t.handle !== '1.1') fail('found incompatible YAML document', t);
        } else {
          if (handles.has(t.handle!)) fail('found duplicate %TAG directive', t);
          handles.set(t.handle!, t.suffix!);
        }
        s.skipToken();
        t = s.peek();
      }
      prefixes = new Map([...DEFAULT_TAG_PREFIXES, ...handles]);
      if (t.type !== T.DocumentStart) fail('did not find expected <document start>', t);
      states.push(S.DocumentEnd);
      state = S.DocumentContent;
      s.skipToken();
      return E.DocumentStart;
    }
    state = S.End;
    s.skipToken();
    return E.StreamEnd;
  };

  const parseNode = (block: boolean, indentless: boolean): E => {
    let t = s.peek();
    if (block && t.start.index > lookedAbove) {
      lookedAbove = t.start.index;
      shallowComments(text, t.start, shifts);
    }
    if (t.type === T.Alias) {
      pop();
      s.skipToken();
      return E.Node;
    }
    const start = t;
    let anchor = false;
    let tag: Token | undefined;
    /** Just past the node's properties. */
    let propsEnd = 0;
    if (t.type === T.Anchor) {
      anchor = true;
      propsEnd = t.end!;
      s.skipToken();
      t = s.peek();
      if (t.type === T.Tag) {
        tag = t;
        propsEnd = t.end!;
        s.skipToken();
        t = s.peek();
      }
    } else if (t.type === T.Tag) {
      tag = t;
      propsEnd = t.end!;
      s.skipToken();
      t = s.peek();
      if (t.type === T.Anchor) {
        anchor = true;
        propsEnd = t.end!;
        s.skipToken();
        t = s.peek();
      }
    }
    if (tag) {
      if (tag.handle !== '' && !prefixes.has(tag.handle!)) fail('found undefined tag handle', tag);
      tags.push({ at: tag.start.index, end: tag.end!, tag: tag.handle === '' ? tag.suffix! : prefixes.get(tag.handle!)! + tag.suffix! });
    }
    const tagged = tag !== undefined;
    if (indentless && t.type === T.BlockEntry) {
      state = S.IndentlessSequenceEntry;
      return E.NodeStart;
    }
    if (t.type === T.Scalar) {
      pop();
      s.skipToken();
      return E.Node;
    }
    if (t.type === T.FlowSequenceStart) {
      state = S.FlowSequenceFirstEntry;
      return E.NodeStart;
    }
    if (t.type === T.FlowMappingStart) {
      state = S.FlowMappingFirstKey;
      return E.NodeStart;
    }
    if (block && t.type === T.BlockSequenceStart) {
      state = S.BlockSequenceFirstEntry;
      return E.NodeStart;
    }
    if (block && t.type === T.BlockMappingStart) {
      state = S.BlockMappingFirstKey;
      return E.NodeStart;
    }
    if (anchor || tagged) {
      // An empty node whose properties a line break parts from the `,` after it (`[&a⏎,]`).
      if (!block && t.type === T.FlowEntry && BREAK.test(text.slice(propsEnd, t.start.index))) commas.push({ at: propsEnd, from: t.start.index });
      pop();
      return E.Node;
    }
    void start;
    return fail('did not find expected node content', t);
  };

  const step = (): E => {
    switch (state) {
      case S.ImplicitDocumentStart:
        return documentStart(true);
      case S.DocumentStart:
        return documentStart(false);
      case S.DocumentContent: {
        const t = s.peek();
        if (t.type === T.VersionDirective || t.type === T.TagDirective || t.type === T.DocumentStart || t.type === T.DocumentEnd || t.type === T.StreamEnd) {
          pop();
          return E.Node;
        }
        return parseNode(true, false);
      }
      case S.DocumentEnd: {
        const t = s.peek();
        // (after a `...`, nothing more is read: not even the rest of its line)
        if (t.type === T.DocumentEnd) {
          s.skipToken();
          rest = t.start.index + 3;
        } else if (t.type !== T.StreamEnd) rest = t.start.index; // (a `---` go-yaml finds in a piece: after a break kubectl's reader does not split at, CR or NEL)
        state = S.DocumentStart;
        return E.DocumentEnd;
      }
      case S.BlockNode:
        return parseNode(true, false);
      case S.BlockNodeOrIndentlessSequence:
        return parseNode(true, true);
      case S.FlowNode:
        return parseNode(false, false);
      case S.BlockSequenceFirstEntry:
      case S.BlockSequenceEntry: {
        if (state === S.BlockSequenceFirstEntry) s.skipToken();
        let t = s.peek();
        if (t.type === T.BlockEntry) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.BlockEntry && t.type !== T.BlockEnd) {
            states.push(S.BlockSequenceEntry);
            return parseNode(true, false);
          }
          state = S.BlockSequenceEntry;
          return E.Node;
        }
        if (t.type === T.BlockEnd) {
          pop();
          s.skipToken();
          return E.NodeEnd;
        }
        return fail("did not find expected '-' indicator", t);
      }
      case S.IndentlessSequenceEntry: {
        let t = s.peek();
        if (t.type === T.BlockEntry) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.BlockEntry && t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
            states.push(S.IndentlessSequenceEntry);
            return parseNode(true, false);
          }
          state = S.IndentlessSequenceEntry;
          return E.Node;
        }
        pop();
        return E.NodeEnd;
      }
      case S.BlockMappingFirstKey:
      case S.BlockMappingKey: {
        if (state === S.BlockMappingFirstKey) s.skipToken();
        let t = s.peek();
        if (t.type === T.Key) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
            states.push(S.BlockMappingValue);
            return parseNode(true, true);
          }
          state = S.BlockMappingValue;
          return E.Node;
        }
        if (t.type === T.BlockEnd) {
          pop();
          s.skipToken();
          return E.NodeEnd;
        }
        return fail('did not find expected key', t);
      }
      case S.BlockMappingValue: {
        let t = s.peek();
        if (t.type === T.Value) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
            states.push(S.BlockMappingKey);
            return parseNode(true, true);
          }
          state = S.BlockMappingKey;
          return E.Node;
        }
        state = S.BlockMappingKey;
        return E.Node;
      }
      case S.FlowSequenceFirstEntry:
      case S.FlowSequenceEntry: {
        const first = state === S.FlowSequenceFirstEntry;
        if (first) s.skipToken();
        let t = s.peek();
        if (t.type !== T.FlowSequenceEnd) {
          if (!first) {
            if (t.type === T.FlowEntry) {
              s.skipToken();
              t = s.peek();
            } else fail("did not find expected ',' or ']'", t);
          }
          if (t.type === T.Key) {
            state = S.FlowSequenceEntryMappingKey;
            s.skipToken();
            return E.NodeStart;
          }
          if (t.type !== T.FlowSequenceEnd) {
            states.push(S.FlowSequenceEntry);
            return parseNode(false, false);
          }
        }
        pop();
        s.skipToken();
        return E.NodeEnd;
      }
      case S.FlowSequenceEntryMappingKey: {
        const t = s.peek();
        if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
          states.push(S.FlowSequenceEntryMappingValue);
          return parseNode(false, false);
        }
        s.skipToken(); // (as go-yaml does: the token is skipped, whatever it is)
        state = S.FlowSequenceEntryMappingValue;
        return E.Node;
      }
      case S.FlowSequenceEntryMappingValue: {
        let t = s.peek();
        if (t.type === T.Value) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
            states.push(S.FlowSequenceEntryMappingEnd);
            return parseNode(false, false);
          }
        }
        state = S.FlowSequenceEntryMappingEnd;
        return E.Node;
      }
      case S.FlowSequenceEntryMappingEnd:
        state = S.FlowSequenceEntry;
        return E.NodeEnd;
      case S.FlowMappingFirstKey:
      case S.FlowMappingKey: {
        const first = state === S.FlowMappingFirstKey;
        if (first) s.skipToken();
        let t = s.peek();
        if (t.type !== T.FlowMappingEnd) {
          if (!first) {
            if (t.type === T.FlowEntry) {
              s.skipToken();
              t = s.peek();
            } else fail("did not find expected ',' or '}'", t);
          }
          if (t.type === T.Key) {
            s.skipToken();
            t = s.peek();
            if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
              states.push(S.FlowMappingValue);
              return parseNode(false, false);
            }
            state = S.FlowMappingValue;
            return E.Node;
          }
          if (t.type !== T.FlowMappingEnd) {
            states.push(S.FlowMappingEmptyValue);
            return parseNode(false, false);
          }
        }
        pop();
        s.skipToken();
        return E.NodeEnd;
      }
      case S.FlowMappingValue:
      case S.FlowMappingEmptyValue: {
        if (state === S.FlowMappingEmptyValue) {
          state = S.FlowMappingKey;
          return E.Node;
        }
        let t = s.peek();
        if (t.type === T.Value) {
          s.skipToken();
          t = s.peek();
          if (t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
            states.push(S.FlowMappingKey);
            return parseNode(false, false);
          }
        }
        state = S.FlowMappingKey;
        return E.Node;
      }
      case S.End:
        return E.StreamEnd;
    }
  };

  let rest: number | undefined;
  try {
    // decode.go: STREAM-START, then one document (its DOCUMENT-START … DOCUMENT-END) or the stream's end.
    s.peek();
    s.skipToken();
    for (;;) {
      const e = step();
      if (e === E.StreamEnd || e === E.DocumentEnd) return { ...(rest === undefined ? {} : { rest }), seen: s.seen, glued: s.glued, tags, flowColons: s.flowColons, flowDashes: s.flowDashes, opens: s.opens, bomSkips: s.bomSkips, commas, shifts };
    }
  } catch (err) {
    if (err instanceof Stop) return { error: { offset: err.offset, problem: err.problem }, seen: s.seen, glued: [], tags: [], flowColons: [], flowDashes: [], opens: [], bomSkips: [], commas: [], shifts: [] };
    throw err;
  }
}
