/**
 * The built-in kinds' strict schemas: a compact data file (generated/k8s-schemas.json, made by
 * scripts/gen-schemas.mjs from Kubernetes' own OpenAPI spec) and a small validator that walks it.
 * No ajv and no code generation at run time: the file is read on the first object that needs it
 * (≈90 KiB, one JSON.parse), and a kind's definitions are linked into schema nodes the first time an
 * object of that kind is validated (definitions shared by kinds, such as ObjectMeta or PodSpec, once);
 * kinds not used are never linked.
 *
 * Errors come out in ajv's vocabulary (keyword + params) so that one translator (index.ts) turns
 * them into student messages, for these schemas and for the custom-resource ones (--schema DIR).
 */
import { createRequire } from 'node:module';
import type { JsonSchema, SchemaError } from './generated-types.js';
import { isQuantity } from '../k8s/index.js';

/** A linked schema node: a JsonSchema (for the "did you mean" searches) plus a tag for the validator. */
export interface Node extends JsonSchema {
  t: number;
  properties?: Record<string, Node>;
  items?: Node;
  additionalProperties?: Node | boolean;
  /** For objects: the declared field names, checked with `has` (no prototype surprises). */
  keys?: Set<string>;
  enumSet?: Set<string>;
}

const T_STRING = 0;
const T_BOOL = 1;
const T_INT = 2;
const T_NUM = 3;
const T_QTY = 4;
const T_IOS = 5;
const T_ANY = 6;
const T_FREE = 7;
const T_ENUM = 8;
const T_ARRAY = 9;
const T_MAP = 10;
const T_OBJ = 11;
const T_BYTES = 12;
const T_TIME = 13;

type Compact = string | number | [string, ...unknown[]] | { p: Record<string, Compact>; r?: string[] };
interface Data {
  source: string;
  kinds: Record<string, Record<string, number>>;
  names: string[];
  defs: Compact[];
}

let data: Data | undefined;
function load(): Data {
  if (!data) {
    const require = createRequire(import.meta.url);
    data = require('./generated/k8s-schemas.json') as Data;
  }
  return data;
}

const linked = new Map<number, Node>();
const LEAVES: Record<string, () => Node> = {
  s: () => ({ t: T_STRING, type: 'string' }),
  b: () => ({ t: T_BOOL, type: 'boolean' }),
  i32: () => ({ t: T_INT, type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 }),
  i64: () => ({ t: T_INT, type: 'integer', minimum: -(2 ** 63), maximum: 2 ** 63 - 1 }),
  n: () => ({ t: T_NUM, type: 'number' }),
  q: () => ({ t: T_QTY, type: ['string', 'number'], pattern: 'quantity' }),
  ios: () => ({ t: T_IOS, type: ['integer', 'string'] }),
  any: () => ({ t: T_ANY }),
  byte: () => ({ t: T_BYTES, type: 'string', format: 'byte' }),
  time: () => ({ t: T_TIME, type: 'string', format: 'date-time' }),
  obj: () => ({ t: T_FREE, type: 'object' }),
};
const leafCache = new Map<string, Node>();

function link(c: Compact, d: Data): Node {
  if (typeof c === 'number') {
    let n = linked.get(c);
    if (n) return n;
    const def = d.defs[c]!;
    if (typeof def === 'object' && !Array.isArray(def)) {
      // Objects first into the cache, then filled: definitions may refer to themselves.
      n = { t: T_OBJ, type: 'object' };
      linked.set(c, n);
      fillObject(n, def, d);
      return n;
    }
    n = link(def, d);
    linked.set(c, n);
    return n;
  }
  if (typeof c === 'string') {
    let n = leafCache.get(c);
    if (!n) {
      const make = LEAVES[c];
      if (!make) throw new Error(`k8s-schemas.json: unknown node ${c}`);
      leafCache.set(c, (n = make()));
    }
    return n;
  }
  if (Array.isArray(c)) {
    const [tag, ...rest] = c;
    if (tag === 'e') {
      const values = rest as string[];
      return { t: T_ENUM, type: 'string', enum: values, enumSet: new Set(values) };
    }
    if (tag === 'a') return { t: T_ARRAY, type: 'array', items: link(rest[0] as Compact, d) };
    if (tag === 'm') return { t: T_MAP, type: 'object', additionalProperties: link(rest[0] as Compact, d) };
    throw new Error(`k8s-schemas.json: unknown node ${String(tag)}`);
  }
  const n: Node = { t: T_OBJ, type: 'object' };
  fillObject(n, c, d);
  return n;
}

function fillObject(n: Node, c: { p: Record<string, Compact>; r?: string[] }, d: Data): void {
  const properties: Record<string, Node> = Object.create(null) as Record<string, Node>;
  n.properties = properties;
  n.keys = new Set(Object.keys(c.p));
  n.additionalProperties = false;
  if (c.r) n.required = c.r;
  for (const k of Object.keys(c.p)) properties[k] = link(c.p[k]!, d);
}

