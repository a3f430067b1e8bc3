/**
 * The rubric is data: a YAML file (rubrics/*.yml) that names the checks to
 * run, their points, and the parameters they compare against. It is validated
 * by rubrics/rubric.schema.json (ajv); an error names the file, line and
 * column, and never shows a stack trace.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, parse as parseYaml, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ErrorObject } from 'ajv';
import type { CheckMeta, Params } from '../checks/types.js';
import { HW6_TEMPLATES } from '../checks/templates/hw6-templates.js';
import { LIVE_CHECKS } from '../live/meta.js';
import { RubricError, UsageError } from '../util/errors.js';
import { didYouMean, interpolate } from '../util/text.js';
import { textDigest } from '../util/digest.js';
import { dataValidators, hw6Validator, type Validator } from './validators.js';
import type { RawDataRubric } from '../engine/rubric.js';
import type { CheckSpec, DataRubric, Params as DataParams, Template } from '../engine/types.js';
import { buildRoles, resolutionOrder } from '../engine/roles.js';
import { validateWith } from '../engine/validate.js';
import { substitute, withRefs } from '../engine/params.js';
import { engineApi } from '../engine/load.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_RUBRIC = fileURLToPath(new URL('../../rubrics/coe332-hw6.yml', import.meta.url));

export interface RubricCheck {
  id: string;
  points: number;
  /** static: a template check (its data in the rubric); pipeline: a template that reports a stage's findings (yaml.parse, schema.*); live: src/live. */
  type: 'static' | 'pipeline' | 'live';
  meta: CheckMeta;
  /** A check of an HW6-form rubric: as the engine runs it. */
  spec?: CheckSpec;
  /** That check's template (src/engine/templates/<template>.ts), for `kubegrade explain`. */
  template?: string;
}

export interface Rubric {
  name: string;
  title?: string;
  file: string;
  params: Params;
  checks: RubricCheck[];
  /** The rubric as the engine grades it (src/engine): roles, environments, template checks. */
  engine: DataRubric;
  /** An HW6-form rubric's roles as data (rebuilt for parameters `--set` on a loaded rubric). */
  roles?: Hw6Roles;
}

/** An HW6-form rubric's roles: their data, and how the report words why an object took a role. */
export interface Hw6Roles {
  data: Record<string, unknown>[];
  reasons: 'scored' | 'plain';
}

export const DEFAULT_PARAMS: Params = {
  username: '',
  env: 'test',
  storageClassName: 'rdb',
  storage: '1Gi',
  accessModes: ['ReadWriteOnce'],
  redisImage: 'redis:5.0.0',
  redisPort: 6379,
  flaskPort: 5000,
  redisReplicas: 1,
  flaskReplicas: 2,
  fileExtensions: ['.yml'],
  flaskPath: '/hello-service',
  probeImage: 'python:3.9',
  // The live pass's time limits, in seconds (src/live/steps.ts DEFAULT_TIMEOUTS).
  timeoutConnect: 10,
  timeoutReady: 120,
  timeoutProbePod: 120,
  timeoutStep: 15,
  timeoutDisrupt: 120,
  timeoutCleanup: 60,
  timeoutNamespace: 120,
  timeoutStartup: 30,
};

/**
 * The order `kubegrade explain --list` has always listed the shipped rubric's static checks in (the
 * order of the modules they were before their data moved into rubrics/coe332-hw6.yml), kept so its
 * output does not change; a check not listed here follows in the rubric's order.
 */
