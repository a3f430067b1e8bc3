/**
 * Kubernetes validity, offline: each parsed object is checked the way the API server would
 * (kubectl apply, field validation Strict) and every problem comes back as one line a student
 * understands, with the path of the node at fault.
 *
 * - Structure (unknown fields, types, required fields, enums, int32/int64 ranges, int-or-string,
 *   quantities) comes from strict schemas for every kind the API server serves, generated at build
 *   time from Kubernetes' own OpenAPI spec (scripts/gen-schemas.mjs → generated/k8s-schemas.json)
 *   and walked by ./validate.ts: no schema is compiled at run time, and a kind's schema is linked
 *   the first time an object of that kind is seen.
 * - Custom resources are validated with the JSON Schemas given with --schema DIR (./custom.ts);
 *   without one an object is reported as not validated, never as valid.
 * - API versions Kubernetes removed are named with their replacement (./removed.ts).
 * - The API server's own validation that OpenAPI does not express (names, label syntax, ports,
 *   selectors, volume references, …) is in ./rules.ts.
 * - `apiVersion` for `kind` uses a table of every built-in kind (generated/kinds.ts).
 */
import { KIND_API_VERSIONS, SCHEMA_SOURCE } from './generated/kinds.js';
import type { JsonSchema, SchemaError } from './generated-types.js';
import type { SchemaDirs } from './custom.js';
import { REMOVED_APIS, REMOVED_KINDS } from './removed.js';
import { apiServerRules } from './rules.js';
import { builtinRoot, validateNode } from './validate.js';
import { caseOrTypoHint, closest, describeValue, editDistance, formatPath, listWords, where } from './words.js';
import { isQuantity } from '../k8s/index.js';
import { lookAlikes, word } from '../util/text.js';

export type Path = readonly (string | number)[];
export interface SchemaIssue {
  /** Path of the node at fault: the bad value, or for an unknown field the field itself, or for a missing required field the parent object. */
  path: Path;
  /** When true, the caller points at the KEY of the last path segment (unknown/misspelt fields), else at the value. */
  onKey?: boolean;
  /** One line a student understands, no JSON pointer dumps. */
  message: string;
  /** A concrete fix. */
  hint?: string;
  /** The hint as an edit at `path`, when nothing is left to choose (grade.ts turns it into a FixEdit). */
  fix?: { kind: 'rename-key'; to: string } | { kind: 'set'; value: unknown } | { kind: 'reindent'; under: Path };
}

/** What validating one object found, and whether it could be checked at all. */
export interface ObjectVerdict {
  issues: SchemaIssue[];
  /** Set when the object's structure was not checked (no schema for its kind): the reason, in words. */
  unvalidated?: string;
}

export interface ValidateOptions {
  /** Schemas for custom resources (--schema DIR), from `schemaDirs()` in ./custom.ts. */
  schemas?: SchemaDirs;
}

export { KIND_API_VERSIONS, SCHEMA_SOURCE };
export { schemaDirs, type SchemaDirs } from './custom.js';

/** Every kind with a strict schema: each kind a Kubernetes API server serves (and kubectl's v1 List). */
export const VALIDATED_KINDS: readonly string[] = Object.keys(KIND_API_VERSIONS);

/** API groups that ship with Kubernetes (a kind in another group is a custom resource). */
const BUILTIN_GROUPS = new Set<string>();
for (const versions of Object.values(KIND_API_VERSIONS)) {
  for (const v of versions) BUILTIN_GROUPS.add(groupOf(v));
}
for (const key of Object.keys(REMOVED_APIS)) BUILTIN_GROUPS.add(groupOf(key.slice(0, key.indexOf(' '))));

/**
 * A custom resource's group: a group with a dot (CRD groups must have one) that Kubernetes does not
 * serve, unless it is a near-miss of the group that serves this built-in kind (`networking.k8.io`
 * for an Ingress is a typo, not an operator's API).
 */