/** `apiVersion` → kind → root node, for the kinds the spec serves (undefined: no built-in schema). */
export function builtinRoot(apiVersion: string, kind: string): Node | undefined {
  const d = load();
  const i = d.kinds[apiVersion]?.[kind];
  return i === undefined ? undefined : link(i, d);
}

/** Every apiVersion → kinds pair in the data file (the tests list them). */
export function builtinKinds(): Record<string, readonly string[]> {
  const d = load();
  return Object.fromEntries(Object.entries(d.kinds).map(([gv, ks]) => [gv, Object.keys(ks)]));
}

/** Go's base64.StdEncoding, as encoding/json decodes a []byte (line breaks are skipped). */
export function isBase64(s: string): boolean {
  const t = s.replace(/[\r\n]+/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t);
}
/** time.RFC3339 as metav1.Time parses it (fractional seconds allowed). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Validate `value` against `node`, appending errors in ajv's order (per object: required, unknown
 * fields, then the declared fields, both in the object's order). Values are what
 * the API server decodes: null fields were removed by the caller.
 */
export function validateNode(node: Node, value: unknown, errors: SchemaError[]): void {
  walk(node, value, [], errors);
}

function walk(n: Node, v: unknown, path: (string | number)[], errors: SchemaError[]): void {
  switch (n.t) {
    case T_STRING:
      if (typeof v !== 'string') typeError(path, 'string', errors);
      return;
    case T_ENUM:
      if (typeof v !== 'string') typeError(path, 'string', errors);
      else if (!n.enumSet!.has(v)) errors.push({ path: path.slice(), keyword: 'enum', params: { allowedValues: n.enum } });
      return;
    case T_BYTES:
      if (typeof v !== 'string') typeError(path, 'string', errors);
      else if (!isBase64(v)) errors.push({ path: path.slice(), keyword: 'format', params: { format: 'byte' } });
      return;
    case T_TIME:
      if (typeof v !== 'string') typeError(path, 'string', errors);
      else if (v !== '' && !RFC3339.test(v)) errors.push({ path: path.slice(), keyword: 'format', params: { format: 'date-time' } });
      return;
    case T_BOOL:
      if (typeof v !== 'boolean') typeError(path, 'boolean', errors);
      return;
    case T_INT:
      if (typeof v !== 'number' || !Number.isInteger(v)) typeError(path, 'integer', errors);
      else if (v > n.maximum!) errors.push({ path: path.slice(), keyword: 'maximum', params: { limit: n.maximum } });
      else if (v < n.minimum!) errors.push({ path: path.slice(), keyword: 'minimum', params: { limit: n.minimum } });
      return;
    case T_NUM:
      if (typeof v !== 'number' || !Number.isFinite(v)) typeError(path, 'number', errors);
      return;
    case T_QTY:
      if (typeof v === 'string') {
        if (!isQuantity(v)) errors.push({ path: path.slice(), keyword: 'pattern', params: { pattern: 'quantity' } });
      } else if (typeof v !== 'number' || !Number.isFinite(v)) typeError(path, 'string,number', errors);
      return;
    case T_IOS:
      if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isInteger(v))) typeError(path, 'integer,string', errors);
      return;
    case T_ANY:
      return;
    case T_FREE:
      if (!isPlainObject(v)) typeError(path, 'object', errors);
      return;
    case T_ARRAY: {
      if (!Array.isArray(v)) return typeError(path, 'array', errors);
      const items = n.items!;
      for (let i = 0; i < v.length; i++) child(items, v[i], i, path, errors);
      return;
    }
    case T_MAP: {
      if (!isPlainObject(v)) return typeError(path, 'object', errors);
      const each = n.additionalProperties as Node;
      for (const k in v) child(each, v[k], k, path, errors);
      return;
    }
    case T_OBJ: {
      if (!isPlainObject(v)) return typeError(path, 'object', errors);
      const req = n.required;
      if (req) {
        for (const r of req) if (v[r] === undefined) errors.push({ path: path.slice(), keyword: 'required', params: { missingProperty: r } });
      }
      const keys = n.keys!;
      const props = n.properties!;
      // One pass in the object's own order (the order a student reads the file in); unknown fields
      // are said before what is wrong inside the known ones, as ajv does.
      const mark = errors.length;
      let unknown: SchemaError[] | undefined;
      for (const k in v) {
        const x = v[k];
        if (!keys.has(k)) {
          (unknown ??= []).push({ path: path.slice(), keyword: 'additionalProperties', params: { additionalProperty: k } });
          continue;
        }
        if (x !== undefined) child(props[k]!, x, k, path, errors);
      }
      if (unknown) errors.splice(mark, 0, ...unknown);
      return;
    }
  }
}

function child(n: Node, v: unknown, key: string | number, path: (string | number)[], errors: SchemaError[]): void {
  path.push(key);
  walk(n, v, path, errors);
  path.pop();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeError(path: (string | number)[], type: string, errors: SchemaError[]): void {
  errors.push({ path: path.slice(), keyword: 'type', params: { type } });
}
