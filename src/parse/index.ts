/**
 * Stage 2: parse every discovered file into YAML documents that remember where
 * each node came from. Scalars are read with YAML 1.1 rules, as the API server
 * reads them (`yes`/`on` are booleans there); duplicate keys are findings but
 * the last value counts, as most loaders do.
 */
import { CST, Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, Parser, visit, type Alias, type Scalar, type Document, type Node, type YAMLError } from 'yaml';
import { goTagOf, isMergeKey, jsonKey, resolveScalar, tagText } from './scalars.js';
import { clip } from '../util/text.js';
import { countFindings, type Finding, type Location } from '../types.js';
import { CUT_UTF8, NOT_UTF8, type SourceFile } from '../discover/index.js';
import { explainYamlErrors } from './explain.js';
import { badEscape, blockScalar, charName, controlCharacter, foldFlowScalar, jsonStream, leadingDocumentEnd, insertText, overwrite, quotedRootEnd, quotedRootKey, reindentFlow, splitLikeKubectl, type JsonValue, type Rewrite } from './kubectl.js';
import { goYamlRead, type CommentShift, type FlowComma, type GoTag } from './goyaml.js';
import { fastParse, walkFast, type PosMap, type PosNode, type ScalarReader } from './fast.js';

type CstToken = CST.Token;

/** A path into a parsed value: map keys and sequence indexes. */
export type Path = readonly (string | number)[];

/** A Kubernetes-looking object (it has `apiVersion` or `kind`) with its positions. */
export interface KObject {
  /** `file#index`, stable and unique within a submission. */
  id: string;
  file: string;
  /** 0-based document index in the file. */
  document: number;
  /** Where the object sits in its document when it is not the whole of it: `['items', 2]` for an item of a List (src/objects). */
  base?: Path;
  kind: string | undefined;
  apiVersion: string | undefined;
  name: string | undefined;
  /** The document as plain data (YAML 1.1 scalars, last duplicate key wins). */
  value: Record<string, unknown>;
  /** Location of the node at `path`: the value when it exists, else the nearest ancestor's key. */
  at(path: Path): Location;
  /** Location of the key of the last segment of `path` (for unknown or misspelt fields). */
  keyAt(path: Path): Location;
  /** Whether `path` exists in the document. */
  has(path: Path): boolean;
}

export interface ParsedDocument {
  file: string;
  document: number;
  /** undefined when the document did not parse (it contributes no object). */
  value: unknown;
  line: number;
}

export interface ParseResult {
  objects: KObject[];
  /** Documents with neither apiVersion nor kind (docker-compose files, app config). */
  ignored: { file: string; document: number; line: number; reason: string }[];
  /** `yaml.parse` findings: syntax errors, duplicate keys, alias bombs, bad bytes. */
  findings: Finding[];
  /** Every non-empty document read, in file order, as plain data: what kubectl would send (objects or not). */
  documents: unknown[];
}

/** Upper bound on alias expansions per document, counted as the expanded tree has them (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;
/** Upper bound on the nodes aliases may add to a document once expanded. */
export const MAX_ALIAS_NODES = 10_000;
/**
 * Upper bound on nesting (maps and sequences inside each other, aliases
 * expanded). A manifest nests about 10 deep. Far below what any thread's stack
 * holds, so that the result never depends on which thread parsed the file:
 * it is checked on the syntax tree without recursion, before anything recurses.
 */
export const MAX_DEPTH = 100;
/**
 * Upper bound on the list items (`- `) and flow collections (`[`, `{`) of one file read by the full path: each is
 * about 2 KB of syntax tree and document while the file is parsed (1,350 sibling [[[…]]] 95 deep, 128,000 of
 * them in 254 KiB, peaked at 381 MB). A manifest has a few dozen. Past it the file is not read further.
 */
export const MAX_COLLECTIONS = 50_000;
const DEEP_HINT = 'a Kubernetes manifest nests about 10 levels: look for a runaway [ or a shifted indentation';
/** Upper bound on documents read from one file; the rest are not read, and a finding says so. */
export const MAX_DOCUMENTS = 2000;
/** Upper bound on the `yaml.parse` findings kept per file; the rest are counted in one "(and N more)" finding. */
export const MAX_FINDINGS_PER_FILE = 20;

export interface ParseOptions {
  /** false: always the `yaml` package (the fast path's tests compare the two). Default true. */
  fast?: boolean;
}