const EXPLAIN_ORDER = [
  'files.redis-pvc', 'redis-pvc.name', 'redis-pvc.labels', 'files.redis-deployment', 'redis-deployment.name', 'redis-deployment.labels',
  'files.redis-service', 'redis-service.name', 'redis-service.labels', 'files.flask-deployment', 'flask-deployment.name', 'flask-deployment.labels',
  'files.flask-service', 'flask-service.name', 'flask-service.labels', 'redis-pvc.access-modes', 'redis-pvc.storage-class', 'redis-pvc.storage-request',
  'redis-deployment.pod-labels', 'redis-deployment.selector', 'flask-deployment.pod-labels', 'flask-deployment.selector', 'redis-deployment.app-label',
  'redis-deployment.replicas', 'redis-deployment.image', 'redis-deployment.data-volume', 'flask-deployment.replicas', 'flask-deployment.port',
  'redis-service.type', 'redis-service.selects-redis', 'redis-service.selects-only-redis', 'redis-service.ports', 'flask-service.type',
  'flask-service.selects-flask', 'flask-service.selects-only-flask', 'flask-service.ports',
];

/** The shipped rubric's static checks (their data is in rubrics/coe332-hw6.yml), by id: what an HW6-form rubric may name by id alone. */
function shippedStaticChecks(): Map<string, RubricCheck> {
  const rank = (id: string) => (EXPLAIN_ORDER.indexOf(id) + EXPLAIN_ORDER.length + 1) % (EXPLAIN_ORDER.length + 1);
  const statics = loadRubric(DEFAULT_RUBRIC).checks.filter((c) => c.type !== 'live');
  return new Map(statics.map((c, i) => [c, rank(c.id) * 1000 + i] as const).sort((a, b) => a[1] - b[1]).map(([c]) => [c.id, c]));
}

type KnownCheck = { type: RubricCheck['type']; meta: CheckMeta; spec: CheckSpec };

/** The shipped rubric's pipeline checks, then its static ones, then the live pass's. */
function checkMap(statics: Iterable<RubricCheck>): Map<string, KnownCheck> {
  const m = new Map<string, KnownCheck>();
  const list = [...statics];
  for (const c of list) if (c.type === 'pipeline') m.set(c.id, { type: c.type, meta: c.meta, spec: c.spec! });
  for (const c of list) if (c.type === 'static') m.set(c.id, { type: c.type, meta: c.meta, spec: c.spec! });
  for (const c of LIVE_CHECKS) m.set(c.id, { type: 'live', meta: c, spec: { id: c.id, points: 0, template: '', live: true, with: {}, title: c.title, hint: c.hint } });
  return m;
}

/** Every check id kubegrade knows, with its meaning: the shipped rubric's static checks among them. */
export function knownChecks(): Map<string, { type: RubricCheck['type']; meta: CheckMeta }> {
  return checkMap(shippedStaticChecks().values());
}

/** rubrics/rubric.schema.json's HW6 form, precompiled by ajv at build time (scripts/gen-schemas.mjs). */
function validate(): Validator {
  return hw6Validator();
}

/** The folder of the shipped rubrics. */
export const RUBRICS_DIR = fileURLToPath(new URL('../../rubrics/', import.meta.url));

/** The shipped rubrics' names (rubrics/*.yml), sorted. */
export function shippedRubrics(): string[] {
  return readdirSync(RUBRICS_DIR).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4)).sort();
}

/**
 * `--rubric NAME|PATH`: a file that exists, else a shipped rubric of that name
 * (`coe332-final-sp24`); `from` is the folder a relative `extends` is read from.
 */
export function resolveRubric(nameOrPath: string, from?: string): string {
  const path = from ? resolve(from, nameOrPath) : nameOrPath;
  if (existsSync(path)) return path;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(nameOrPath)) {
    const shipped = join(RUBRICS_DIR, `${nameOrPath}.yml`);
    if (existsSync(shipped)) return shipped;
    const meant = didYouMean(nameOrPath, shippedRubrics());
    if (meant || from) throw new UsageError(`no rubric named "${nameOrPath}"${meant ? `; did you mean "${meant}"?` : ''} (kubegrade rubric --list shows the shipped ones)`);
  }
  return path;
}

/**
 * The shipped rubric's data, read and validated by the build (scripts/gen-schemas.mjs writes
 * generated/default-rubric.json), when `text` is still the text it was made from (the same digest);
 * else undefined and the file is read like any other.
 */
