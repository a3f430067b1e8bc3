/**
 * Stage 2½, between parse and roles: the objects as the cluster would hold them after
 * `kubectl apply -f DIR`, not as the files list them.
 *
 * - A `kind: List` (or `DeploymentList`, any `*List` with `items`) is its items: kubectl applies
 *   each on its own. Each item is an object of its own, located at its node in the file.
 * - Two objects with the same kind, namespace and name are one object: the one kubectl applies
 *   last (files in the order `kubectl apply -R -f DIR` walks them: filepath.Walk, names in byte
 *   order, a folder's files where its name sorts; then documents, then List items) is the
 *   object; each one it replaces is a finding, and is graded no further.
 * - An object in another namespace than the rest is a finding, and takes no role: the live pass,
 *   and the other objects (a Service selects pods of its own namespace), would not find it there.
 *
 * Both findings are `schema.other`'s (0 points): they are about objects that take no role, and
 * what they cost in points is what the roles' own checks say about the object that remains.
 */
import type { KObject, Path } from '../parse/index.js';
import type { Finding } from '../types.js';
import { isNamespaced, isRec } from '../k8s/index.js';
import { clip } from '../util/text.js';

export interface ClusterObjects {
  /** Every object kubectl would create, in the order of the files (path, document, item). */
  objects: KObject[];
  /** The ones of them the roles may take (not in another namespace than the rest). */
  candidates: KObject[];
  /** `schema.other` findings: replaced objects, objects in another namespace. */
  findings: Finding[];
}

/** An item of a List as an object of its own. */
function itemOf(list: KObject, i: number, value: Record<string, unknown>): KObject {
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
  const base: Path = [...(list.base ?? []), 'items', i];
  const under = (p: Path): Path => ['items', i, ...p];
  const meta = value.metadata;
  return {
    id: `${list.id}/items/${i}`,
    file: list.file,
    document: list.document,
    base,
    kind: str(value.kind),
    apiVersion: str(value.apiVersion),
    name: isRec(meta) ? str(meta.name) : undefined,
    value,
    at: (p) => list.at(under(p)),
    keyAt: (p) => list.keyAt(under(p)),
    has: (p) => list.has(under(p)),
  };
}

/** Whether an object is an item of a List (expandLists made it): an edit addresses a document by its path from the root, and an item has none of its own. */
export function isListItem(obj: KObject): boolean {
  return obj.base !== undefined && obj.base.length > 0;
}

/** A List's items that are objects (a map with apiVersion or kind), or undefined when `obj` is no List. */
function listItems(obj: KObject): KObject[] | undefined {
  if (!obj.kind?.endsWith('List') || !Array.isArray(obj.value.items)) return undefined;
  const out: KObject[] = [];
  obj.value.items.forEach((item, i) => {
    if (isRec(item) && (Object.hasOwn(item, 'apiVersion') || Object.hasOwn(item, 'kind'))) out.push(itemOf(obj, i, item));
  });
  return out;
}

/** The order `kubectl apply -R -f DIR` reads files in: path components compared one by one, by bytes. */
export function walkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    // Walk visits a folder's entries in sorted order; a folder's own files come where its name sorts.
    return Buffer.compare(Buffer.from(x[i]!), Buffer.from(y[i]!));
  }
  return x.length - y.length;
}

const namespaceOf = (o: KObject): string => {
  const ns = isRec(o.value.metadata) ? o.value.metadata.namespace : undefined;
  return ns === undefined || ns === null || ns === '' ? '' : String(ns);
};
const shown = (ns: string) => (ns === '' ? 'none (the namespace kubectl applies to)' : JSON.stringify(clip(ns, 60)));
const describe = (o: KObject) => `${o.kind ?? 'object'}${o.name !== undefined ? ` ${clip(o.name, 80)}` : ''}`;

/** The objects of one file's documents with each List as its items. */
export function expandLists(parsed: readonly KObject[]): KObject[] {
  const all: KObject[] = [];
  for (const o of parsed) {
    const items = listItems(o);
    if (items) for (const i of items) all.push(i);
    else all.push(o);
  }
  return all;
}

/**
 * `all`: every object of the submission, Lists expanded (expandLists), by file path then document.
 * `expected`: whether an object is in a file with an expected name; of two copies with the same
 * content, the one there is graded (the cluster holds the same object either way).
 */
export function clusterObjects(all: readonly KObject[], expected: (o: KObject) => boolean = () => false): ClusterObjects {
  const findings: Finding[] = [];

  // The same kind, namespace and name: the last applied is the object.
  const order = all.map((o, i) => ({ o, i })).sort((a, b) => walkOrder(a.o.file, b.o.file) || a.i - b.i);
  const place = new Map<KObject, number>(order.map(({ o }, k) => [o, k]));
  const last = new Map<string, KObject>();
  const text = new Map<KObject, string>();
  const same = (a: KObject, b: KObject) => {
    for (const o of [a, b]) if (!text.has(o)) text.set(o, JSON.stringify(o.value));
    return text.get(a) === text.get(b);
  };
  for (const { o } of order) {
    if (o.name === undefined || o.kind === undefined) continue;
    const key = `${o.kind}\0${namespaceOf(o)}\0${o.name}`;
    const before = last.get(key);
    // A copy with the same content: the one in the expected file stays the object.
    if (before && expected(before) && !expected(o) && same(before, o)) continue;
    last.set(key, o);
  }
  const objects: KObject[] = [];
  for (const o of all) {
    const winner = o.name !== undefined && o.kind !== undefined ? last.get(`${o.kind}\0${namespaceOf(o)}\0${o.name}`) : o;
    if (winner === o) {
      objects.push(o);
      continue;
    }
    const w = winner!.at([]);
    const after = place.get(winner!)! > place.get(o)!;
    findings.push({
      message: after
        ? `${describe(o)} is defined again in ${w.file}:${w.line}, which kubectl applies after this one: the cluster keeps only that one, so this one is not graded`
        : `${describe(o)} is a copy of the one in ${w.file}:${w.line}: the cluster holds one object, graded from there`,
      location: o.at([]),
      hint: `keep one ${o.kind} named ${clip(o.name ?? '', 80)}: delete this copy, or give it a name of its own`,
    });
  }

  // The namespace of the rest: the one most namespaced objects are in (no namespace first on a tie).
  const count = new Map<string, number>();
  for (const o of objects) if (isNamespaced(o.kind)) count.set(namespaceOf(o), (count.get(namespaceOf(o)) ?? 0) + 1);
  let home = '';
  for (const [ns, n] of count) if (n > (count.get(home) ?? 0)) home = ns;
  const candidates: KObject[] = [];
  for (const o of objects) {
    const ns = namespaceOf(o);
    if (!isNamespaced(o.kind) || ns === home) {
      candidates.push(o);
      continue;
    }
    findings.push({
      message: `${describe(o)} is in namespace ${shown(ns)}, the other objects in ${shown(home)}: it would be created there, where they do not see it, so it takes no part in the homework`,
      location: o.at(['metadata', 'namespace']),
      hint: home === '' ? 'remove the namespace: line, as the other objects have none' : `write namespace: ${home}, as the other objects do`,
    });
  }
  return { objects, candidates, findings };
}
