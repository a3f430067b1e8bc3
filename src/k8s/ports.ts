/** Ports: a port number as Kubernetes reads it, the ports a workload's containers declare. */
import type { KObject, Path } from '../parse/index.js';
import { containers, isRec } from './objects.js';

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

/** The container port of the workload's pods that has this name (a Service's named targetPort), if any. */
export function namedContainerPort(obj: KObject, name: unknown): ContainerPort | undefined {
  return containerPorts(obj).find((cp) => cp.name === name);
}

/** The port number a Service's targetPort reaches: itself when a number, else the number of the target's container port of that name. */
export function targetPortNumber(targetPort: unknown, target: KObject | undefined): number | undefined {
  const n = portNumber(targetPort);
  if (n !== undefined) return n;
  return target ? namedContainerPort(target, targetPort)?.number : undefined;
}