function shippedRubric(text: string): unknown {
  try {
    const pre = createRequire(import.meta.url)('./generated/default-rubric.json') as { digest: string; data: unknown };
    return pre.digest === textDigest(text) ? pre.data : undefined;
  } catch {
    return undefined;
  }
}

const cache = new Map<string, Rubric>();

export interface LoadOptions {
  /** `key=value` overrides of parameters (values are read as YAML: `redisReplicas=1`, `accessModes=[ReadWriteOnce]`). */
  set?: readonly string[];
}

/** The largest rubric file read: a rubric is a few KiB (the shipped final project's is 20). */
export const MAX_RUBRIC_BYTES = 1024 * 1024;
/** The text of each rubric that is not a plain file, read once per run: a pipe (`--rubric <(…)`, /dev/stdin, a FIFO) can be read only once. */
const texts = new Map<string, string>();

/** A rubric file's text: read once, at most MAX_RUBRIC_BYTES (`--rubric /dev/zero` is refused, not read for ever). */
function rubricText(file: string): string {
  const known = texts.get(file);
  if (known !== undefined) return known;
  let fd: number | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let plain = true;
  let own = true;
  try {
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      // A socket as standard input (a program's pipe, Node's among them) cannot be opened by its /dev/stdin name: read the descriptor.
      const inherited = /^\/(?:dev\/(?:stdin|fd\/(\d+))|proc\/self\/fd\/(\d+))$/.exec(file);
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || !inherited) throw err;
      fd = Number(inherited[1] ?? inherited[2] ?? 0);
      own = false;
    }
    plain = fstatSync(fd).isFile();
    const buf = Buffer.allocUnsafe(64 * 1024);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const read = (): number => {
      for (;;) {
        try {
          return readSync(fd!, buf, 0, buf.length, null);
        } catch (err) {
          // A non-blocking descriptor (an inherited pipe) with nothing in it yet: wait for the writer.
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
          Atomics.wait(pause, 0, 0, 10);
        }
      }
    };
    for (let n; (n = read()) > 0; ) {
      size += n;
      if (size > MAX_RUBRIC_BYTES) throw new UsageError(`${file}: more than ${MAX_RUBRIC_BYTES / 1024 / 1024} MiB: not a rubric (a rubric is a few KiB of YAML)`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: cannot read the rubric (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined && own) closeSync(fd);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks, size));
  if (!plain) texts.set(file, text);
  return text;
}

/** The rubrics read from pipes so far, for a batch's threads: they cannot read a pipe again (primeRubricTexts). */
export function rubricTexts(): [string, string][] {
  return [...texts];
}

/** In a batch's thread: the rubrics the calling thread read from pipes, as it read them. */
export function primeRubricTexts(list: readonly [string, string][] | undefined): void {
  for (const [file, text] of list ?? []) texts.set(file, text);
}

