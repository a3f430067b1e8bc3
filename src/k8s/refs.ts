/**
 * What a workload runs and what refers to what: container commands, environment variables,
 * Service ports and type, Ingress backends (v1 and v1beta1), volume claims.
 */
import type { KObject, Path } from '../parse/index.js';
import { containers, get, isRec, podTemplate, type Rec } from './objects.js';
import { portNumber } from './ports.js';


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

/** Whether a container's `env` entry named `name` takes its value from the Downward API field `fieldPath` (`valueFrom.fieldRef.fieldPath: status.podIP`). */
export function envFromField(obj: KObject, name: string, fieldPath: string): boolean {
  return envVars(obj).some((e) => e.name === name && get(e.valueFrom, ['fieldRef', 'fieldPath']) === fieldPath);
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
  return serviceTypeSet(obj) ? get(obj.value, ['spec', 'type']) : 'ClusterIP';
}

/** Whether a Service's `spec.type` is written: absent, null and `""` are not (the API server defaults each to ClusterIP). */
export function serviceTypeSet(obj: KObject): boolean {
  const t = get(obj.value, ['spec', 'type']);
  return t !== undefined && t !== null && t !== '';
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