function isCustomGroup(apiVersion: unknown, kind: string): boolean {
  if (typeof apiVersion !== 'string') return false;
  const g = groupOf(apiVersion);
  if (!g.includes('.') || BUILTIN_GROUPS.has(g)) return false;
  const served = KIND_API_VERSIONS[kind];
  return !served?.some((v) => groupOf(v).includes('.') && editDistance(g, groupOf(v)) <= 2);
}
function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** kubectl's short names, which are not kinds (`kubectl get pvc` works, `kind: PVC` does not). */
const SHORT_NAMES: Record<string, string> = {
  pvc: 'PersistentVolumeClaim',
  pv: 'PersistentVolume',
  svc: 'Service',
  deploy: 'Deployment',
  po: 'Pod',
  cm: 'ConfigMap',
  ns: 'Namespace',
  sts: 'StatefulSet',
  ds: 'DaemonSet',
  rs: 'ReplicaSet',
  ing: 'Ingress',
  cj: 'CronJob',
  hpa: 'HorizontalPodAutoscaler',
  sa: 'ServiceAccount',
  netpol: 'NetworkPolicy',
  sc: 'StorageClass',
  rc: 'ReplicationController',
  pdb: 'PodDisruptionBudget',
  quota: 'ResourceQuota',
  limits: 'LimitRange',
  ep: 'Endpoints',
  crd: 'CustomResourceDefinition',
  csr: 'CertificateSigningRequest',
  pc: 'PriorityClass',
  ev: 'Event',
};

/** Validate one parsed object (it has `apiVersion` or `kind`, or both). */
export function validateObject(value: Record<string, unknown>, options: ValidateOptions = {}): SchemaIssue[] {
  return checkObject(value, options).issues;
}