/** Loads and validates a rubric file (the default one when `file` is undefined). Results are cached per file and overrides. */
export function loadRubric(fileOrName: string = DEFAULT_RUBRIC, options: LoadOptions = {}): Rubric {
  const file = fileOrName === DEFAULT_RUBRIC ? fileOrName : resolveRubric(fileOrName);
  const key = `${file}\0${(options.set ?? []).join('\0')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = rubricText(file);
  // The positions of the rubric's nodes, for its errors: parsed when first needed.
  let parsed: { doc: ReturnType<typeof parseDocument>; lc: LineCounter } | undefined;
  const parse = () => {
    if (!parsed) {
      const lc = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false }), lc };
    }
    return parsed;
  };
  const pos = (offset: number) => {
    const p = parse().lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  const contents = () => parse().doc.contents;
  // The shipped rubric as the build read and validated it, while the file still has that text.
  let data: unknown = file === DEFAULT_RUBRIC ? shippedRubric(text) : undefined;
  // The build validated the shipped rubric's template parameters too (scripts/gen-schemas.mjs --templates).
  const prevalidated = data !== undefined;
  if (data === undefined) {
    const { doc } = parse();
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new RubricError(`${pos(e.pos[0])}: the rubric is not valid YAML: ${e.message.split('\n')[0]}`);
    }
    try {
      data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (err) {
      // An alias bomb (or an alias of the node it is in): the rubric's fault, not kubegrade's.
      throw new RubricError(`${pos(0)}: the rubric cannot be expanded: ${(err as Error).message.split('\n')[0]} (expand its aliases by hand)`);
    }
    const bad = nonFinite(data);
    if (bad) throw new RubricError(`${pos(nodeAt(contents(), bad)?.range?.[0] ?? 0)}: ${bad.join('.')} is not a finite number`);
    if (isLayered(data)) {
      const rubric = loadLayered(file, options, [file]);
      cache.set(key, rubric);
      return rubric;
    }
    const v = validate();
    if (!v(data)) {
      const e = pickError(v.errors ?? []);
      const node = nodeAt(contents(), pointer(e.instancePath));
      throw new RubricError(`${pos(node?.range?.[0] ?? 0)}: ${describe(e)}`);
    }
  }
  const rubric = hw6Rubric(data, file, options, (i, field = 'id') => pos(nodeAt(contents(), ['checks', i, field])?.range?.[0] ?? 0), prevalidated);
  cache.set(key, rubric);
  return rubric;
}

/** A check entry of an HW6-form rubric: an id kubegrade knows, or a template check's data. */
interface Hw6CheckData {
  id: string;
  points: number;
  title?: string;
  hint?: string;
  template?: string;
  role?: string;
  with?: DataParams;
  needsUsername?: boolean;
  description?: string;
}

/** A template by key: one the shipped rubric runs, else from the engine's registry (loaded then). */
function templateOf(key: string): Template | undefined {
  return HW6_TEMPLATES.get(key) ?? engineApi().TEMPLATES.get(key);
}

/** A template check from its entry; its `with` validated against the template's schema unless the build did. */
function dataCheck(c: Hw6CheckData & { template: string; title: string; hint: string }, params: Params, at: (field?: string) => string, prevalidated: boolean): RubricCheck {
  const template = templateOf(c.template);
  if (!template) {
    const meant = didYouMean(c.template, [...engineApi().TEMPLATES.keys()]);
    throw new RubricError(`${at('template')}: unknown template "${c.template}"${meant ? `; did you mean "${meant}"?` : ''} (kubegrade rubric --templates lists them)`);
  }
  if (template.needsObject !== false && !c.role) throw new RubricError(`${at('role')}: check "${c.id}": template ${template.key} reads a role's object: give the check a role`);
  if (!prevalidated) {
    // `{{username}}` is per submission (filled when the check runs); the other references are the rubric's parameters.
    const { username: _u, ...loadParams } = params;
    const bad = validateWith(template, substitute(c.with ?? {}, loadParams));
    if (bad) throw new RubricError(`${at(c.with ? 'with' : 'template')}: check "${c.id}": with${bad}`);
  }
  const refs = withRefs(c.with);
  const spec: CheckSpec = { id: c.id, points: c.points, template: template.key, impl: template, ...(c.role ? { role: c.role } : {}), with: c.with ?? {}, ...(refs ? { refs } : {}), title: c.title, hint: c.hint, ...(c.needsUsername ? { needsUsername: true } : {}) };
  const meta: CheckMeta = { id: c.id, ...(c.role ? { role: c.role } : {}), title: c.title, description: c.description ?? template.description, hint: c.hint };
  return { id: c.id, points: c.points, type: template.stage ? 'pipeline' : 'static', meta, spec, template: c.template };
}

