/**
 * How an object is recognised for a role: a closed set of matchers, each a
 * one-key map in the rubric (`{mentions: [redis, db]}`, `{selects: flask-deployment}`).
 * A matcher reads an object and the roles already taken in its environment.
 */
import type { KObject } from '../parse/index.js';
import {
  containers, declaresPort, envFromField, envVars, firstCommandWord, get, ingressBackends, isRec, kindIs, parseImage,
  podTemplate, runsProgram, selects, servicePorts, serviceType, claims,
} from '../k8s/index.js';
import { baseName } from './envs.js';
import type { Matcher, Params } from './types.js';
import { substitute } from './params.js';

export interface MatchScope {
  /** The objects of the object's environment. */
  envObjects: readonly KObject[];
  /** A role's object in the object's environment. */
  role(name: string): KObject | undefined;
  env: string;
  /** What references left for grading time in a matcher's argument stand for (`{{username}}`, `{{env}}`). */
  vars?: Params;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** "Mentions X": X is a case-insensitive substring of the object's file path or `metadata.name`. */
export function mentions(obj: KObject, w: string): boolean {
  const x = w.toLowerCase();
  return obj.file.toLowerCase().includes(x) || (obj.name ?? '').toLowerCase().includes(x);
}

/** The official image of this name (the last path segment of the repository): `redis:7`, `docker.io/library/redis`. */
export function runsImage(obj: KObject, name: string): boolean {
  return containers(obj).some((c) => typeof c.value.image === 'string' && c.value.image.trim() !== '' && parseImage(c.value.image).name === name.toLowerCase());
}

/** A Service of the scope selects the object's pod template. */
function selectedByService(obj: KObject, scope: MatchScope, cond: Record<string, unknown>): boolean {
  const t = podTemplate(obj);
  if (!t) return false;
  return scope.envObjects.some((s) => {
    if (!kindIs(s, 'Service') || !selects(get(s.value, ['spec', 'selector']), t.labels)) return false;
    const ports = servicePorts(s).map((p) => p.port);
    if (cond.port !== undefined && !ports.includes(Number(cond.port))) return false;
    if (cond.notPort !== undefined && ports.includes(Number(cond.notPort))) return false;
    return true;
  });
}

/** A Service selects the pod template of a role's object. */
export function selectsRole(svc: KObject, target: KObject | undefined): boolean {
  const t = target && podTemplate(target);
  return Boolean(t && selects(get(svc.value, ['spec', 'selector']), t.labels));
}

/** A Service's port reaches a workload's container: targetPort (absent: port) a declared containerPort, or `fallback` when none is declared; a name, a named port. */
export function reachesContainer(svc: KObject, workload: KObject | undefined, fallback: number): boolean {
  if (!workload) return false;
  const declared = containers(workload).flatMap((c) => (Array.isArray(c.value.ports) ? c.value.ports : []).filter(isRec));
  const numbers = declared.map((p) => Number(p.containerPort)).filter((n) => Number.isInteger(n));
  const names = declared.map((p) => p.name).filter((n): n is string => typeof n === 'string');
  return servicePorts(svc).some((p) => {
    const t = p.targetPort ?? p.port;
    if (typeof t === 'string' && !/^\d+$/.test(t)) return names.includes(t);
    const n = Number(t);
    return numbers.length ? numbers.includes(n) : n === fallback;
  });
}

export const MATCHERS: Record<string, (obj: KObject, arg: unknown, scope: MatchScope) => boolean> = {
  /** Case-insensitive substring of the path or metadata.name (any of the words). */
  mentions: (o, a) => list(a).some((w) => mentions(o, w)),
  /**
   * The file's own name is `stem` with one of `extensions` (default .yml, .yaml): the file a role's object
   * is expected in. A stem with a reference left unresolved (`{{username}}`, the username unknown) names no file.
   */
  fileNamed: (o, a) => {
    if (!isRec(a) || typeof a.stem !== 'string' || a.stem.includes('{{')) return false;
    const exts = a.extensions === undefined ? ['.yml', '.yaml'] : list(a.extensions);
    const base = baseName(o.file);
    return exts.some((e) => base === a.stem + e);
  },
  /** Substring of the file's own name, lower-cased. */
  fileSays: (o, a) => list(a).some((w) => baseName(o.file).toLowerCase().includes(w.toLowerCase())),
  /** A container runs the official image of this name. */
  image: (o, a) => list(a).some((n) => runsImage(o, n)),
  /** A container's first command word (first args word without a command) is one of these. */
  command: (o, a) => containers(o).some((c) => list(a).includes(firstCommandWord(c.value) ?? '\0')),
  /** Some word of a container's command/args runs this program (`worker`, `worker.py`, `src/worker.py`). */
  program: (o, a) => containers(o).some((c) => list(a).some((p) => runsProgram(c.value, p))),
  /** A container declares this containerPort. */
  containerPort: (o, a) => declaresPort(o, Number(a)),
  /** A Service has this port. */
  servicePort: (o, a) => servicePorts(o).some((p) => p.port === Number(a)),
  /** A Service's type (absent: ClusterIP). */
  serviceType: (o, a) => kindIs(o, 'Service') && serviceType(o) === a,
  /** A Service selects a role's pod template. */
  selects: (o, a, s) => selectsRole(o, s.role(String(a))),
  /** A Service's port reaches a role's container (`{role, fallback}`). */
  reaches: (o, a, s) => isRec(a) && reachesContainer(o, s.role(String(a.role)), Number(a.fallback)),
  /** Selected by a Service of the environment (`{port: 6379}`, `{notPort: 6379}`, `{}`). */
  selectedBy: (o, a, s) => selectedByService(o, s, isRec(a) ? a : {}),
  /** A PVC claimed by a role's pod template. */
  claimedBy: (o, a, s) => {
    const w = s.role(String(a));
    return Boolean(w && o.name !== undefined && claims(w).some((c) => c.claim === o.name));
  },
  /** An Ingress with a backend naming a Service of the environment that selects a role's pod template. */
  routesTo: (o, a, s) => {
    const target = s.role(String(a));
    return ingressBackends(o).some((b) => s.envObjects.some((x) => kindIs(x, 'Service') && x.name === b.service && selectsRole(x, target)));
  },
  /** A Service some Ingress of the environment routes to. */
  routedTo: (o, _a, s) => s.envObjects.some((i) => kindIs(i, 'Ingress') && ingressBackends(i).some((b) => b.service === o.name)),
  /** A container has an environment variable of this name (any of the names); `{name, fieldPath}`: one that takes its value from that Downward API field. */
  envVar: (o, a) => (isRec(a) ? envFromField(o, String(a.name), String(a.fieldPath)) : envVars(o).some((e) => list(a).includes(e.name))),
  /** The object's environment. */
  environment: (_o, a, s) => list(a).includes(s.env),
  /** Any object of the kind (the catch-all of a `first` list). */
  any: () => true,
};

export function matches(obj: KObject, m: Matcher, scope: MatchScope): boolean {
  for (const [key, arg] of Object.entries(m)) {
    // The words of a `first` rule for the report, not a condition.
    if (key === 'why') continue;
    if (key === 'not') {
      if (matches(obj, arg as Matcher, scope)) return false;
      continue;
    }
    if (key === 'anyOf') {
      if (!(arg as Matcher[]).some((x) => matches(obj, x, scope))) return false;
      continue;
    }
    const f = MATCHERS[key];
    if (!f || !f(obj, scope.vars ? substitute(arg, scope.vars) : arg, scope)) return false;
  }
  return true;
}

export const MATCHER_NAMES = [...Object.keys(MATCHERS), 'not', 'anyOf'];

/** The matchers whose argument names a role (`{reaches: {role: …}}`): a role that uses one is resolved after that role. */
export function rolesNamed(m: Matcher): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'selects' || k === 'claimedBy' || k === 'routesTo') out.push(String(v));
    else if (k === 'reaches' && isRec(v)) out.push(String(v.role));
    else if (k === 'not') out.push(...rolesNamed(v as Matcher));
    else if (k === 'anyOf') for (const x of v as Matcher[]) out.push(...rolesNamed(x));
  }
  return out;
}
