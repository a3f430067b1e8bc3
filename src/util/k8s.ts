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

/**
 * The pod spec written one level too little, beside the template instead of under it
 * (`spec.spec.containers` with no `spec.template.spec`): its path, or undefined.
 */
export function misplacedPodSpec(obj: KObject): Path | undefined {
  const t = templatePath(obj);
  if (!t || t.length === 0 || get(obj.value, [...t, 'spec']) !== undefined) return undefined;
  const beside = [...t.slice(0, -1), 'spec'];
  return isRec(get(obj.value, [...beside, 'containers'])) || Array.isArray(get(obj.value, [...beside, 'containers'])) ? beside : undefined;
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