/** Validate one parsed object, and say whether its structure could be checked at all. */
export function checkObject(value: Record<string, unknown>, options: ValidateOptions = {}): ObjectVerdict {
  const issues: SchemaIssue[] = [];
  const apiVersion = value.apiVersion;
  const kind = value.kind;
  const keys = Object.keys(value);
  const consumedKeys = new Set<string>(); // misspelt top-level keys already reported as "did you mean apiVersion/kind"

  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    const typo = keys.find((k) => k !== 'apiVersion' && k !== 'kind' && closest(k, ['apiVersion']) !== undefined);
    const right = typeof kind === 'string' ? KIND_API_VERSIONS[kind]?.[0] : undefined;
    if (typo) {
      consumedKeys.add(typo);
      issues.push({
        path: [typo],
        onKey: true,
        message: `missing apiVersion ("${typo}" is not a field)`,
        hint: `did you mean apiVersion? write apiVersion: ${right ?? String(value[typo] ?? '')}`.trimEnd(),
        fix: { kind: 'rename-key', to: 'apiVersion' },
      });
    } else {
      issues.push({
        path: apiVersion === '' ? ['apiVersion'] : [],
        message: 'missing apiVersion',
        hint: right ? `add apiVersion: ${right} as the first line` : 'add apiVersion: (for example apps/v1 for a Deployment, v1 for a Service)',
      });
    }
  } else if (typeof apiVersion !== 'string') {
    issues.push({ path: ['apiVersion'], message: `apiVersion must be a string, not ${describeValue(apiVersion)}` });
  }

  if (kind === undefined || kind === null || kind === '') {
    const typo = keys.find((k) => k !== 'kind' && k !== 'apiVersion' && !consumedKeys.has(k) && closest(k, ['kind']) !== undefined);
    if (typo) {
      consumedKeys.add(typo);
      issues.push({ path: [typo], onKey: true, message: `missing kind ("${typo}" is not a field)`, hint: `did you mean kind? write kind: ${String(value[typo] ?? '')}`.trimEnd(), fix: { kind: 'rename-key', to: 'kind' } });
    } else {
      issues.push({ path: kind === '' ? ['kind'] : [], message: 'missing kind', hint: 'add kind: (for example Deployment, Service or PersistentVolumeClaim)' });
    }
    return { issues };
  }
  if (typeof kind !== 'string') {
    issues.push({ path: ['kind'], message: `kind must be a string such as Deployment, not ${describeValue(kind)}` });
    return { issues };
  }

  // A custom resource (even one whose kind shares a built-in name, like Knative's Service): its own schema, or none.
  if (isCustomGroup(apiVersion, kind)) {
    const custom = options.schemas?.lookup(apiVersion as string, kind);
    if (!custom) return { issues, unvalidated: `no schema for ${kind} (${String(apiVersion)}), a custom resource: pass --schema DIR with its JSON schema` };
    const data = clean(value) as Record<string, unknown>;
    pushErrors(issues, custom.validate(data), data, kind, { root: custom.root, deref: custom.deref }, consumedKeys);
    return { issues: dedupe(issues) };
  }

  let version = typeof apiVersion === 'string' ? apiVersion : undefined;
  const removed = version !== undefined ? REMOVED_APIS[`${version} ${kind}`] : undefined;
  if (removed) {
    issues.push({
      path: ['apiVersion'],
      message: removed.use
        ? `apiVersion ${version} of ${kind} was removed in Kubernetes ${removed.removedIn}; ${kind} is served at apiVersion ${removed.use}`
        : `${kind} (${version}) was removed in Kubernetes ${removed.removedIn}, with no replacement API`,
      hint: removed.use ? `write apiVersion: ${removed.use}` : `use ${removed.instead!}`,
    });
    if (!removed.use) return { issues };
    version = removed.use;
  }

  const served = KIND_API_VERSIONS[kind];
  if (!served) {
    const gone = REMOVED_KINDS[kind];
    if (gone && !removed) {
      issues.push({ path: ['kind'], message: `kind ${kind} was removed in Kubernetes ${gone.removedIn}`, hint: `use ${gone.instead!}` });
      return { issues };
    }
    if (removed) return { issues };
    const guess = SHORT_NAMES[kind.toLowerCase()] ?? closest(kind, Object.keys(KIND_API_VERSIONS));
    issues.push({
      path: ['kind'],
      message: `kind "${kind}"${lookAlikes(kind)} is not a Kubernetes kind${guess ? `; did you mean "${guess}"?` : ''}`,
      hint: guess ? `write kind: ${guess}` : 'check the spelling (kinds are CamelCase: Deployment, Service, PersistentVolumeClaim)',
      ...(guess ? { fix: { kind: 'set' as const, value: guess } } : {}),
    });
    return { issues };
  }
  if (version !== undefined && !served.includes(version)) {
    if (!removed) {
      issues.push({
        path: ['apiVersion'],
        message: `${kind} is served at apiVersion ${listWords(served)}, not ${word(version)}`,
        hint: `write apiVersion: ${served[0]!}`,
        fix: { kind: 'set', value: served[0]! },
      });
    }
    version = undefined;
  }
  version ??= served[0]!;
  if (kind === 'List' && Array.isArray(value.items)) {
    // kubectl applies each item of a v1 List on its own.
    let unvalidated: string | undefined;
    value.items.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
      const v = checkObject(item as Record<string, unknown>, options);
      for (const issue of v.issues) issues.push({ ...issue, path: ['items', i, ...issue.path] });
      unvalidated ??= v.unvalidated;
    });
    return unvalidated ? { issues, unvalidated } : { issues };
  }
  const root = builtinRoot(version, kind);
  if (!root) return { issues, unvalidated: `no schema for ${kind} ${version}` };

  const data = clean(value) as Record<string, unknown>;
  const errors: SchemaError[] = [];
  validateNode(root, data, errors);
  pushErrors(issues, errors, data, kind, { root, deref: (s) => s }, consumedKeys);
  apiServerRules(kind, data, issues);
  return { issues: dedupe(issues) };
}

function pushErrors(issues: SchemaIssue[], errors: SchemaError[], data: unknown, kind: string, shape: Shape, consumedKeys: Set<string>): void {
  if (errors.length === 0) return;
  for (const issue of fromErrors(errors, data, kind, shape)) {
    if (issue.onKey && issue.path.length === 1 && consumedKeys.has(issue.path[0] as string)) continue;
    issues.push(issue);
  }
}