/** A rubric in the HW6 form, from its validated data. */
function hw6Rubric(data: unknown, file: string, options: LoadOptions, idAt: (i: number, field?: string) => string, prevalidated = false): Rubric {
  const raw = data as { name: string; title?: string; params?: Record<string, unknown>; roleReasons?: string; roles?: Record<string, unknown>[]; checks: Hw6CheckData[] };
  const params: Params = { ...DEFAULT_PARAMS, ...stripNulls(raw.params ?? {}) } as Params;
  for (const s of options.set ?? []) applySet(params, s);
  // Without roles of its own, the shipped rubric's (and their wording).
  const shipped = raw.roles || file === DEFAULT_RUBRIC ? undefined : loadRubric(DEFAULT_RUBRIC).roles;
  const roleData = raw.roles ?? shipped?.data ?? [];
  const roles: Hw6Roles = { data: roleData, reasons: (raw.roles ? raw.roleReasons : shipped?.reasons) === 'plain' ? 'plain' : 'scored' };
  // The shipped rubric's static checks may be named by id alone in any other HW6-form rubric.
  const known = file === DEFAULT_RUBRIC ? checkMap([]) : checkMap(shippedStaticChecks().values());
  const seen = new Set<string>();
  const checks: RubricCheck[] = raw.checks.map((c, i) => {
    const at = () => idAt(i);
    if (seen.has(c.id)) throw new RubricError(`${at()}: check "${c.id}" is listed twice`);
    if (c.template !== undefined) {
      if (known.get(c.id)?.type === 'live') throw new RubricError(`${at()}: check "${c.id}" is kubegrade's own (${known.get(c.id)!.type}); a template check needs an id of its own`);
      seen.add(c.id);
      return dataCheck(c as Parameters<typeof dataCheck>[0], params, (field) => idAt(i, field), prevalidated);
    }
    const k = known.get(c.id);
    if (!k) {
      const meant = didYouMean(c.id, [...known.keys()]);
      throw new RubricError(`${at()}: unknown check id "${c.id}"${meant ? `; did you mean "${meant}"?` : ''} (kubegrade explain --list shows them all)`);
    }
    seen.add(c.id);
    const meta = { ...k.meta, ...(c.title ? { title: c.title } : {}), ...(c.hint ? { hint: c.hint } : {}) };
    const spec: CheckSpec = { ...k.spec, points: c.points, title: meta.title, hint: meta.hint };
    return { id: c.id, points: c.points, type: k.type, meta, spec, ...(k.spec.impl ? { template: k.spec.template } : {}) };
  });
  return { name: raw.name, title: raw.title, file, params, checks, roles, engine: hw6Engine(raw.name, raw.title, file, params, roles, checks) };
}

/**
 * An HW6-form rubric as the engine grades it: its roles, its checks, the username in file names
 * (`<username>-<env>-…`) and in `username` labels, and the objects as `kubectl apply` leaves them.
 */