export function parseFile(src: SourceFile, options: ParseOptions = {}): ParseResult {
  // A file that starts with `{` is JSON to kubectl, never YAML (./kubectl.ts).
  const json = jsonStream(src.text, MAX_DEPTH);
  if (json) return fromJson(src, json);
  // The pieces kubectl cuts the file into (./kubectl.ts), one document each; kubectl reads them in
  // order and stops at the first it refuses (the documents before it are still sent).
  const split = splitLikeKubectl(src.text);
  // The plain manifests most files are (plainText below): go-yaml reads them as the fast path does,
  // so its acceptance pass is not run for them; anything else first goes through it.
  const plain = options.fast !== false && !split.error && plainText(src.text);
  if (plain) {
    const docs = fastParse(src.text, READER);
    if (docs && docs.length <= MAX_DOCUMENTS && docs.length === split.pieces.length) return fromFast(src, docs);
  }
  // go-yaml's own acceptance of each piece (./goyaml.ts): where it stops, and why.
  const goRead = split.pieces.map((p) => goYamlReading(src.text, p.start, p.end));
  const refusedBy = goRead.map((r) => r.error);
  if (options.fast !== false && !plain && !split.error && goRead.every(readsAsWritten)) {
    // The fast path (./fast.ts) reads the plain manifests most files are, with the same scalar rulings
    // (READER); anything it is not sure of, and every bound but these two, is the full path's below.
    // Its documents are kubectl's when there are as many (no `---` line left in a piece).
    const docs = fastParse(src.text, READER);
    if (docs && docs.length <= MAX_DOCUMENTS && docs.length === split.pieces.length) return fromFast(src, docs);
  }
  const out: ParseResult = { objects: [], ignored: [], findings: [], documents: [] };
  // The API server's YAML reader (libyaml's rules) also ends a line at a lone CR, NEL, LS or PS;
  // the `yaml` package only at LF and CRLF. One UTF-16 unit for another: every offset stays put.
  // A CR before a CRLF is no break to go-yaml: kubectl's line reader takes the CRLF off the line and
  // puts an LF back, so `a\r\r\n` is `a\r\n` to it (a file saved through two CRLF conversions).
  // It is a blank at the line's end for the `yaml` package (block and quoted scalars' values are read
  // from the file's own text: ./kubectl.ts breakWidth).
  const fileText = src.text.replace(/\r(?=\r\n)/g, ' ').replace(/\r(?!\n)|[\u0085\u2028\u2029]/g, '\n');
  const loc = lineLocator(src.path, fileText);
  const findings: Finding[] = [];
  let stoppedAt: number | undefined;
  const yamlErrors = (errors: readonly YAMLError[], inFile: (offset: number) => number) => {
    if (findings.length > MAX_FINDINGS_PER_FILE) return; // the count of the rest is all that is kept
    const shifted = errors.map((e) => ({ code: e.code, message: e.message, pos: [inFile(e.pos[0]), inFile(e.pos[1])] as [number, number] }));
    for (const f of explainYamlErrors(fileText, shifted, loc)) findings.push(f);
  };
  let empty = true;
  let refused = false;
  for (let index = 0; index < split.pieces.length && !refused; index++) {
    const piece = split.pieces[index]!;
    if (index === MAX_DOCUMENTS) {
      findings.push({ message: `holds more than ${MAX_DOCUMENTS} documents; kubegrade reads the first ${MAX_DOCUMENTS}`, location: loc(piece.start), hint: "one object per file is the homework's layout" });
      break;
    }
    let pieceText = fileText.slice(piece.start, piece.end);
    const kept = { documents: out.documents.length, objects: out.objects.length, ignored: out.ignored.length, findings: findings.length };
    // (a `---` kubectl does not split at, after a break it does not see: `%YAML 1.1\r---\r`, is go-yaml's document start)
    const directive = goRead[index]!.error?.problem === 'did not find expected <document start>' ? directiveLine(pieceText) : undefined;
    if (directive?.first) {
      findings.push({
        message: `"${clip(pieceText.slice(directive.offset).split('\n')[0]!)}": kubectl refuses a YAML directive (it cuts the "---" after it away, then finds no document start)`,
        location: loc(piece.start + directive.offset),
        hint: 'delete the % line: Kubernetes manifests need no directives',
      });
      refused = true;
      break;
    }
    const docEnd = leadingDocumentEnd(pieceText);
    if (docEnd !== undefined) {
      findings.push({
        message: '"..." ends a document that has not started: kubectl refuses the file ("did not find expected node content")',
        location: loc(piece.start + docEnd),
        hint: index === 0 ? 'delete the "..." line' : 'delete the "..." line, or the "---" line before it',
      });
      refused = true;
      break;
    }
    const control = controlCharacter(src.text.slice(piece.start, piece.end));
    // (go-yaml's reader checks what it decodes: a control character past where go-yaml stops reading is never seen)
    // (a sequence its line's end cuts short is decoded only when go-yaml's scanner asks for it, and only the piece's last line ends the input)
    const cut = control !== undefined && src.text[piece.start + control] === CUT_UTF8 && !/\n./s.test(src.text.slice(piece.start + control, piece.end));
    if (control !== undefined && (cut ? goRead[index]!.looks(piece.start + control) : goRead[index]!.reads(piece.start + control))) {
      const c = String.fromCodePoint(src.text.codePointAt(piece.start + control)!);
      findings.push(
        c === NOT_UTF8 || c === CUT_UTF8
          ? {
              message: 'holds a byte that is not UTF-8 in a file that starts with a UTF-8 byte order mark; kubectl refuses the file ("invalid … UTF-8 octet"), even in a comment',
              location: loc(piece.start + control),
              hint: 'save the file as UTF-8 (the character there was written in another encoding, such as Latin-1)',
            }
          : {
              message: `holds the control character ${charName(c)}; kubectl refuses the file ("control characters are not allowed"), even in a comment`,
              location: loc(piece.start + control),
              hint: 'delete the character (an editor may show it as a box or nothing at all)',
            },
      );
      refused = true;
      break;
    }
    // `"x":1` first: the quoted scalar is the document, go-yaml reads no further.
    const quoted = quotedRootEnd(pieceText);
    const quotedKey = quoted === undefined ? undefined : quotedRootKey(pieceText, quoted);
    if (quotedKey !== undefined) {
      findings.push({
        message: 'a quoted key with no blank after its colon, then another key on the line: kubectl refuses the file ("did not find expected key")',
        location: loc(piece.start + quoted! - 1),
        hint: 'put a blank after the colon: "key": value',
      });
      refused = true;
      break;
    }
    if (quoted !== undefined) pieceText = pieceText.slice(0, quoted);
    // go-yaml reads one node and stops: what follows it (not a document start) is never read, a % line
    // it takes for a directive among it (one that goes on a multi-line plain scalar is more of its text).
    const rest = goRead[index]!.rest;
    if (rest !== undefined && rest - piece.start < pieceText.length) pieceText = pieceText.slice(0, rest - piece.start);
    // Flow collections continued on under-indented lines, as go-yaml reads them (./kubectl.ts): the
    // `yaml` package reads the text with those lines indented, offsets map back to the file's.
    // Each tag as go-yaml resolves it (./scalars.ts tagText), blanks after it to its length. (No %TAG
    // line is ever in force: kubectl cuts the piece at the `---` it needs, refusing what follows on its line.)
    // A character go-yaml skips at a line's start (a BOM first in its buffer) is an indentation blank to it.
    // All in one pass over the piece: a file of many tags or colons is read in linear time.
    const g = goRead[index]!;
    const edits = [
      ...g.tags.map((t) => ({ at: t.at - piece.start, text: tagText(t.tag).padEnd(t.end - t.at) })),
      ...g.colons.map((t) => ({ at: t - piece.start, text: FLOW_COLON })),
      ...g.dashes.map((t) => ({ at: t - piece.start, text: FLOW_DASH })),
      ...g.bomSkips.filter((t) => !/[\ud800-\udfff]/.test(pieceText[t - piece.start] ?? '')).map((t) => ({ at: t - piece.start, text: ' ' })),
      ...g.commas.map((c) => ({ at: c.from - piece.start, text: ' ' })),
    ].filter((e) => e.at + e.text.length <= pieceText.length);
    pieceText = overwrite(pieceText, edits.sort((a, b) => a.at - b.at));
    // `*a:` is the alias a, then a value indicator, to go-yaml: a blank there makes it so for the `yaml` package.
    // `[&a⏎,]`: the `,` goes just past the properties (the `yaml` package refuses it after the break).
    // A comment line less indented than the block node after it gets blanks in front, to the node's column.
    const inserts = [...g.blanks.map((b) => ({ at: b - piece.start, text: ' ' })), ...g.commas.map((c) => ({ at: c.at - piece.start, text: ',' })), ...g.shifts.map((c) => ({ at: c.at - piece.start, text: ' '.repeat(c.pad) }))].filter((i) => i.at < pieceText.length).sort((a, b) => a.at - b.at);
    const spaced = inserts.length > 0 ? insertText(pieceText, inserts) : undefined;
    if (spaced) pieceText = spaced.text;
    // A BOM first in the piece is the encoding's mark to go-yaml's reader, nothing of the document; the
    // `yaml` package drops it too, but counts it as a column of the first line. It goes.
    const lead = pieceText[0] === '\ufeff' ? 1 : 0;
    if (lead) pieceText = pieceText.slice(1);
    // Any other BOM is text to go-yaml; the `yaml` package drops one that starts a line before the content.
    const textBom = pieceText.includes('\ufeff') && !pieceText.includes(TEXT_BOM);
    if (textBom) pieceText = pieceText.replaceAll('\ufeff', TEXT_BOM);
    // (where go-yaml refused the piece, where its scanner opens collections and quoted scalars is not known: the text's are taken)
    const rewrite = reindentFlow(pieceText, g.error ? undefined : new Set(shiftedBy(g.opens.map((f) => f - piece.start), inserts.map((i) => i.at), -lead)));
    if (rewrite) pieceText = rewrite.text;
    let inFile = pieceToFile(piece.start, spaced, lead, rewrite);
    const at = (offset: number) => loc(inFile(offset));
    let composed: { doc: Document.Parsed; index: number }[] = [];
    const before = findings.length;
    let streamErrors: YAMLError[] = [];
    let pieceStopped: number | undefined;
    const compose = () => {
      try {
        const r = withPlainEnv(() => composeBounded(pieceText, index, findings, at));
        composed = r.docs;
        pieceStopped = r.stoppedAt;
        streamErrors = r.streamErrors;
      } catch (err) {
        composed = [];
        findings.push({ message: `cannot be read as YAML: ${clip(oneLine(err))}`, location: at(0) });
      }
    };
    compose();
    // A block scalar whose leading blank lines are indented more than its first line of text: go-yaml
    // takes its indentation from those lines and ends it before that line; the `yaml` package
    // refuses it. Its header gets that indentation as an indicator, and the piece is read again.
    const indicators = composed.length === 1 && findings.length === before ? blockIndentIndicators(pieceText, composed[0]!.doc) : [];
    if (indicators.length > 0) {
      const r = insertText(pieceText, indicators);
      pieceText = r.text;
      inFile = thenBack(r, inFile);
      compose();
    }
    const tabbed = composed.length === 0 && findings.length === before && refusedBy[index] ? tabLine(pieceText, documentEnd(pieceText), []) : undefined;
    if (tabbed) findings.push({ message: tabbed.message, location: at(tabbed.offset), hint: tabbed.hint });
    for (const { doc } of composed) {
      const startLine = doc.contents ? at(doc.contents.range[0]).line : at(doc.range[0]).line;
      // go-yaml reads one node and stops: after a scalar or flow root, what it cannot parse is never read.
      const root = doc.contents;
      // (A block root indented past column 0 ends at the first line indented less, as go-yaml sees it.)
      const flowRoot = root !== null && (isScalar(root) || ((isMap(root) || isSeq(root)) && (root.flow || at(blockStart(pieceText, root.range[0])).column > 1))) ? root.range[1] : undefined;
      if (flowRoot !== undefined) {
        streamErrors = streamErrors.filter((e) => e.pos[0] < flowRoot);
        if (pieceStopped !== undefined && pieceStopped >= flowRoot) pieceStopped = undefined;
      }
      // go-yaml reads a comment right after a flow collection, a quoted scalar or a block scalar's
      // header (`[]#`, `''#`, `|#`): only a plain scalar needs a blank before its `#`.
      for (let e = doc.errors.length - 1; e >= 0; e--) {
        const err = doc.errors[e]!;
        if (err.code === 'MISSING_CHAR' && err.message.startsWith('Comments must be separated') && /(?:[\]}"']|[|>](?:[+-]?[1-9]?|[1-9][+-]))$/.test(pieceText.slice(Math.max(0, err.pos[0] - 3), err.pos[0]))) doc.errors.splice(e, 1);
        // and the escape \' in a double-quoted scalar (a quote; its value is go-yaml's, below)
        else if (err.code === 'BAD_DQ_ESCAPE' && pieceText.startsWith("\\'", err.pos[0])) doc.errors.splice(e, 1);
      }
      // (An unclosed flow collection or quoted scalar is go-yaml's error too: it scans on for the end.)
      if (doc.errors.length > 0 && !(flowRoot !== undefined && doc.errors.every((e) => e.pos[0] >= flowRoot && !/end with a [\]}]$|^Missing closing/.test(e.message)))) {
        yamlErrors(doc.errors, inFile);
        continue;
      }
      const problem = goYamlRefuses(pieceText, doc, flowRoot, { text: src.text, inFile }, refusedBy[index] === undefined);
      if (problem) {
        findings.push({ message: problem.message, location: at(problem.offset), hint: problem.hint });
        continue;
      }
      const converted = toPlain(doc, at);
      for (const dup of converted.duplicates) findings.push(duplicateFinding(dup, at));
      if ('error' in converted) {
        findings.push({ message: `document ${index + 1} ${converted.error.message}`, location: at(converted.error.offset), hint: converted.error.hint });
        continue;
      }
      if (goRead[index]!.colons.length > 0) converted.value = restoreText(converted.value, FLOW_COLON, ':');
      if (goRead[index]!.dashes.length > 0) converted.value = restoreText(converted.value, FLOW_DASH, '-');
      if (textBom) converted.value = restoreText(converted.value, TEXT_BOM, '\ufeff');
      if (converted.value !== null && converted.value !== undefined) empty = false;
      // An object keeps its nodes' offsets (positions()), not the `yaml` document: ~300 bytes a node, 27 MB a 250 KiB file.
      addDocument(out, src.path, index, converted.value, startLine, (rec) => objectWithOffsets(src.path, index, rec, offsetsIn(doc), inFile, loc));
    }
    yamlErrors(streamErrors, inFile);
    if (pieceStopped !== undefined) stoppedAt = inFile(pieceStopped);
    if (stoppedAt !== undefined || findings.slice(before).some((f) => !f.message.startsWith('duplicate key'))) refused = true;
    if (refused && refusedBy[index] && findings.slice(kept.findings).some((f) => f.message.startsWith('invalid YAML'))) {
      // go-yaml's reason, at its line, over the `yaml` package's words (before them when they are many: each may help)
      if (stoppedAt === undefined) findings.length = kept.findings;
      findings.splice(kept.findings, 0, goYamlFinding(refusedBy[index]!, loc));
    } else if (!refused && refusedBy[index]) {
      // go-yaml stops in this piece where the `yaml` package reads on: kubectl sends nothing of it.
      out.documents.length = kept.documents;
      out.objects.length = kept.objects;
      out.ignored.length = kept.ignored;
      findings.length = kept.findings;
      findings.push(goYamlFinding(refusedBy[index]!, loc));
      refused = true;
    }
  }
  if (split.error && !refused) {
    const e = split.error;
    findings.push({
      message: `"--- ${clip(e.rest)}": kubectl refuses the file (invalid Yaml document separator); after "---" only a comment may follow on its line`,
      location: loc(e.offset),
      hint: e.rest.startsWith('-') || /^[A-Za-z]/.test(e.rest) ? 'make it exactly "---" (three dashes) on a line of its own' : 'put what follows "---" on the next line',
    });
  }
  // An empty file: no documents, or only empty ones.
  if (findings.length === 0 && empty) {
    out.ignored.push({ file: src.path, document: 0, line: 1, reason: 'empty file' });
    return out;
  }
  // In the order of the file (the bounds' findings come from another pass than the documents' own).
  findings.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  out.findings = capFindings(findings, MAX_FINDINGS_PER_FILE, 'YAML problems in this file');
  if (stoppedAt !== undefined) {
    const l = loc(stoppedAt);
    if (out.findings.length > MAX_FINDINGS_PER_FILE) out.findings.pop();
    out.findings.push({ message: `(and more YAML errors from line ${l.line} on, not listed: kubegrade stops reading a file after ${MAX_FINDINGS_PER_FILE} errors)`, location: l });
  }
  return out;
}