/** A schema to search for "did you mean": its root, and how to follow a $ref in it. */
interface Shape {
  root: JsonSchema;
  deref(s: JsonSchema | undefined): JsonSchema | undefined;
}

/**
 * Issues that stand for a missing required field too: a misspelt or misplaced field (`contianers`,
 * `ports` indented under `selector`) is the one problem, so `missing required field "containers"`
 * at the object it belongs to is not said again. Keyed by issue; value: [path of that object, field].
 */
const covers = new WeakMap<SchemaIssue, [Path, string]>();

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  // Nothing to compare (most objects): no sets, no keys. One issue alone covers no other.
  if (issues.length < 2) return issues;
  const seen = new Set<string>();
  const covered = new Set<string>();
  for (const i of issues) {
    const c = covers.get(i);
    if (c) covered.add(`${JSON.stringify(c[0])}\u0000${c[1]}`);
  }
  return issues.filter((i) => {
    const m = /^missing required field "([^"]+)"/.exec(i.message);
    if (m && covered.has(`${JSON.stringify(i.path)}\u0000${m[1]!}`)) return false;
    const k = `${JSON.stringify(i.path)}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * What the API server sees: a field set to null (`resources:` with nothing under it) is the same as
 * an absent one, and YAML 1.1 timestamps reach Go as strings. Copies only what it changes.
 */
function clean(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = clean(v[i]);
      if (c !== v[i]) (out ??= v.slice())[i] = c;
    }
    return out ?? v;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in o) {
      const x = o[k];
      if (x === null || x === undefined) {
        out ??= { ...o };
        delete out[k];
        continue;
      }
      const c = clean(x);
      if (c !== x) (out ??= { ...o })[k] = c;
    }
    return out ?? o;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// schema errors → student messages

function valueAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function itemsOf(s: JsonSchema, i: number): JsonSchema | undefined {
  return Array.isArray(s.items) ? s.items[i] : s.items;
}

function schemaAt(shape: Shape, path: Path): JsonSchema | undefined {
  let s = shape.deref(shape.root);
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = shape.deref(itemsOf(s, seg));
    else s = shape.deref(s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
  }
  return s;
}

/** An enclosing object that declares `field` (the field was indented one level too far). */
function findAbove(shape: Shape, path: Path, field: string): Path | undefined {
  for (let k = path.length - 1; k >= 0; k--) {
    const p = path.slice(0, k);
    if (schemaAt(shape, p)?.properties?.[field]) return p;
  }
  return undefined;
}

/** A key of the map at `path` whose object declares `field` and does not have it yet (the field was indented one level too little). */
function siblingDeclaring(shape: Shape, data: unknown, path: Path, field: string): string | undefined {
  const here = valueAt(data, path);
  if (!here || typeof here !== 'object' || Array.isArray(here)) return undefined;
  for (const key of Object.keys(here)) {
    if (key === field) continue;
    const value = valueAt(data, [...path, key]);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(field in value) && schemaAt(shape, [...path, key])?.properties?.[field]) return key;
  }
  return undefined;
}

/** Where else a misplaced field belongs: the nearest object below `path` that declares it. */
function findBelow(shape: Shape, path: Path, field: string): Path | undefined {
  const start = schemaAt(shape, path);
  if (!start) return undefined;
  const queue: { s: JsonSchema; p: (string | number)[] }[] = [{ s: start, p: [...path] }];
  for (let depth = 0; depth < 3 && queue.length; depth++) {
    const next: typeof queue = [];
    for (const { s, p } of queue) {
      for (const [name, child] of Object.entries(s.properties ?? {})) {
        let c = shape.deref(child);
        let cp = [...p, name];
        if (c?.type === 'array') {
          c = shape.deref(c.items && itemsOf(c, 0));
          cp = [...cp, 0];
        }
        if (!c?.properties) continue;
        if (field in c.properties) return cp;
        next.push({ s: c, p: cp });
      }
    }
    queue.splice(0, queue.length, ...next);
  }
  return undefined;
}

/** Concrete fixes for the required fields students most often leave out. */
const REQUIRED_HINTS: Record<string, (parent: Path) => string | undefined> = {
  selector: () => 'add selector: with matchLabels: equal to the labels in spec.template.metadata.labels',
  template: () => 'add template: with metadata: labels: and spec: containers:',
  containers: () => 'add containers: with a "- name:" and an "image:"',
  port: (p) => (p[p.length - 2] === 'ports' ? 'add port: with the port number the Service listens on' : undefined),
  containerPort: () => 'add containerPort: with the port number the container listens on',
  claimName: () => "add claimName: with the PersistentVolumeClaim's metadata.name",
  mountPath: () => 'add mountPath: (for example /data)',
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a map (indented key: value lines)',
  array: 'a list (lines starting with "- ")',
  'string,number': 'a quantity such as 1Gi or 500m',
};

const PORT_FIELDS = new Set(['targetPort', 'port', 'containerPort']);

/**
 * Unknown fields of one object whose "did you mean" and "belongs under" are searched for; the rest
 * get the plain "remove it" hint. A report shows 50 findings a check (grade.ts), so these are more
 * than are ever shown, and 22,000 unknown fields cost what 200 do, not 22,000 searches of the schema.
 */
const MAX_SEARCHED_FIELDS = 200;

function fromErrors(errors: SchemaError[], data: unknown, kind: string, shape: Shape): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  let searched = 0;
  // A value of the wrong type is one problem, not also "not one of" or "not a quantity".
  const typeAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => JSON.stringify(e.path)));
  for (const e of errors) {
    if (e.keyword !== 'type' && e.keyword !== 'required' && e.keyword !== 'additionalProperties' && typeAt.has(JSON.stringify(e.path))) continue;
    const path = e.path;
    const last = path[path.length - 1];
    const label = formatPath(path);
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = String(e.params.additionalProperty);
        const search = searched++ < MAX_SEARCHED_FIELDS;
        const here = search ? schemaAt(shape, path) : undefined;
        const names = Object.keys(here?.properties ?? {});
        const guess = search ? closest(field, names) : undefined;
        const issue: SchemaIssue = {
          path: [...path, field],
          onKey: true,
          message: path.length === 0 ? `unknown field "${field}" at the top level of the ${kind}` : `unknown field "${field}" in ${label}`,
        };
        if (guess) {
          issue.hint = `did you mean "${guess}"?`;
          if (valueAt(data, [...path, guess]) === undefined) issue.fix = { kind: 'rename-key', to: guess };
          covers.set(issue, [path, guess]);
        } else {
          const above = search ? findAbove(shape, path, field) : undefined;
          // Moving it up where that map has the field already would make a second one: it is more
          // likely indented too little, beside the sibling it belongs under (`spec:` beside `template:`).
          const taken = above !== undefined && valueAt(data, [...above, field]) !== undefined;
          const sibling = taken ? siblingDeclaring(shape, data, path, field) : undefined;
          const up = sibling ? undefined : above;
          const down = up || sibling || !search ? undefined : findBelow(shape, path, field);
          const value = valueAt(data, [...path, field]);
          if (sibling) {
            issue.hint = `"${field}" is not indented enough: it belongs under ${formatPath([...path, sibling])}; indent it and the lines below it 2 more spaces, under ${sibling}:`;
            covers.set(issue, [[...path, sibling], field]);
          } else if (up) {
            issue.hint = `"${field}" is indented too far: it belongs under ${where(up)}, not ${label}`;
            if (up.length === path.length - 1) issue.fix = { kind: 'reindent', under: up };
            covers.set(issue, [up, field]);
          } else if (down) {
            issue.hint = `"${field}" belongs under ${formatPath(down)}; indent it there`;
            covers.set(issue, [down, field]);
          } else if (last === 'metadata' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
            issue.hint = `labels go under metadata.labels: write labels: under metadata and indent ${field}: below it`;
            // When `labels:` sits right above it, empty, at the same column: indent it into labels
            // (the fix engine checks that layout and refuses otherwise).
            issue.fix = { kind: 'reindent', under: [...path, 'labels'] };
          } else {
            issue.hint = `remove it (${path.length === 0 ? `a ${kind}` : label} has no field "${field}")`;
          }
        }
        out.push(issue);
        break;
      }
      case 'required': {
        const field = String(e.params.missingProperty);
        out.push({
          path,
          message: `missing required field "${field}"${path.length ? ` in ${label}` : ''}`,
          hint: REQUIRED_HINTS[field]?.(path) ?? `add ${field}: ${path.length ? `under ${label}` : 'at the top level'}`,
        });
        break;
      }
      case 'type': {
        const value = valueAt(data, path);
        if (value === null || value === undefined) {
          // an empty list item ("- " with nothing after it)
          out.push({ path, message: `${label} is empty`, hint: 'fill it in, or remove the empty "-" line' });
          break;
        }
        const t = String(e.params.type);
        let want = TYPE_WORDS[t] ?? `of type ${t}`;
        if (t === 'integer,string') {
          want = typeof last === 'string' && PORT_FIELDS.has(last) ? 'a number or a port name' : 'a number or a percentage such as 25%';
        }
        const issue: SchemaIssue = { path, message: `${label} must be ${want}, not ${describeValue(value)}` };
        // A field indented under a map by mistake (`ports:` under `selector:`) reads as a map entry.
        const parentPath = path.slice(0, -1);
        const grand = path.length >= 2 && typeof last === 'string' ? path.slice(0, -2) : undefined;
        const parentSchema = grand ? schemaAt(shape, parentPath) : undefined;
        const grandSchema = grand ? schemaAt(shape, grand) : undefined;
        if (grand && parentSchema && !parentSchema.properties && typeof last === 'string' && grandSchema?.properties?.[last]) {
          issue.hint = `"${last}" is indented too far: it belongs under ${where(grand)}, not ${formatPath(parentPath)}`;
          issue.fix = { kind: 'reindent', under: grand };
          covers.set(issue, [grand, last]);
        } else {
          const allowed = schemaAt(shape, path)?.enum?.map(String);
          const hint = allowed ? `write one of ${listWords(allowed)}` : typeHint(t, value, last);
          if (hint !== undefined) issue.hint = hint;
          // A quoted number where a number goes: the number.
          if ((t === 'integer' || t === 'number' || t === 'integer,string') && typeof value === 'string' && /^\s*\d+\s*$/.test(value)) issue.fix = { kind: 'set', value: Number(value) };
        }
        out.push(issue);
        break;
      }
      case 'enum': {
        const value = valueAt(data, path);
        const allowed = ((e.params.allowedValues as unknown[] | undefined) ?? []).map(String);
        const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
        out.push({
          path,
          message: `${label} ${typeof value === 'string' ? JSON.stringify(value) : describeValue(value)} is not one of ${allowed.join(', ')}`,
          hint: guess !== undefined && typeof value === 'string' ? caseOrTypoHint(value, guess) : `write one of ${listWords(allowed)}`,
          ...(guess !== undefined && typeof value === 'string' ? { fix: { kind: 'set' as const, value: guess } } : {}),
        });
        break;
      }
      case 'pattern': {
        const value = valueAt(data, path);
        if (e.params.pattern !== 'quantity') {
          // a custom resource's own pattern
          out.push({ path, message: `${label} ${JSON.stringify(value)} does not match the pattern ${String(e.params.pattern)}` });
          break;
        }
        out.push({
          path,
          message: `${label} ${JSON.stringify(value)}${typeof value === 'string' ? lookAlikes(value) : ''} is not a valid Kubernetes quantity`,
          hint: quantityHint(String(value)),
        });
        break;
      }
      case 'format': {
        const value = valueAt(data, path);
        if (e.params.format === 'byte') {
          const secret = kind === 'Secret' && path[0] === 'data';
          out.push({
            path,
            message: secret ? `${label} is not base64: a Secret's data values must be base64-encoded` : `${label} is not base64: this field holds base64-encoded bytes`,
            hint: secret ? 'put plain text under stringData: instead of data:, or encode it with base64' : 'encode it with base64 (base64 -w0 FILE)',
          });
        } else if (e.params.format === 'date-time') {
          out.push({ path, message: `${label} ${JSON.stringify(value)} is not a time`, hint: 'write it as RFC 3339, e.g. 2026-01-31T23:59:00Z' });
        } else {
          out.push({ path, message: `${label} ${JSON.stringify(value)} is not a valid ${String(e.params.format)}` });
        }
        break;
      }
      case 'minimum':
      case 'maximum': {
        const value = valueAt(data, path);
        out.push({
          path,
          message: `${label} ${String(value)} is out of range (${e.keyword === 'maximum' ? `at most ${String(e.params.limit)}` : `at least ${String(e.params.limit)}`})`,
        });
        break;
      }
      default:
        out.push({ path, message: `${label} is not valid (${e.keyword})` });
    }
  }
  return out;
}

