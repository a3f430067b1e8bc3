/**
 * Small, pure readers of Kubernetes objects as plain data: pod templates,
 * containers, ports, selectors, images and quantities. No positions here;
 * callers pair the paths these return with `KObject.at(path)`.
 */
import type { KObject, Path } from '../parse/index.js';

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function get(v: unknown, path: Path): unknown {
  let cur = v;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRec(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/** Kinds whose objects run pods, and where their pod template sits. */
const TEMPLATE_PATH: Record<string, Path> = {
  deployment: ['spec', 'template'],
  statefulset: ['spec', 'template'],
  replicaset: ['spec', 'template'],
  daemonset: ['spec', 'template'],
  replicationcontroller: ['spec', 'template'],
  job: ['spec', 'template'],
  cronjob: ['spec', 'jobTemplate', 'spec', 'template'],
  pod: [],
};

export function kindIs(obj: KObject, kind: string): boolean {
  return (obj.kind ?? '').toLowerCase() === kind.toLowerCase();
}

/** The path of the object's pod template (`[]` for a Pod), or undefined when it runs no pods. */
export function templatePath(obj: KObject): Path | undefined {
  return TEMPLATE_PATH[(obj.kind ?? '').toLowerCase()];
}

export interface PodTemplate {
  obj: KObject;
  /** Path of the template (`metadata` and `spec` sit below it). */
  path: Path;
  labels: Rec;
}

export function podTemplate(obj: KObject): PodTemplate | undefined {
  const path = templatePath(obj);
  if (!path) return undefined;
  const labels = get(obj.value, [...path, 'metadata', 'labels']);
  return { obj, path, labels: isRec(labels) ? labels : {} };
}

export interface Container {
  /** Path of the container in the object. */
  path: Path;
  value: Rec;
}

/** Containers and init containers of a workload's pod template. */
export function containers(obj: KObject, includeInit = false): Container[] {
  const t = templatePath(obj);
  if (!t) return [];
  const out: Container[] = [];
  for (const field of includeInit ? ['containers', 'initContainers'] : ['containers']) {
    const list = get(obj.value, [...t, 'spec', field]);
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (isRec(c)) out.push({ path: [...t, 'spec', field, i], value: c });
    });
  }
  return out;
}

/** A port number as the rubric compares it: numbers, and numeric strings ("6379"), count. */
export function portNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

export interface ContainerPort {
  path: Path;
  number: number | undefined;
  name: string | undefined;
}

export function containerPorts(obj: KObject): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of containers(obj)) {
    const ports = c.value.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p, i) => {
      if (!isRec(p)) return;
      out.push({
        path: [...c.path, 'ports', i],
        number: portNumber(p.containerPort),
        name: typeof p.name === 'string' ? p.name : undefined,
      });
    });
  }
  return out;
}

export function declaresPort(obj: KObject, port: number): boolean {
  return containerPorts(obj).some((p) => p.number === port);
}

/** A label selector as plain pairs; values compared as strings (YAML may have made `1` a number). */
export function pairs(v: unknown): [string, string][] {
  if (!isRec(v)) return [];
  return Object.entries(v).map(([k, val]) => [k, labelValue(val)]);
}

