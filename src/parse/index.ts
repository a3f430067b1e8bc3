/**
 * Stage 2: parse every discovered file into YAML documents that remember where
 * each node came from. Scalars are read with YAML 1.1 rules, as the API server
 * reads them (`yes`/`on` are booleans there); duplicate keys are findings but
 * the last value counts, as most loaders do.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Schema, type Document, type Node } from 'yaml';
import type { Finding, Location } from '../types.js';
import type { SourceFile } from '../discover/index.js';
import { explainYamlErrors } from './explain.js';
import { fastParse, walkFast, type ScalarReader } from './fast.js';

/** A path into a parsed value: map keys and sequence indexes. */
export type Path = readonly (string | number)[];

/** A Kubernetes-looking object (it has `apiVersion` or `kind`) with its positions. */
export interface KObject {
  /** `file#index`, stable and unique within a submission. */
  id: string;
  file: string;
  /** 0-based document index in the file. */
  document: number;
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
}

/** Upper bound on alias expansions per document (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;

export interface ParseOptions {
  /** false: always the `yaml` package (the fast path's tests compare the two). Default true. */
  fast?: boolean;
}

export function parseFile(src: SourceFile, options: ParseOptions = {}): ParseResult {
  if (options.fast !== false) {
    const docs = fastParse(src.text, READER);
    if (docs) return fromFast(src, docs);
  }
  const out: ParseResult = { objects: [], ignored: [], findings: [] };
  const lineCounter = new LineCounter();
  const loc = (offset: number): Location => {
    const p = lineCounter.linePos(offset);
    return { file: src.path, line: p.line, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    docs = withPlainEnv(
      () =>
        parseAllDocuments(src.text, {
          version: '1.1',
          uniqueKeys: false,
          lineCounter,
          prettyErrors: false,
          keepSourceTokens: false,
          strict: true,
          // yaml's own warnings (a collection used as a key, …) would go to process.emitWarning, that is
          // to the student's terminal; what matters in them is a finding of the schema stage.
          logLevel: 'error',
        }) as Document.Parsed[],
    );
  } catch (err) {
    out.findings.push({ message: `cannot be read as YAML: ${oneLine(err)}`, location: { file: src.path, line: 1, column: 1 } });
    return out;
  }
  // parseAllDocuments returns an EmptyStream (an array with no documents) for an empty file.
  if (docs.every((d) => d.errors.length === 0 && (d.contents === null || (isScalar(d.contents) && d.contents.value === null)))) {
    out.ignored.push({ file: src.path, document: 0, line: 1, reason: 'empty file' });
    return out;
  }
  docs.forEach((doc, index) => {
    const startLine = doc.contents ? loc(doc.contents.range[0]).line : loc(doc.range[0]).line;
    if (doc.errors.length > 0) {
      for (const f of explainYamlErrors(src.text, doc.errors, loc)) out.findings.push(f);
      return;
    }
    for (const dup of duplicateKeys(doc.contents)) out.findings.push(duplicateFinding(dup, loc));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      out.findings.push({
        message: `document ${index + 1} cannot be expanded: ${oneLine(err)}`,
        location: { file: src.path, line: startLine, column: 1 },
        hint: 'expand the aliases (*name) by hand; Kubernetes manifests rarely need them',
      });
      return;
    }
    addDocument(out, src.path, index, value, startLine, (rec) => makeObject(src.path, index, rec, (path) => offsetsAt(doc.contents, path), loc));
  });
  return out;
}

/** The plain value of a document into `out`: an object, an ignored document, or nothing (an empty one). */
function addDocument(out: ParseResult, file: string, index: number, value: unknown, startLine: number, object: (rec: Record<string, unknown>) => KObject): void {
  if (value === null || value === undefined) return; // an empty document (`---` alone, comments only)
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.ignored.push({ file, document: index, line: startLine, reason: 'not a mapping' });
    return;
  }
  const rec = value as Record<string, unknown>;
  if (!('apiVersion' in rec) && !('kind' in rec)) {
    out.ignored.push({ file, document: index, line: startLine, reason: 'has neither apiVersion nor kind: not a Kubernetes object' });
    return;
  }
  out.objects.push(object(rec));
}