export function hw6Engine(name: string, title: string | undefined, file: string, params: Params, roles: Hw6Roles, checks: readonly RubricCheck[]): DataRubric {
  const specs = buildRoles(roles.data, params, (what) => `${file}: ${what}`);
  return {
    name,
    ...(title ? { title } : {}),
    file,
    params,
    username: { marker: '-{{env}}-', label: 'username', unknown: '<username>' },
    objects: 'applied',
    roles: specs,
    resolution: resolutionOrder(specs),
    roleReasons: roles.reasons,
    checks: checks.map((c) => c.spec!),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * A data rubric: `roles:` and checks that all name a template. An HW6-form rubric may have `roles:` too,
 * beside checks kubegrade knows by id (`yaml.parse`, `schema.*`, the live pass's): the old pipeline grades it.
 */
const isDataForm = (data: unknown): boolean =>
  isObject(data) && 'roles' in data && !(Array.isArray(data.checks) && data.checks.some((c) => isObject(c) && !('template' in c)));
/** A data rubric or a variant (`extends:`): read with their `extends` chain. */
export const isLayered = (data: unknown): boolean => isObject(data) && (isDataForm(data) || 'extends' in data);

/** A rubric file's data, validated in its form (positions in errors), with its `extends` resolved. */
function readLayered(file: string, chain: string[]): Record<string, unknown> {
  const text = rubricText(file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) throw new RubricError(`${pos(doc.errors[0]!.pos[0])}: the rubric is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    throw new RubricError(`${pos(0)}: the rubric cannot be expanded: ${(err as Error).message.split('\n')[0]} (expand its aliases by hand)`);
  }
  const bad = nonFinite(data);
  if (bad) throw new RubricError(`${pos(nodeAt(doc.contents, bad)?.range?.[0] ?? 0)}: ${bad.join('.')} is not a finite number`);
  const v = isDataForm(data) ? dataValidators().data! : isObject(data) && 'extends' in data ? dataValidators().variant! : hw6Validator();
  if (!v(data)) {
    const e = pickError(v.errors ?? []);
    throw new RubricError(`${pos(nodeAt(doc.contents, pointer(e.instancePath))?.range?.[0] ?? 0)}: ${describe(e)}`);
  }
  const d = data as Record<string, unknown>;
  if (typeof d.extends !== 'string') return d;
  const parentFile = resolveRubric(d.extends, dirname(file));
  if (chain.includes(parentFile)) throw new RubricError(`${file}: extends ${d.extends}, which extends this rubric again (${[...chain, parentFile].join(' -> ')})`);
  const parent = readLayered(parentFile, [...chain, parentFile]);
  if (Array.isArray(d.checks)) {
    // Checks added to a rubric are in its form: their errors point into this file.
    const form = isDataForm(parent) ? dataValidators().data! : hw6Validator();
    if (!form({ ...parent, checks: d.checks })) {
      const e = pickError(form.errors ?? []);
      throw new RubricError(`${pos(nodeAt(doc.contents, pointer(e.instancePath))?.range?.[0] ?? 0)}: ${describe(e)}`);
    }
    if (!isDataForm(parent)) {
      // An HW6-form check of a template that reads a role's object needs the role: said at the check.
      (d.checks as Hw6CheckData[]).forEach((c, i) => {
        const t = c.template === undefined || c.role ? undefined : templateOf(c.template);
        if (t && t.needsObject !== false) throw new RubricError(`${pos(nodeAt(doc.contents, ['checks', i])?.range?.[0] ?? 0)}: check "${c.id}": template ${t.key} reads a role's object: give the check a role`);
      });
    }
  }
  const merged: Record<string, unknown> = { ...parent, ...d, params: { ...((parent.params as object) ?? {}), ...((d.params as object) ?? {}) }, checks: mergedChecks(parent.checks, d.checks) };
  delete merged.extends;
  return merged;
}

/** A variant's checks on top of its parent's: one with an id the parent has replaces it, the others follow. */
function mergedChecks(parent: unknown, added: unknown): unknown {
  if (!Array.isArray(added)) return parent;
  const byId = new Map((added as { id: string }[]).map((c) => [c.id, c]));
  const kept = ((parent as { id: string }[] | undefined) ?? []).map((c) => byId.get(c.id) ?? c);
  const have = new Set(kept.map((c) => c.id));
  return [...kept, ...(added as { id: string }[]).filter((c) => !have.has(c.id))];
}

/** A data rubric or a variant, its `extends` chain resolved. */
function loadLayered(file: string, options: LoadOptions, chain: string[]): Rubric {
  const merged = readLayered(file, chain);
  if (!isDataForm(merged)) {
    // A variant of an HW6-form rubric: the merged data is an HW6 rubric.
    const v = validate();
    if (!v(merged)) throw new RubricError(`${file}: ${describe(pickError(v.errors ?? []))}`);
    return hw6Rubric(merged, file, options, () => file);
  }
  const engine = engineApi().buildDataRubric(merged as unknown as RawDataRubric, file, options.set ?? []);
  return { name: engine.name, title: engine.title, file, params: engine.params as Params, checks: expandedChecks(engine), engine };
}

/** A data rubric's checks as the reporters look them up: one per environment where the id says `{{env}}`. */
function expandedChecks(r: DataRubric): RubricCheck[] {
  const envs = r.environments?.names ?? [''];
  const { renderText, TEMPLATES } = engineApi();
  return r.checks.flatMap((c) => {
    const per = /\{\{\s*env\s*\}\}/.test(c.id) ? envs : [''];
    return per.map((env) => {
      const id = renderText(c.id, r.params, env);
      return { id, points: c.points, type: 'static' as const, meta: { id, title: renderText(c.title, r.params, env), description: `${TEMPLATES.get(c.template)?.description ?? ''} (template ${c.template}${c.role ? `, role ${c.role}` : ''})`, hint: renderText(c.hint, r.params, env) } };
    });
  });
}