export function labelValue(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** True when the selector is non-empty and each of its pairs is among the labels. */
export function selects(selector: unknown, labels: Rec): boolean {
  const sel = pairs(selector);
  return sel.length > 0 && sel.every(([k, v]) => k in labels && labelValue(labels[k]) === v);
}

// ---- images -----------------------------------------------------------------

export interface ImageRef {
  /** `docker.io/library/redis` */
  repository: string;
  /** `5.0.0`, or `latest` when neither tag nor digest is given */
  tag: string | undefined;
  digest: string | undefined;
  /** Last path segment of the repository: `redis`. */
  name: string;
}

/** Docker's normalisation: `redis:5.0.0` and `docker.io/library/redis:5.0.0` are the same image. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository: string;
  if (!hasRegistry) repository = parts.length === 1 ? `docker.io/library/${rest}` : `docker.io/${rest}`;
  else if ((first === 'docker.io' || first === 'index.docker.io') && parts.length === 2) repository = `docker.io/library/${parts[1]}`;
  else if (first === 'index.docker.io') repository = `docker.io/${parts.slice(1).join('/')}`;
  else repository = rest;
  repository = repository.toLowerCase();
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest, name: repository.slice(repository.lastIndexOf('/') + 1) };
}

export function sameImage(a: string, b: string): boolean {
  const x = parseImage(a);
  const y = parseImage(b);
  return x.repository === y.repository && x.tag === y.tag && x.digest === y.digest;
}

/** Runs the official Redis image: the last path segment of the repository is `redis`. */
export function isRedisImage(image: unknown): boolean {
  return typeof image === 'string' && image.trim() !== '' && parseImage(image).name === 'redis';
}


// ---- commands, environment variables, Services and Ingresses ------------------

/** A container's `command` and `args` as words: strings split on whitespace and `; & | ( ) ' " \``. */
export function commandWords(c: Rec): { command: string[]; args: string[] } {
  const split = (v: unknown): string[] =>
    (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .filter((x): x is string | number => typeof x === 'string' || typeof x === 'number')
      .flatMap((s) => String(s).split(/[\s;&|()'"`]+/))
      .filter((w) => w !== '');
  return { command: split(c.command), args: split(c.args) };
}

/** The first word a container runs: the first of `command`, or of `args` when there is no command. */
export function firstCommandWord(c: Rec): string | undefined {
  const { command, args } = commandWords(c);
  return command.length ? command[0] : args[0];
}

/** Some word of `command`/`args` ends in `program` or `program.py` after a `/` or `.`, or is it (`worker.py`, `src/worker.py`, `src.worker`). */
export function runsProgram(c: Rec, program: string): boolean {
  const { command, args } = commandWords(c);
  const p = program.toLowerCase();
  return [...command, ...args].some((w) => {
    const x = w.toLowerCase();
    for (const end of [p, `${p}.py`]) if (x === end || x.endsWith(`/${end}`) || x.endsWith(`.${end}`)) return true;
    return false;
  });
}

export interface EnvVar {
  /** Path of the `env` entry in the object. */
  path: Path;
  name: string;
  value: unknown;
  valueFrom: unknown;
}

/** Every `env` entry of every container (init containers included) of a workload's pod template. */
export function envVars(obj: KObject): EnvVar[] {
  const out: EnvVar[] = [];
  for (const c of containers(obj, true)) {
    const env = c.value.env;
    if (!Array.isArray(env)) continue;
    env.forEach((e, i) => {
      if (isRec(e) && typeof e.name === 'string') out.push({ path: [...c.path, 'env', i], name: e.name, value: e.value, valueFrom: e.valueFrom });
    });
  }
  return out;
}

export interface ServicePort {
  path: Path;
  port: number | undefined;
  name: string | undefined;
  /** As written: a number, a name, or undefined (absent means `port`). */
  targetPort: unknown;
  nodePort: number | undefined;
}

export function servicePorts(obj: KObject): ServicePort[] {
  const ports = get(obj.value, ['spec', 'ports']);
  if (!Array.isArray(ports)) return [];
  const out: ServicePort[] = [];
  ports.forEach((p, i) => {
    if (!isRec(p)) return;
    out.push({ path: ['spec', 'ports', i], port: portNumber(p.port), name: typeof p.name === 'string' ? p.name : undefined, targetPort: p.targetPort, nodePort: portNumber(p.nodePort) });
  });
  return out;
}

/** A Service's `spec.type`; absent means ClusterIP. */
export function serviceType(obj: KObject): unknown {
  const t = get(obj.value, ['spec', 'type']);
  return t === undefined || t === null ? 'ClusterIP' : t;
}

export interface IngressBackend {
  /** Path of the backend (the `backend` map, or `spec.defaultBackend`). */
  path: Path;
  service: string | undefined;
  /** `port.number` (v1) or `servicePort` when a number (v1beta1), as written. */
  portNumber: unknown;
  /** `port.name` (v1) or `servicePort` when a string (v1beta1). */
  portName: string | undefined;
  /** Path of the port node, for messages. */
  portPath: Path;
}

/** Every backend of an Ingress: `spec.rules[].http.paths[].backend` and `spec.defaultBackend` (v1 and v1beta1 forms). */
export function ingressBackends(obj: KObject): IngressBackend[] {
  const out: IngressBackend[] = [];
  const read = (b: unknown, path: Path) => {
    if (!isRec(b)) return;
    if (isRec(b.service)) {
      const port = isRec(b.service.port) ? b.service.port : {};
      out.push({ path, service: typeof b.service.name === 'string' ? b.service.name : undefined, portNumber: port.number, portName: typeof port.name === 'string' ? port.name : undefined, portPath: [...path, 'service', 'port'] });
    } else if ('serviceName' in b || 'servicePort' in b) {
      const sp = b.servicePort;
      out.push({ path, service: typeof b.serviceName === 'string' ? b.serviceName : undefined, portNumber: typeof sp === 'string' && !/^\d+$/.test(sp) ? undefined : sp, portName: typeof sp === 'string' && !/^\d+$/.test(sp) ? sp : undefined, portPath: [...path, 'servicePort'] });
    } else out.push({ path, service: undefined, portNumber: undefined, portName: undefined, portPath: path });
  };
  const rules = get(obj.value, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((r, i) => {
      const paths = get(r, ['http', 'paths']);
      if (Array.isArray(paths)) paths.forEach((p, j) => read(get(p, ['backend']), ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
    });
  }
  for (const key of ['defaultBackend', 'backend']) {
    const d = get(obj.value, ['spec', key]);
    if (d !== undefined) read(d, ['spec', key]);
  }
  return out;
}

/** Names of the PVCs a workload's pod template claims, with the volume's name. */
export function claims(obj: KObject): { volume: string; claim: string; path: Path }[] {
  const t = podTemplate(obj);
  if (!t) return [];
  const vols = get(obj.value, [...t.path, 'spec', 'volumes']);
  if (!Array.isArray(vols)) return [];
  const out: { volume: string; claim: string; path: Path }[] = [];
  vols.forEach((v, i) => {
    const claim = get(v, ['persistentVolumeClaim', 'claimName']);
    if (typeof claim === 'string') out.push({ volume: String(get(v, ['name']) ?? ''), claim, path: [...t.path, 'spec', 'volumes', i] });
  });
  return out;
}

/**
 * An image reference Docker accepts, with a namespace (`user/repo[:tag][@digest]`, a registry host
 * may come first): not a bare name (an official library image) nor a placeholder (`<image>`).
 */
export const NAMESPACED_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$/;
/** A bare name (`redis`, `jobs-api:1.0`): Docker reads it as `docker.io/library/<name>`. */
export const BARE_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[\w][\w.-]*)?$/;