function typeHint(t: string, value: unknown, last: string | number | undefined): string | undefined {
  // "replicas: 2" for a field, "- 2" for a list item.
  const as = (v: string): string => (typeof last === 'string' ? `${last}: ${v}` : `- ${v}`);
  if ((t === 'integer' || t === 'number' || t === 'integer,string' || t === 'string,number') && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return `remove the quotes: ${as(value.trim())}`;
  }
  if (t === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const extra = typeof value === 'boolean' ? ' (yes/no/on/off/true/false are booleans in YAML)' : '';
    return `put it in quotes: ${as(`"${String(value)}"`)}${extra}`;
  }
  if (t === 'integer' && typeof value === 'number') return `write a whole number, e.g. ${as(String(Math.round(value)))}`;
  if (t === 'array' && value !== null && typeof value === 'object') return 'make it a list: start each item with "- "';
  if (t === 'object' && Array.isArray(value)) return typeof last === 'string' ? `remove the "- ": ${last} is a map, not a list` : 'remove the extra "- "';
  if (t === 'object' && typeof value === 'string' && typeof last === 'string') return `put its fields on the lines below ${last}:, indented`;
  if (t === 'array' && typeof value === 'string' && typeof last === 'string') return `write it as a list: ${last}: ["${value}"] or on the next line "- ${value}"`;
  if (t === 'boolean' && typeof value === 'string') return `remove the quotes: ${as(/^(y|yes|on|true)$/i.test(value) ? 'true' : 'false')}`;
  return undefined;
}