/**
 * An offset in the text the `yaml` package read (`spaced`'s blanks inserted, a leading BOM taken
 * out, `rewrite` applied) as the file's. Made outside parseFile's loop, as thenBack() is: a closure
 * made in the loop would hold the loop's scope, its `yaml` documents with it, as long as an object
 * keeps it (aliases just under the limits, four files: 327 MB peak RSS).
 */
function pieceToFile(start: number, spaced: Rewrite | undefined, lead: number, rewrite: Rewrite | undefined): (offset: number) => number {
  const inPiece = (offset: number) => (spaced ? spaced.back(offset + lead) : offset + lead);
  return rewrite ? (offset) => start + inPiece(rewrite.back(offset)) : (offset) => start + inPiece(offset);
}

/** `then` after `r`'s way back. */
function thenBack(r: Rewrite, then: (offset: number) => number): (offset: number) => number {
  return (offset) => then(r.back(offset));
}

/**
 * The object of a document, its offsets mapped back to the file's. Its own function, outside parseFile: a closure
 * made inside parseFile's loop over the documents holds that loop's scope, the `yaml` document with it, for as long
 * as the object lives (~85 KB a document of 99 aliases, 31 MB a 250 KiB file of them).
 */
function objectWithOffsets(file: string, index: number, rec: Record<string, unknown>, offsets: (path: Path) => Offsets, inFile: (offset: number) => number, loc: (offset: number) => Location): KObject {
  return makeObject(file, index, rec, (path) => inFileOffsets(offsets(path), inFile), loc);
}

function inFileOffsets(o: Offsets, inFile: (offset: number) => number): Offsets {
  return { node: o.node === undefined ? undefined : inFile(o.node), key: o.key === undefined ? undefined : inFile(o.key), missing: o.missing };
}

/**
 * Text in which go-yaml's acceptance pass (./goyaml.ts) can find nothing the fast path would accept:
 * printable ASCII and LF only (no tab, CR, control or non-ASCII character), none of the characters
 * that start what go-yaml reads its own way (anchors, aliases, tags, flow collections, block scalars,
 * quotes and escapes, directives, complex and merge keys: & * ! [ ] { } | > ' " \ % ? < @ `), no
 * line that starts with `...` or carries text after `---`, and no line past go-yaml's 1,024
 * characters for a simple key. In it a piece is block mappings and sequences of plain scalars and
 * comments, which go-yaml refuses exactly where the fast path gives up (a syntax error); the
 * differential test (test/kubectl-reader.test.ts) holds it to that on its mutated and generated files.
 */
function plainText(text: string): boolean {
  if (/[^\n\x20-\x7e]|[&*!\[\]{}|>'"\\%?<@`]|^(?:\.\.\.|---[^\n])/m.test(text)) return false;
  for (let from = 0; from < text.length; ) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    if (end - from > 1000) return false;
    from = end + 1;
  }
  return true;
}

function shiftOffsets(o: Offsets, by: number): Offsets {
  return { node: o.node === undefined ? undefined : o.node + by, key: o.key === undefined ? undefined : o.key + by, missing: o.missing };
}

/**
 * go-yaml's reading of the piece [start, end) of a file's text (./goyaml.ts), its offsets the
 * text's; `reads(offset)`: whether go-yaml's reader decodes (and checks) the character there. It
 * takes the input 512 bytes at a time, as far as the scanner looks.
 */
interface GoReading {
  error?: { offset: number; problem: string };
  rest?: number;
  reads: (offset: number) => boolean;
  /** Whether go-yaml's scanner asks for the character at `offset` (it looks at most one past its last token). */
  looks: (offset: number) => boolean;
  /** Blanks go-yaml reads where there are none: after an anchor or alias name that a `:` or `?` ends (and after a flow `:` there). */
  blanks: number[];
  /** Where each outermost flow collection, quoted scalar and block scalar starts, as go-yaml's scanner finds them. */
  opens: number[];
  /** The tag of each node go-yaml reads, as it resolves it (`!<tag:yaml.org,2002:int>`, `!!in%74`, a %TAG handle's). */
  tags: GoTag[];
  /** A `-` that is a plain scalar of its own in a flow collection: written FLOW_DASH for the `yaml` package. */
  dashes: number[];
  /** A `:` go-yaml reads as text of a flow plain scalar (`{<:}`): U+E000 for the `yaml` package, `:` again in the value. */
  colons: number[];
  /** Characters go-yaml skips where a line starts (./goyaml.ts, Scanner.bomSkips). */
  bomSkips: number[];
  /** A flow `,` a line break parts from the empty node with properties before it (./goyaml.ts FlowComma). */
  commas: FlowComma[];
  /** Comment lines less indented than the block node after them (./goyaml.ts CommentShift). */
  shifts: CommentShift[];
}

/** Whether go-yaml reads the whole piece and the `yaml` package needs none of its rewrites (blanks, tags, colons, dashes, BOMs, commas, comment shifts) to read it the same. */
function readsAsWritten(r: GoReading): boolean {
  return r.error === undefined && r.rest === undefined && r.blanks.length === 0 && r.tags.length === 0 && r.colons.length === 0 && r.dashes.length === 0 && r.bomSkips.length === 0 && r.commas.length === 0 && r.shifts.length === 0;
}

function goYamlReading(text: string, start: number, end: number): GoReading {
  // as kubectl hands it over: lines ended by LF (a CR before an LF goes), the last one too
  let piece = text.slice(start, end);
  const crs: number[] = [];
  if (piece.includes('\r\n')) {
    let out = '';
    let from = 0;
    for (let i = piece.indexOf('\r\n'); i >= 0; i = piece.indexOf('\r\n', i + 2)) {
      out += piece.slice(from, i);
      crs.push(i);
      from = i + 1;
    }
    piece = out + piece.slice(from);
  }
  if (!piece.endsWith('\n')) piece += '\n';
  const r = goYamlRead(piece);
  // back to the file: one more for each CR taken out before the offset
  const back = (o: number) => {
    let shift = 0;
    while (shift < crs.length && crs[shift]! - shift < o) shift++;
    return Math.min(start + o + shift, end);
  };
  const bytes = Buffer.byteLength(piece);
  const decoded = Math.min(bytes, Math.ceil(Buffer.byteLength(piece.slice(0, r.seen + 1)) / 512) * 512);
  const reads = (o: number) => {
    if (decoded >= bytes) return true;
    let i = o - start;
    let shift = 0;
    while (shift < crs.length && crs[shift]! < i) shift++;
    i -= shift;
    // (a character split by the 512-byte boundary waits for the next chunk)
    return Buffer.byteLength(piece.slice(0, i + 1)) <= decoded;
  };
  const looks = (o: number) => o <= back(r.seen);
  const out: GoReading = { reads, looks, opens: r.opens.map(back), tags: r.tags.map((t) => ({ at: back(t.at), end: back(t.end - 1) + 1, tag: t.tag })), colons: r.flowColons.map(back), dashes: r.flowDashes.map(back), bomSkips: r.bomSkips.map(back), blanks: r.glued.flatMap((g) => (g.after ? [back(g.at), back(g.at + 1)] : [back(g.at)])), commas: r.commas.map((c) => ({ at: back(c.at), from: back(c.from) })), shifts: r.shifts.map((c) => ({ at: back(c.at), pad: c.pad })) };
  if (r.error) out.error = { offset: back(r.error.offset), problem: r.error.problem };
  else if (r.rest !== undefined) out.rest = back(r.rest);
  return out;
}

/** Offsets (in order) once a character was put in before each of `inserts` (in order), then moved by `by`. */
function shiftedBy(offsets: readonly number[], inserts: readonly number[], by: number): number[] {
  let k = 0;
  return offsets.map((o) => {
    while (k < inserts.length && inserts[k]! <= o) k++;
    return o + k + by;
  });
}

const FLOW_COLON = '\ue000';
/** A `-` that is a plain scalar of its own in a flow collection (`[a,-]`), as the `yaml` package reads it. */
const FLOW_DASH = '\ue002';

/** A BOM that is text to go-yaml, as the `yaml` package reads it: a character like any other. */
const TEXT_BOM = '\ue001';

/** A value with each `stand` (FLOW_COLON, TEXT_BOM) its character `c` again, in its strings and keys. */
function restoreText(v: unknown, stand: string, c: string): unknown {
  if (typeof v === 'string') return v.replaceAll(stand, c);
  if (Array.isArray(v)) return v.map((x) => restoreText(x, stand, c));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k.replaceAll(stand, c), restoreText(x, stand, c));
    return out;
  }
  return v;
}