function duplicateFinding(dup: { key: string; offset: number }, loc: (offset: number) => Location): Finding {
  return {
    message: `duplicate key "${dup.key}": the API server rejects it (here the last value counts)`,
    location: loc(dup.offset),
    hint: `keep one "${dup.key}:" and delete the other`,
  };
}

/** The same result from the fast path's documents (src/parse/fast.ts). */
function fromFast(src: SourceFile, docs: ReturnType<typeof fastParse> & {}): ParseResult {
  const out: ParseResult = { objects: [], ignored: [], findings: [] };
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
 * Scalars as the yaml package's YAML 1.1 schema reads them (the full path's
 * parseAllDocuments options), for the fast path: the first default tag whose
 * test matches, as yaml's composer picks it. A timestamp, a big integer or a
 * resolver's complaint: not sure, the full path reads the file.
 */
const SCHEMA_1_1 = new Schema({ schema: 'yaml-1.1' });
/** First characters of the plain scalars some YAML 1.1 tag other than str reads (null, bool, numbers, `<<`): the rest are strings. */
const MAYBE_TAGGED = /^(?:$|[~nNyYtTfFoO0-9+\-.<])/;
const READER: ScalarReader = {
  value(source, plain) {
    if (!plain || !MAYBE_TAGGED.test(source)) return { value: source };
    for (const tag of SCHEMA_1_1.tags) {
      if (tag.default !== true || !tag.test?.test(source)) continue;
      let bad = false;
      const v = tag.resolve(source, () => (bad = true), {}) as unknown;
      if (bad || !(v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) return undefined;
      return { value: v };
    }
    return { value: source };
  },
  key(source, plain) {
    const r = this.value(source, plain);
    return r && typeof r.value === 'string' ? r.value : undefined;
  },
};

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
  if (!real?.configurable) return parse();
  const env = process.env;
  Object.defineProperty(process, 'env', { ...real, value: { LOG_TOKENS: env.LOG_TOKENS, LOG_STREAM: env.LOG_STREAM } });
  try {
    return parse();
  } finally {
    Object.defineProperty(process, 'env', real);
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

function offsetsAt(root: Node | null, path: Path): Offsets {
  const r = walk(root, path);
  return { node: r.node?.range?.[0], key: r.key?.range?.[0], missing: r.missing };
}

interface Walked {
  /** The deepest node reached. */
  node: Node | null;
  /** The key node of the deepest pair reached (undefined at the root or in sequences). */
  key: Node | null;
  /** How many path segments could not be followed. */
  missing: number;
}

function walk(root: Node | null, path: Path): Walked {
  let node: Node | null = root;
  let key: Node | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      let found: { key: Node | null; value: Node | null } | undefined;
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (k === seg || (typeof k === 'number' && String(k) === seg) || (typeof k === 'boolean' && String(k) === seg)) {
          found = { key: pair.key as Node | null, value: pair.value as Node | null }; // the last duplicate wins
        }
      }
      if (!found) return { node, key, missing: path.length - i };
      key = found.key;
      node = found.value ?? found.key;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = null;
      node = node.items[seg] as Node | null;
      if (isPair(node)) node = (node.value as Node | null) ?? null;
    } else {
      return { node, key, missing: path.length - i };
    }
  }
  return { node, key, missing: 0 };
}

/** Every repeated key of every mapping, in document order (a plain recursion: a generator was a tenth of the parse stage). */
function duplicateKeys(node: unknown, out: { key: string; offset: number }[] = [], seen = new Set<unknown>()): { key: string; offset: number }[] {
  if (isMap(node)) {
    if (seen.has(node)) return out;
    seen.add(node);
    const keys = new Set<unknown>();
    for (const pair of node.items) {
      const scalar = isScalar(pair.key);
      const k = scalar ? (pair.key as { value: unknown }).value : pair.key;
      if (scalar && keys.has(k)) out.push({ key: String(k), offset: (pair.key as Node).range?.[0] ?? 0 });
      keys.add(k);
      duplicateKeys(pair.value, out, seen);
    }
  } else if (isSeq(node)) {
    if (seen.has(node)) return out;
    seen.add(node);
    for (const item of node.items) duplicateKeys(item, out, seen);
  }
  return out;
}

export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.trim();
}