/** `1GB` → `write 1Gi`, `500mb` → `write 500Mi`, `1 Gi` → `remove the spaces: 1Gi`, `1Gi` and a tab → `remove the invisible characters: 1Gi`. */
export function quantityHint(raw: string): string {
  const s = raw.replace(/[\s\p{Cf}]+/gu, '');
  if (s !== raw && isQuantity(s)) return raw.match(/[\s\p{Cf}]/gu)!.every((c) => c === ' ') ? `remove the spaces: ${s}` : `remove the invisible characters: ${s}`;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([kKmMgGtTpPeE])(i?)([bB]?)$/.exec(s);
  if (m) {
    const unit = m[2]!.toUpperCase();
    return `write ${m[1]!}${unit}i (${unit}i is a power of 2: 1${unit}i = ${POW2[unit]}; quantities have no B)`;
  }
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[bB]$/.test(s)) return `write ${s.slice(0, -1)} (a plain number of bytes) or use Ki, Mi, Gi`;
  return 'write a number with an optional suffix: Ki, Mi, Gi, Ti (powers of 2), k, M, G, T (powers of 10) or m (milli), e.g. 1Gi';
}
const POW2: Record<string, string> = { K: '1024', M: '1024Ki', G: '1024Mi', T: '1024Gi', P: '1024Ti', E: '1024Pi' };