/** go-yaml's words, and what they mean for the file's author. */
const GO_YAML_WORDS: [RegExp, string, string][] = [
  [/cannot start any token/, 'a character that cannot start a value here (a tab before the text of a line, or @ or ` at a value\'s start)', 'indent with spaces only; quote a value that starts with @ or `'],
  [/tab character/, 'a tab where kubectl expects indentation spaces', 'indent with spaces only'],
  [/block sequence entries/, 'a "- " list item where no list can start (after a value on the same line)', 'put the list item on a line of its own, indented under its key'],
  [/mapping values/, 'a ": " where no key can be (a second key on one line, or a key after a value)', 'one "key: value" per line; quote a value that holds ": "'],
  [/mapping keys/, 'a "? " key where no key can be', 'put the key on a line of its own'],
  [/expected ':'/, 'a key with no ":" after it on its line', 'end the key with ":" on the same line'],
  [/tag|'!'|'>'/, 'a tag (!…) kubectl cannot read', 'remove the "!" tag: Kubernetes manifests need no tags'],
  [/alphabetic or numeric/, 'an anchor or alias name kubectl cannot read (letters, digits, _ and - only)', 'rename the anchor and its aliases'],
  [/comment or line break|whitespace or line break/, 'text where only a comment or the line\'s end may follow', 'start what follows on the next line, or put a blank before it'],
  [/end of stream|document indicator/, 'a quoted value that is never closed', 'close the quote'],
  [/escape|hexdecimal/, 'an escape in double quotes kubectl cannot read', 'remove the backslash, or use single quotes'],
  [/expected ','|expected '-'|expected key|node content/, 'the structure ends where it cannot (a missing comma, bracket or value, or a shifted indentation)', 'check the brackets, commas and indentation on this line and the one before'],
  [/directive|incompatible/, 'a % directive kubectl cannot read', 'delete the % line'],
];

function goYamlFinding(r: { offset: number; problem: string }, loc: (offset: number) => Location): Finding {
  const words = GO_YAML_WORDS.find(([re]) => re.test(r.problem));
  return {
    message: `${words ? words[1] : 'YAML kubectl cannot read'}: kubectl refuses the file ("${r.problem}")`,
    location: loc(r.offset),
    hint: words ? words[2] : 'compare the line with a working manifest',
  };
}

/** Where go-yaml stops reading a piece: its first `...` line, or its end. */
function documentEnd(text: string): number {
  const m = /^\.\.\.(?=[ \t\r\n]|$)/m.exec(text);
  return m ? m.index : text.length;
}

/** The first line of a piece that starts with `%`, and whether only blank and comment lines come before it. */
function directiveLine(text: string): { offset: number; first: boolean } | undefined {
  const m = /^%/m.exec(text);
  if (!m) return undefined;
  return { offset: m.index, first: /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*$/.test(text.slice(0, m.index)) };
}

/**
 * Where a block collection starts as go-yaml sees it (its column is the block's indentation):
 * the `yaml` package's range starts after the first key's tag and anchor, or at the `:` of an
 * empty key; go-yaml's at the first of them (`! : |` is a map at column 0).
 */
function blockStart(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    let j = i;
    while (j > 0 && text[j - 1] === ' ') j--;
    let w = j;
    while (w > 0 && !' \t\n\r'.includes(text[w - 1]!)) w--;
    if (w < j && (text[w] === '!' || text[w] === '&')) i = w;
    else return i;
  }
}

/** The nearest block map or sequence around a node (its path from the document down). */
function blockParent(path: readonly unknown[]): Node | undefined {
  return [...path].reverse().find((n) => (isMap(n) || isSeq(n)) && !n.flow) as Node | undefined;
}

/**
 * For each block scalar the `yaml` package refuses for more-indented leading blank lines (and
 * go-yaml reads, its indentation theirs): the indentation indicator that makes the `yaml`
 * package read it as go-yaml does, and where it goes (after `|` or `>` and a chomping indicator).
 */