/** The complete text of a rubric: a data rubric or a variant with its `extends` resolved (kubegrade rubric --rubric NAME). */
export function resolvedRubricData(fileOrName: string): Record<string, unknown> {
  const file = resolveRubric(fileOrName);
  return readLayered(file, [file]);
}

/** Applies one `--set key=value` to the parameters, validating the result like the rubric file. */
export function applySet(params: Params, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set ${assignment}: expected key=value (e.g. --set storageClassName=rbd)`);
  const key = assignment.slice(0, eq).trim();
  const rawValue = assignment.slice(eq + 1);
  if (!(key in DEFAULT_PARAMS)) {
    const meant = didYouMean(key, Object.keys(DEFAULT_PARAMS));
    throw new UsageError(`--set ${assignment}: unknown parameter "${key}"${meant ? `; did you mean "${meant}"?` : ''} (parameters: ${Object.keys(DEFAULT_PARAMS).join(', ')})`);
  }
  let value: unknown;
  try {
    value = parseYaml(rawValue, { logLevel: 'error' }); // a warning (an unknown tag) is no message of kubegrade's
  } catch {
    value = rawValue;
  }
  if (typeof DEFAULT_PARAMS[key] === 'string' && typeof value !== 'string') value = rawValue;
  params[key] = checkParam(key, value, `--set ${assignment}`);
}

/**
 * Validates one parameter value as the rubric file's would be (the rubric
 * schema, and finite numbers only); returns it, or throws a UsageError that
 * starts with `label` (`--set redisReplicas=.inf`, `--env ''`).
 */
export function checkParam(key: string, value: unknown, label: string): unknown {
  if (nonFinite(value)) throw new UsageError(`${label}: ${String(value)} is not a finite number`);
  const v = validate();
  if (!v({ name: 'set', checks: [{ id: 'yaml.parse', points: 0 }], params: { [key]: value } })) {
    throw new UsageError(`${label}: ${describe(pickError(v.errors ?? []))}`);
  }
  return value;
}

/** The path of the first number that is not finite (.inf, .nan) in parsed YAML data. */
function nonFinite(data: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | undefined {
  if (typeof data === 'number') return Number.isFinite(data) ? undefined : path;
  if (depth > 64 || data === null || typeof data !== 'object') return undefined;
  for (const [k, v] of Object.entries(data)) {
    const r = nonFinite(v, [...path, Array.isArray(data) ? Number(k) : k], depth + 1);
    if (r) return r;
  }
  return undefined;
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** The most specific error: ajv reports a failing parent and its children; the deepest says most. */
function pickError(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => pointer(b.instancePath).length - pointer(a.instancePath).length)[0]!;
}

function pointer(p: string): (string | number)[] {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? pointer(e.instancePath).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1) : 'the rubric';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties) ?? {});
      const meant = didYouMean(field, allowed);
      return `${where} has an unknown field "${field}"${meant ? `; did you mean "${meant}"?` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'required':
      return `${where} is missing "${String(p.missingProperty)}"`;
    case 'type':
      return `${where} must be ${String(p.type)}`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

function nodeAt(root: unknown, path: (string | number)[]): Node | undefined {
  let node = root as Node | undefined;
  let last = node;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && it.key.value === seg);
      if (!pair) return last;
      last = (pair.key as Node) ?? last;
      node = (pair.value as Node) ?? undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg] as Node | undefined;
    } else {
      return last;
    }
    if (node) last = node;
  }
  return node ?? last;
}

/** A check's text with the rubric's parameters filled in. */
export function render(text: string, params: Params): string {
  return interpolate(text, params);
}