function blockIndentIndicators(text: string, doc: Document.Parsed): { at: number; text: string }[] {
  const at = doc.errors.filter((e) => e.message.startsWith('Block scalars with more-indented leading empty lines')).map((e) => e.pos[0]);
  if (at.length === 0) return [];
  const out: { at: number; text: string }[] = [];
  const column = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  visit(doc, {
    Scalar(_, node, path) {
      const r = node.range;
      if (!r || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !at.some((a) => a >= r[0] && a < r[1])) return;
      const header = text.indexOf(node.type === 'BLOCK_LITERAL' ? '|' : '>', r[0]);
      const m = /^[|>][+-]?(?=[ \t\r\n#]|$)/.exec(text.slice(header, header + 3));
      if (!m) return;
      const parent = blockParent(path);
      const parentIndent = parent?.range ? column(blockStart(text, parent.range[0])) : -1;
      // the blank lines after the header: the most blanks on one (go-yaml's indentation)
      let max = 0;
      let i = text.indexOf('\n', header) + 1;
      while (i > 0) {
        const blanks = /^ */.exec(text.slice(i, i + 200))![0].length;
        const c = text[i + blanks];
        if (c !== '\n' && c !== '\r') break;
        max = Math.max(max, blanks);
        i = text.indexOf('\n', i + blanks) + 1;
      }
      // (past 9, 9: the lines it leaves more indented are text to the `yaml` package, and the value is go-yaml's anyway, from the file's text)
      const digit = Math.min(Math.max(max, parentIndent + 1, 1) - Math.max(parentIndent, 0), 9);
      if (digit >= 1) out.push({ at: header + m[0].length, text: String(digit) });
    },
  });
  return out.sort((a, b) => a.at - b.at);
}

/**
 * What go-yaml v2 refuses in a document the `yaml` package reads: an escape YAML 1.2 added
 * (`\/`), and a tab at the start of a line (after blanks only) outside a scalar or a flow
 * collection. go-yaml skips only spaces there ("found character that cannot start any token"),
 * except in the blank lines a plain scalar reads past, where a tab left of the scalar's
 * indentation is refused ("found a tab character that violates indentation").
 * Its block scalars get the values go-yaml reads (`file`: the file's text, and where an offset
 * of `text` is in it).
 */
function goYamlRefuses(text: string, doc: Document.Parsed, rootEnd: number | undefined, file: { text: string; inFile: (offset: number) => number }, goAccepts: boolean): { message: string; offset: number; hint: string } | undefined {
  // After a scalar or flow root, go-yaml still scans to its next token (a tab starting a line is not one).
  const end = Math.min(documentEnd(text), rootEnd === undefined ? text.length : nextToken(text, rootEnd) + 1);
  const inside: [number, number][] = [];
  /** Plain scalars: where they end and the column a tab must not be left of. */
  const plains: { end: number; indent: number }[] = [];
  const ends: number[] = [];
  let escape: number | undefined;
  let blockTab: number | undefined;
  let blockJunk: number | undefined;
  const column = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  // go-yaml's anchor and alias names are ASCII letters, digits, `_` and `-` ("did not find expected alphabetic or numeric character")
  let badName: number | undefined;
  const name = (n: string | undefined, sigil: '&' | '*', r: readonly number[] | null | undefined) => {
    // (after a name, go-yaml also ends it at one of ?:,]}%@` and reads on: that is not refused)
    if (n === undefined || !r || /^[A-Za-z0-9_-]+(?:[?:,\]}%@`]|$)/.test(n)) return;
    const o = sigil === '*' ? r[0]! : text.lastIndexOf('&' + n, r[0]);
    if (o >= 0 && o < end && (badName === undefined || o < badName)) badName = o;
  };
  visit(doc, {
    Alias(_, node) {
      name(node.source, '*', node.range);
    },
    Scalar(_, node, path) {
      const r = node.range;
      if (!r) return;
      name(node.anchor, '&', r);
      if (node.type === 'QUOTE_DOUBLE' && escape === undefined) {
        const b = badEscape(text.slice(r[0], r[1]));
        if (b !== undefined) escape = r[0] + b;
      }
      if (text.slice(r[0], r[1]).includes('\n')) inside.push([r[0], r[1]]);
      ends.push(r[1]);
      if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && r[0] < end) {
        const parent = [...path].reverse().find((n) => (isMap(n) || isSeq(n)) && !n.flow) as Node | undefined;
        const header = text.indexOf(node.type === 'BLOCK_LITERAL' ? '|' : '>', r[0]);
        const parentIndent = parent?.range ? column(blockStart(text, parent.range[0])) : -1;
        const read = goAccepts ? { value: '' } : blockScalar(text, header, parentIndent);
        if ('tab' in read) {
          if (read.tab < end && (blockTab === undefined || read.tab < blockTab)) blockTab = read.tab;
        } else if ('junk' in read) {
          if (blockJunk === undefined || read.junk < blockJunk) blockJunk = read.junk;
        } else {
          // its value as go-yaml reads it, from the file's own text (its LS and PS line breaks kept)
          const own = blockScalar(file.text, file.inFile(header), parentIndent);
          if ('value' in own) node.value = own.value;
        }
      }
      if ((node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && r[0] < end) {
        // LS and PS line breaks stay in its value as go-yaml folds its lines, read from the file's own text
        const q = node.type === 'PLAIN' ? 0 : 1;
        const body = file.text.slice(file.inFile(r[0] + q), file.inFile(r[1] - q));
        const quoteEscape = node.type === 'QUOTE_DOUBLE' && /\\'/.test(body);
        // (a quoted scalar over lines: go-yaml's folding, where the `yaml` package's differs at blank lines and escaped breaks)
        if (quoteEscape || /[\u2028\u2029]/.test(body) || (q === 1 && /[\n\r\u0085]/.test(body))) {
          const folded = foldFlowScalar(body, q === 0 ? 'plain' : node.type === 'QUOTE_SINGLE' ? 'single' : 'double');
          // (go-yaml reads \' as a quote; the `yaml` package knows no such escape)
          node.value = node.type !== 'QUOTE_DOUBLE' ? folded : (parseDocument(`"${folded.replace(/\\(.)/gs, (e: string, c: string) => (c === "'" ? "'" : e))}"`, { version: '1.1' }).contents as Scalar).value;
        }
      }
      if (node.type === 'PLAIN') {
        const parent = [...path].reverse().find((n) => (isMap(n) || isSeq(n)) && !n.flow) as Node | undefined;
        plains.push({ end: r[1], indent: parent?.range ? column(blockStart(text, parent.range[0])) + 1 : 0 });
      }
    },
    Map(_, node) {
      name(node.anchor, '&', node.range);
      if (node.flow && node.range) inside.push([node.range[0], node.range[1]]);
    },
    Seq(_, node) {
      name(node.anchor, '&', node.range);
      if (node.flow && node.range) inside.push([node.range[0], node.range[1]]);
    },
  });
  // go-yaml reads it (./goyaml.ts): what follows only says where and why when it does not.
  if (goAccepts) return undefined;
  if (badName !== undefined) {
    const n = /^[&*][^ \t\r\n,[\]{}]*/.exec(text.slice(badName))![0];
    return { message: `${clip(n)}: kubectl refuses the file ("did not find expected alphabetic or numeric character"): an anchor or alias name is letters, digits, _ and - only`, offset: badName, hint: 'rename the anchor (and its aliases) with letters, digits, _ and -' };
  }
  if (escape !== undefined) {
    return { message: `"${text.slice(escape, escape + 2)}" is an escape kubectl does not know (it refuses the file: "found unknown escape character")`, offset: escape, hint: text[escape + 1] === '/' ? 'write / without the backslash' : 'remove the backslash, or use single quotes' };
  }
  const tab = tabLine(text, end, inside, (lineStart, tabColumn) => {
    // The last scalar before the line, with only blank lines between: a plain one reads past them.
    let last = -1;
    for (const e of ends) if (e <= lineStart && e > last) last = e;
    const plain = plains.find((p) => p.end === last);
    if (!plain || text.slice(last, lineStart).trim() !== '') return true;
    return tabColumn < plain.indent;
  });
  if (blockJunk !== undefined && (tab === undefined || blockJunk < tab.offset) && (blockTab === undefined || blockJunk < blockTab)) {
    return { message: `${charName(text[blockJunk]!)} after a block scalar's | or >: kubectl refuses the file ("did not find expected comment or line break")`, offset: blockJunk, hint: 'start the text on the next line, indented (only + or -, a digit and a comment may follow | or >)' };
  }
  if (blockTab !== undefined && (tab === undefined || blockTab < tab.offset)) {
    return { message: 'a tab where a block scalar (| or >) is indented: kubectl refuses the file ("found a tab character where an indentation space is expected")', offset: blockTab, hint: 'indent the block with spaces only' };
  }
  return tab;
}

/**
 * Where go-yaml's next token after `from` (the end of a node) starts: blanks and a comment on
 * that line, then blank and comment lines, are skipped; at a line's start only spaces are.
 */
function nextToken(text: string, from: number): number {
  let i = from;
  let lineStart = false;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || (c === '\t' && !lineStart) || c === '\r') i++;
    else if (c === '\n') {
      i++;
      lineStart = true;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else break;
  }
  return i;
}

/** The first line with a tab before its text (outside `inside`) that `refuses(lineStart, column)` says go-yaml refuses. */
function tabLine(text: string, end: number, inside: readonly [number, number][], refuses: (lineStart: number, column: number) => boolean = () => true): { message: string; offset: number; hint: string } | undefined {
  for (let ls = 0; ls < end; ) {
    const nl = text.indexOf('\n', ls);
    const le = nl < 0 ? text.length : nl;
    const lead = /^ *\t/.exec(text.slice(ls, le));
    if (lead) {
      const tab = ls + lead[0].length - 1;
      if (!inside.some(([a, b]) => tab > a && tab < b) && refuses(ls, tab - ls)) {
        return { message: 'a tab before the text of a line: kubectl refuses the file ("found character that cannot start any token"), even on a blank or comment line', offset: tab, hint: 'replace the tab with spaces, or delete it' };
      }
    }
    if (nl < 0) break;
    ls = nl + 1;
  }
  return undefined;
}

/**
 * The first `max` findings, then one that counts the rest ("and 57 more …",
 * its `leftOut` the exact number), at the first one left out. An entry that
 * already counts findings left out (a file's own cap) counts as that many.
 * Used per file here and, once, per check in grade.ts.
 */
export function capFindings(findings: Finding[], max: number, what: string): Finding[] {
  if (findings.length <= max) return findings;
  const rest = countFindings(findings.slice(max));
  const first = findings[max]!;
  const more: Finding = { message: `(and ${rest} more ${what}, not listed)`, leftOut: rest };
  if (first.location) more.location = first.location;
  findings.length = max;
  findings.push(more);
  return findings;
}

/** The plain value of a document into `out`: an object, an ignored document, or nothing (an empty one). */
function addDocument(out: ParseResult, file: string, index: number, value: unknown, startLine: number, object: (rec: Record<string, unknown>) => KObject): void {
  if (value === null || value === undefined) return; // an empty document (`---` alone, comments only)
  out.documents.push(value);
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.ignored.push({ file, document: index, line: startLine, reason: 'not a mapping' });
    return;
  }
  const rec = value as Record<string, unknown>;
  if (!Object.hasOwn(rec, 'apiVersion') && !Object.hasOwn(rec, 'kind')) {
    out.ignored.push({ file, document: index, line: startLine, reason: 'has neither apiVersion nor kind: not a Kubernetes object' });
    return;
  }
  out.objects.push(object(rec));
}

function duplicateFinding(dup: { key: string; offset: number }, loc: (offset: number) => Location): Finding {
  return {
    message: `duplicate key "${clip(dup.key)}": the API server rejects it (here the last value counts)`,
    location: loc(dup.offset),
    hint: `keep one "${clip(dup.key)}:" and delete the other`,
  };
}

/** The same result from the fast path's documents (src/parse/fast.ts). */
function fromFast(src: SourceFile, docs: ReturnType<typeof fastParse> & {}): ParseResult {
  const out: ParseResult = { objects: [], ignored: [], findings: [], documents: [] };
  const loc = lineLocator(src.path, src.text);
  if (docs.every((d) => d.root === undefined)) {
    out.ignored.push({ file: src.path, document: 0, line: 1, reason: 'empty file' });
    return out;
  }
  docs.forEach((doc, index) => {
    for (const dup of doc.duplicates) out.findings.push(duplicateFinding(dup, loc));
    if (doc.root === undefined) return;
    addDocument(out, src.path, index, doc.value, loc(doc.at).line, (rec) => makeObject(src.path, index, rec, (path) => walkFast(doc.root, path), loc));
  });
  out.findings = capFindings(out.findings, MAX_FINDINGS_PER_FILE, 'YAML problems in this file');
  return out;
}

/** The documents of a file kubectl reads as JSON: JSON.parse's values, their offsets as `yaml` finds them in the value's text. */
function fromJson(src: SourceFile, json: { values: JsonValue[]; error?: { offset: number; message: string } }): ParseResult {
  const out: ParseResult = { objects: [], ignored: [], findings: [], documents: [] };
  const loc = lineLocator(src.path, src.text);
  json.values.forEach((v, index) => {
    if (index >= MAX_DOCUMENTS) return;
    addDocument(out, src.path, index, v.value, loc(v.start).line, (rec) => {
      const doc = parseDocument(src.text.slice(v.start, v.end), { version: '1.1', schema: 'failsafe', uniqueKeys: false, logLevel: 'silent' });
      const root = doc.errors.length === 0 ? positions(doc) : undefined;
      return makeObject(src.path, index, rec, (path) => shiftOffsets(root === undefined ? { node: 0, key: undefined, missing: path.length } : walkFast(root, path), v.start), loc);
    });
  });
  if (json.error) {
    out.findings.push({
      message: `starts with "{", so kubectl reads it as JSON, and it is not JSON from here: ${json.error.message} (kubectl refuses the file)`,
      location: loc(json.error.offset),
      hint: 'quote every key and string ("name": "web"), or write the file as YAML that does not start with "{"',
    });
  } else if (out.documents.length === 0) out.ignored.push({ file: src.path, document: 0, line: 1, reason: 'empty file' });
  return out;
}

/** offset → file, line, column, as yaml's LineCounter gives them (line starts found on the first call). */
function lineLocator(file: string, text: string): (offset: number) => Location {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/**
 * Scalars for the fast path: resolveScalar(), the full path's own ruling (as
 * sigs.k8s.io/yaml reads them). What the full path would refuse (a value JSON
 * cannot carry, a key the API server rejects): not sure, the full path reads
 * the file and says why.
 */
const READER: ScalarReader = {
  value(source, plain) {
    const r = resolveScalar(source, undefined, plain);
    if (!r.ok || (typeof r.value === 'number' && !Number.isFinite(r.value))) return undefined;
    return { value: r.value };
  },
  key(source, plain) {
    const r = resolveScalar(source, undefined, plain);
    return r.ok ? jsonKey(r) : undefined;
  },
};

/**
 * `parseAllDocuments`, one document at a time, within bounds: at most
 * MAX_DOCUMENTS documents, and a document nested deeper than MAX_DEPTH is a
 * finding and never composed (the `yaml` package composes recursively, and
 * how deep it gets before its stack runs out depends on the thread).
 */
function composeBounded(text: string, index: number, findings: Finding[], loc: (offset: number) => Location): { docs: { doc: Document.Parsed; index: number }[]; streamErrors: YAMLError[]; stoppedAt?: number } {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({
    version: '1.1',
    // Every scalar stays text here; resolveScalar() reads it as the API server does.
    schema: 'failsafe',
    merge: false,
    uniqueKeys: false,
    strict: true,
    // yaml's own warnings (a collection used as a key, an unknown tag, …) would go to process.emitWarning,
    // that is to the student's terminal; what matters in them is a finding of its own.
    logLevel: 'error',
  });
  const docs: { doc: Document.Parsed; index: number }[] = [];
  let seen = 0;
  let skipping = false;
  let errors = 0;
  let stoppedAt: number | undefined;
  const take = (d: Iterable<Document.Parsed>) => {
    for (const doc of d) if (docs.length === 0) docs.push({ doc, index });
  };
  let deepAt: number | undefined;
  let manyAt: number | undefined;
  const stop = (offset: number, why: 'deep' | 'many') => (why === 'deep' ? (deepAt = offset) : (manyAt = offset));
  for (const token of boundedTokens(parser, text, lineCounter, stop)) {
    if (token.type === 'document') {
      // go-yaml reads the piece's first document only (what follows a `...` is never read)
      if (seen++ > 0) break;
      const scan = scanDocument(token);
      if (scan.deep !== undefined || scan.aliases !== undefined) {
        findings.push(
          scan.deep !== undefined
            ? { message: `document ${index + 1} nests more than ${MAX_DEPTH} levels deep; not read`, location: loc(scan.deep), hint: DEEP_HINT }
            : { message: `document ${index + 1} cannot be expanded: it uses more than ${MAX_ALIAS_COUNT} aliases`, location: loc(scan.aliases!), hint: ALIAS_HINT },
        );
        skipping = true;
        continue;
      }
    } else if (skipping && token.type === 'doc-end') break;
    else if (token.type === 'error' && ++errors > MAX_FINDINGS_PER_FILE) {
      // A stream of syntax errors: the first ones are reported, the rest of the file is not read.
      stoppedAt = token.offset;
      break;
    }
    if (skipping) continue;
    take(composer.next(token));
    if (token.type === 'doc-end') break;
  }
  if (manyAt !== undefined) {
    findings.push({
      message: `document ${seen + 1} is past ${MAX_COLLECTIONS.toLocaleString('en-US')} list items and [ ] or { } collections in this file; not read (nor the rest of the file)`,
      location: loc(manyAt),
      hint: 'a Kubernetes manifest has a few dozen: look for a runaway list, or split the data out of the manifest',
    });
  }
  if (deepAt !== undefined) {
    // Flow collections nested past the bound: the document is not composed, nor the rest of the file.
    findings.push({ message: `document ${index + 1} nests more than ${MAX_DEPTH} levels deep; not read (nor the rest of the file)`, location: loc(deepAt), hint: DEEP_HINT });
  }
  take(composer.end(false, text.length));
  // Errors outside any document (a stray `]` before the first one) stay with the composer.
  return { docs, streamErrors: composer.streamInfo().errors, stoppedAt };
}

/**
 * The `yaml` parser's tokens for `text` (what `parser.parse(text)` gives), lexed here so that
 * flow collections nested deeper than MAX_DEPTH stop the file before the parser builds them: a
 * 250 KiB line of `[` is 125,000 nested syntax-tree nodes, hundreds of MB, before scanDocument()
 * could refuse it. Flow depth is a lower bound of a document's depth, so what is stopped here is
 * what scanDocument() would refuse. So do more than MAX_COLLECTIONS list items and flow collections
 * in the file. `stop` is told the offset of the lexeme past the bound and why, and nothing more is yielded.
 */
function* boundedTokens(parser: Parser, text: string, lineCounter: LineCounter, stop: (offset: number, why: 'deep' | 'many') => void): Generator<CstToken> {
  lineCounter.addNewLine(0);
  let flow = 0;
  let collections = 0;
  let offset = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    // The offset of this lexeme in the text, as the parser counts it: the markers are not text.
    let isText = true;
    if (scalarNext) scalarNext = false; // a scalar's text, whatever it holds
    else if (lexeme === CST.SCALAR) [scalarNext, isText] = [true, false];
    else if (lexeme === CST.FLOW_END || lexeme === CST.DOCUMENT) [flow, isText] = [0, false];
    else if (lexeme === '[' || lexeme === '{') {
      if (++flow > MAX_DEPTH) {
        stop(offset, 'deep');
        return;
      }
      if (++collections > MAX_COLLECTIONS) {
        stop(offset, 'many');
        return;
      }
    } else if (lexeme === '-' && ++collections > MAX_COLLECTIONS) {
      stop(offset, 'many');
      return;
    } else if (lexeme === ']' || lexeme === '}') flow = Math.max(0, flow - 1);
    if (isText) offset += lexeme.length;
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

/**
 * `k:\n  !t &a : v`: the tag and anchor are the empty key's to go-yaml (the key of "" for any tag it
 * reads as text, the same anchor for an alias); the `yaml` package's parser leaves them after the
 * value indicator of `k`, the nested map's. Moved to the empty key, as `!t &a : v` at the root has them.
 */
function propsToEmptyKey(item: CST.BlockMap['items'][number]): void {
  const map = item.value;
  if (!item.sep || map?.type !== 'block-map') return;
  const first = map.items[0];
  if (!first || first.start.length > 0 || first.key) return;
  let at = item.sep.length;
  while (at > 0 && (item.sep[at - 1]!.type === 'space' || item.sep[at - 1]!.type === 'tag' || item.sep[at - 1]!.type === 'anchor')) at--;
  while (at < item.sep.length && item.sep[at]!.type === 'space') at++;
  if (at === item.sep.length || item.sep[at - 1]?.type !== 'space' || !item.sep.slice(0, at).some((t) => t.type === 'newline')) return;
  first.start.push(...item.sep.splice(at));
}

/**
 * What a syntax-tree document holds, without recursion: the offset of the
 * first collection nested deeper than MAX_DEPTH, and of the alias that makes
 * more than MAX_ALIAS_COUNT (each one is at least one expansion, so such a
 * document is refused before the `yaml` package composes it, which is slow).
 */
function scanDocument(doc: CstToken): { deep?: number; aliases?: number } {
  const stack: [CstToken, number][] = [[doc, 0]];
  let aliases = 0;
  while (stack.length > 0) {
    const [tok, depth] = stack.pop()!;
    if (tok.type === 'alias' && ++aliases > MAX_ALIAS_COUNT) return { aliases: tok.offset };
    const items = (tok as { items?: { key?: CstToken | null; value?: CstToken }[] }).items;
    const value = (tok as { value?: CstToken }).value;
    if (Array.isArray(items)) {
      if (depth + 1 > MAX_DEPTH) return { deep: tok.offset };
      for (let i = items.length - 1; i >= 0; i--) {
        const it = items[i]!;
        if (tok.type === 'block-map') propsToEmptyKey(it as CST.BlockMap['items'][number]);
        if (it.value) stack.push([it.value, depth + 1]);
        if (it.key) stack.push([it.key, depth + 1]);
      }
    } else if (value && typeof value === 'object') stack.push([value, depth]);
  }
  return {};
}

/**
 * yaml 2.x reads `process.env.LOG_TOKENS` once per token, and every read of
 * process.env goes through Node's C++ environment: a sixth of the time
 * grading a submission takes (bench/run.js). yaml 3 reads it once, at load.
 * Until then the parse runs with process.env replaced by a plain object that
 * holds the two variables yaml reads, and put back right after. The parse is
 * synchronous, so no other code ever sees the stand-in.
 */
function withPlainEnv<T>(parse: () => T): T {
  const real = Object.getOwnPropertyDescriptor(process, 'env');
  if (!real?.configurable) return withoutStacks(parse);
  const env = process.env;
  Object.defineProperty(process, 'env', { ...real, value: { LOG_TOKENS: env.LOG_TOKENS, LOG_STREAM: env.LOG_STREAM } });
  try {
    return withoutStacks(parse);
  } finally {
    Object.defineProperty(process, 'env', real);
  }
}

/**
 * Runs `parse` with no stack traces captured: every YAML error the `yaml` package makes is an
 * Error, and a file of 28,000 tab-indented lines made 28,000 stack traces (a quarter of the time
 * of such a file, and tens of MB). Only their messages and offsets are read.
 */
function withoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Where a path points: the node's offset, the offset of the key of the deepest pair reached, and how many segments were missing. */
type Offsets = { node: number | undefined; key: number | undefined; missing: number };

function makeObject(
  file: string,
  document: number,
  value: Record<string, unknown>,
  offsets: (path: Path) => Offsets,
  loc: (offset: number) => Location,
): KObject {
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
  const meta = value.metadata;
  const name = meta && typeof meta === 'object' && !Array.isArray(meta) ? str((meta as Record<string, unknown>).name) : undefined;
  return {
    id: `${file}#${document}`,
    file,
    document,
    kind: str(value.kind),
    apiVersion: str(value.apiVersion),
    name,
    value,
    at(path) {
      const r = offsets(path);
      if (r.missing === 0) return loc(r.node ?? 0);
      return loc(r.key ?? r.node ?? 0);
    },
    keyAt(path) {
      const r = offsets(path);
      return loc(r.key ?? r.node ?? 0);
    },
    has(path) {
      return offsets(path).missing === 0;
    },
  };
}

/** Each document's aliases and the node each names, found in one pass over it. */
const aliasTargets = new WeakMap<object, Map<Alias, Node>>();

/**
 * The node an alias names: the last node before it with that anchor, as `Alias.resolve` finds it. That one walks
 * the whole document for each alias (372 documents of 99 aliases each in a file were 3.4 s of it); this walks it once.
 */
function resolveAlias(doc: Document.Parsed, alias: Alias): Node | undefined {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const found = new Map<Alias, Node>();
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          const t = anchors.get(node.source);
          if (t) found.set(node, t);
        } else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
    aliasTargets.set(doc, (targets = found));
  }
  return targets.get(alias);
}

/** A document's offsets by path. (Its own function: a closure made in parseFile's loop would keep the document alive.) */
function offsetsIn(doc: Document.Parsed): (path: Path) => Offsets {
  const root = positions(doc);
  return (path) => walkFast(root, path);
}

/**
 * The offsets of a document's nodes, as the fast path keeps them (PosNode): what KObject.at() walks, the
 * last duplicate key winning, an alias as the node it names at the alias's own offset, a `[a: 1]` item
 * as its value. Only converted documents come here (no cycle, at most MAX_DEPTH deep).
 */
function positions(doc: Document.Parsed): PosNode | undefined {
  const done = new Map<Node, PosNode | undefined>();
  const pos = (node: Node | null | undefined): PosNode | undefined => {
    if (node === null || node === undefined) return undefined;
    if (done.has(node)) return done.get(node);
    let out: PosNode | undefined;
    const at = node.range?.[0];
    if (isAlias(node)) {
      const t = pos(resolveAlias(doc, node));
      out = t === undefined || typeof t === 'number' || at === undefined ? at : { ...t, at };
    } else if (isMap(node)) {
      const m: PosMap = { at: at ?? 0, keys: [], keyAt: [], values: [] };
      for (const pair of node.items) {
        const k = keyOf(pair.key);
        if (k === undefined) continue;
        m.keys.push(k);
        m.keyAt.push((pair.key as Node).range?.[0] ?? 0);
        m.values.push((pair.value ? pos(pair.value as Node) : pos(pair.key as Node)) as PosNode);
      }
      out = m;
    } else if (isSeq(node)) {
      out = { at: at ?? 0, items: node.items.map((item) => (isPair(item) ? pos(item.value as Node | null) : pos(item as Node)) as PosNode) };
    } else out = at;
    done.set(node, out);
    return out;
  };
  return pos(doc.contents as Node | null);
}

/** A scalar key as the API server's JSON has it (`y:` is "true"), or undefined for any other key. */
function keyOf(k: unknown): string | undefined {
  if (!isScalar(k)) return undefined;
  const r = decodeKey(k);
  return r.ok ? jsonKey(r) : undefined;
}

/** A scalar key's value as go-yaml decodes it (its tag as go-yaml resolves it). */
function decodeKey(k: Scalar): ReturnType<typeof resolveScalar> {
  return resolveScalar(String(k.value ?? ''), goTagOf(k.tag), k.type === 'PLAIN' || k.type === undefined);
}

/** Why a document cannot become the JSON the API server would receive. */
class Unreadable extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint?: string,
    /** Only JSON cannot carry it (NaN, an infinity): sigs.k8s.io/yaml finds it in the value go-yaml built, so a later duplicate key hides it. */
    readonly inJson = false,
    /** Of a map whose values JSON cannot carry only under some keys: the rest of it, and those keys (a merge key takes them one by one). */
    readonly entries?: { map: Converted; hidden: ReadonlyMap<string, Unreadable> },
  ) {
    super(message);
  }
}

interface Converted {
  value: unknown;
  /** Levels of maps and sequences, this one included (aliases expanded). */
  height: number;
  /** Nodes once expanded. */
  size: number;
  /** Alias expansions inside, counted as in the expanded tree. */
  aliases: number;
  kind: 'map' | 'seq' | 'scalar';
}

const ALIAS_HINT = 'expand the aliases (*name) by hand; Kubernetes manifests rarely need them';

/**
 * A document as plain data, the way sigs.k8s.io/yaml hands it to the API
 * server: scalars by resolveScalar(), keys as JSON keys, `<<` merge keys as
 * go-yaml v2 merges them, aliases expanded. Bounded: an alias used inside the
 * node it names (a cycle), nesting deeper than MAX_DEPTH, or aliases that
 * expand beyond MAX_ALIAS_COUNT / MAX_ALIAS_NODES make it unreadable, with the
 * node at fault. The recursion never goes deeper than MAX_DEPTH + 1: the
 * syntax tree was checked (scanDocument) and expanded aliases are checked by height.
 */
function toPlain(doc: Document.Parsed, loc: (offset: number) => Location): { value: unknown; duplicates: { key: string; offset: number }[] } | { error: Unreadable; duplicates: { key: string; offset: number }[] } {
  const duplicates: { key: string; offset: number }[] = [];
  const done = new Map<Node, Converted>();
  /** Nodes JSON cannot carry, once found: go-yaml reads on past them (a value it cannot decode later still refuses the file), each read once. */
  const unjson = new Map<Node, Unreadable>();
  const inside = new Set<Node>();
  let aliases = 0;
  let added = 0;
  const at = (n: Node | null | undefined) => n?.range?.[0] ?? 0;

  const convert = (node: Node | null, depth: number): Converted => {
    if (node === null || node === undefined) return { value: null, height: 0, size: 1, aliases: 0, kind: 'scalar' };
    if (isAlias(node)) {
      const target = resolveAlias(doc, node);
      if (!target) throw new Unreadable(`cannot be read: the alias *${node.source} names no anchor before it`, at(node), `define &${node.source} before using *${node.source}`);
      if (inside.has(target)) {
        const l = loc(at(target));
        throw new Unreadable(`cannot be read: the alias *${node.source} is inside the node it names (&${node.source}, line ${l.line}), which would make it infinitely deep`, at(node), ALIAS_HINT);
      }
      const t = done.get(target) ?? convert(target, depth);
      if (depth + t.height > MAX_DEPTH) throw new Unreadable(`nests more than ${MAX_DEPTH} levels deep once its aliases are expanded; not read`, at(node), ALIAS_HINT);
      aliases += 1 + t.aliases;
      added += t.size;
      if (aliases > MAX_ALIAS_COUNT || added > MAX_ALIAS_NODES) {
        throw new Unreadable(`cannot be expanded: its aliases expand to more than ${aliases > MAX_ALIAS_COUNT ? `${MAX_ALIAS_COUNT} copies` : `${MAX_ALIAS_NODES} nodes`} (an alias bomb?)`, at(node), ALIAS_HINT);
      }
      return { ...t, aliases: 1 + t.aliases };
    }
    const cached = done.get(node);
    if (cached) return cached;
    const failed = unjson.get(node);
    if (failed) throw failed;
    if ((isMap(node) || isSeq(node)) && depth + 1 > MAX_DEPTH) throw new Unreadable(`nests more than ${MAX_DEPTH} levels deep; not read`, at(node), 'a Kubernetes manifest nests about 10 levels');
    let r: Converted;
    if (isScalar(node)) {
      const res = resolveScalar(String(node.value ?? ''), goTagOf(node.tag), node.type === 'PLAIN' || node.type === undefined);
      if (!res.ok) throw new Unreadable(`cannot be read: ${res.message} (the API server rejects it)`, at(node));
      if (typeof res.value === 'number' && !Number.isFinite(res.value)) {
        throw new Unreadable(`cannot be read: ${clip(String(node.value))} is ${Number.isNaN(res.value) ? 'not a number' : 'infinite'}, which JSON cannot carry (kubectl and the API server reject the file)`, at(node), 'write a number, or quote it to make it a string', true);
      }
      r = { value: res.value, height: 0, size: 1, aliases: 0, kind: 'scalar' };
    } else if (isMap(node) || isSeq(node)) {
      inside.add(node);
      try {
        r = isMap(node) ? convertMap(node, depth) : convertSeq(node, depth);
      } catch (err) {
        if (err instanceof Unreadable && err.inJson) unjson.set(node, err);
        throw err;
      } finally {
        inside.delete(node);
      }
    } else {
      r = { value: null, height: 0, size: 1, aliases: 0, kind: 'scalar' };
    }
    done.set(node, r);
    return r;
  };

  const convertSeq = (node: Node & { items: unknown[] }, depth: number): Converted => {
    const value: unknown[] = [];
    let height = 0;
    let size = 1;
    let n = 0;
    let unreadable: Unreadable | undefined;
    for (const item of node.items) {
      let c: Converted;
      try {
        // `[a: 1]`: a pair in a flow sequence is a one-key map.
        c = isPair(item) ? convertMap({ items: [item], range: (item.key as Node | null)?.range } as unknown as Node & { items: unknown[] }, depth + 1) : convert(item as Node | null, depth + 1);
      } catch (err) {
        if (!(err instanceof Unreadable && err.inJson)) throw err;
        unreadable ??= err;
        continue;
      }
      value.push(c.value);
      height = Math.max(height, c.height);
      size += c.size;
      n += c.aliases;
    }
    if (unreadable) throw new Unreadable(unreadable.message, unreadable.offset, unreadable.hint, true);
    return { value, height: height + 1, size, aliases: n, kind: 'seq' };
  };

  const convertMap = (node: Node & { items: unknown[] }, depth: number): Converted => {
    const value: Record<string, unknown> = {};
    const seen = new Set<string>();
    /** Values JSON cannot carry, by key, until a later duplicate of the key replaces them. */
    const hidden = new Map<string, Unreadable>();
    /** The first key JSON cannot carry (null, a timestamp): the map is no JSON, whatever follows. */
    let badKey: Unreadable | undefined;
    let height = 0;
    let size = 1;
    let n = 0;
    const add = (c: Converted) => {
      height = Math.max(height, c.height);
      size += c.size;
      n += c.aliases;
    };
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const v = pair.value as Node | null;
      if (isScalar(k) && isMergeKey(k.value, goTagOf(k.tag), k.type === 'PLAIN')) {
        // A merge key (go-yaml v2): a map, or a sequence of maps where earlier ones win; later keys override.
        const sources = isSeq(v) ? [...v.items].reverse() : [v];
        for (const s of sources) {
          let c: Converted;
          let unreadable: ReadonlyMap<string, Unreadable> | undefined;
          try {
            c = convert(s as Node | null, depth + 1);
          } catch (err) {
            if (!(err instanceof Unreadable && err.entries)) throw err;
            ({ map: c, hidden: unreadable } = err.entries);
          }
          if (c.kind !== 'map') throw new Unreadable('cannot be read: a merge key (<<) needs a map or a list of maps', at(s as Node | null) || at(v) || at(k), 'write the keys out, or merge an anchored map: <<: *name');
          add(c);
          for (const [mk, mv] of Object.entries(c.value as Record<string, unknown>)) {
            setKey(value, mk, mv);
            hidden.delete(mk);
          }
          for (const [mk, e] of unreadable ?? []) {
            delete value[mk];
            hidden.set(mk, e);
          }
        }
        continue;
      }
      let key: string | undefined;
      if (isScalar(k) || isAlias(k) || k === null) {
        // A scalar key is text to the JSON (`.nan:` is ".nan", so is `*a` naming it): only an alias of a collection is converted.
        const kc: Converted = isAlias(k) && !isScalar(resolveAlias(doc, k)) ? convert(k, depth + 1) : { value: null, height: 0, size: 1, aliases: 0, kind: 'scalar' };
        if (kc.kind !== 'scalar') throw new Unreadable('cannot be read: a map or a list is used as a key, which the API server rejects', at(k), 'a key is a plain word: check the indentation and the colons');
        const raw = isScalar(k) ? k : isAlias(k) ? resolveAlias(doc, k) : undefined;
        const decoded = isScalar(raw) ? decodeKey(raw) : undefined;
        if (decoded && !decoded.ok) throw new Unreadable(`cannot be read: ${decoded.message} (the API server rejects it)`, at(k));
        key = decoded ? jsonKey(decoded) : undefined;
        if (key === undefined) {
          // go-yaml builds the map; only its JSON has no room for the key (a map a later duplicate replaces is never made JSON)
          badKey ??= new Unreadable(`cannot be read: the key ${isScalar(raw) ? `"${clip(String(raw.value))}"` : '(empty)'} is ${isScalar(raw) && raw.value !== '' && raw.value !== null ? 'not a string, number or boolean' : 'null'}, which the API server rejects`, at(k) || at(v), 'give every value a key: key: value', true);
          try {
            convert(v, depth + 1);
          } catch (err) {
            if (!(err instanceof Unreadable && err.inJson)) throw err;
          }
          continue;
        }
        add(kc);
      } else {
        throw new Unreadable('cannot be read: a map or a list is used as a key, which the API server rejects', at(k), 'a key is a plain word: check the indentation and the colons');
      }
      if (seen.has(key)) duplicates.push({ key: isScalar(k) ? String(k.value) : key, offset: at(k) });
      seen.add(key);
      hidden.delete(key);
      let c: Converted;
      try {
        c = convert(v, depth + 1);
      } catch (err) {
        if (!(err instanceof Unreadable && err.inJson)) throw err;
        hidden.set(key, err);
        continue;
      }
      add(c);
      setKey(value, key, c.value);
    }
    if (badKey) throw badKey;
    const map: Converted = { value, height: height + 1, size, aliases: n, kind: 'map' };
    const [unhidden] = hidden.values();
    if (unhidden) throw new Unreadable(unhidden.message, unhidden.offset, unhidden.hint, true, { map, hidden });
    return map;
  };

  try {
    return { value: convert(doc.contents as Node | null, 0).value, duplicates };
  } catch (err) {
    if (err instanceof Unreadable) return { error: err, duplicates };
    throw err;
  }
}

/** obj[key] = value, `__proto__` included as a key of its own (never the prototype). */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.trim();
}
