/**
 * Kubernetes objects as plain data: reading a path, kinds, and where each
 * kind that runs pods keeps its pod template (the one home of that path),
 * its containers. No positions here; callers pair the paths these return
 * with `KObject.at(path)`.
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

/** Where objects of this kind keep their pod template (`[]` for a Pod), or undefined for a kind that runs no pods. */
export function templatePathOfKind(kind: string | undefined): Path | undefined {
  return TEMPLATE_PATH[(kind ?? '').toLowerCase()];
}

/** The path of the object's pod template (`[]` for a Pod), or undefined when it runs no pods. */
export function templatePath(obj: KObject): Path | undefined {
  return templatePathOfKind(obj.kind);
}

/** The object's pod template path, or a Deployment's (spec.template) for a kind that runs none: where a hint or a fix writes what a workload's pods need. */
export function templatePathOrDeployment(obj: KObject): Path {
  return templatePath(obj) ?? TEMPLATE_PATH.deployment!;
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

// ---- scope ------------------------------------------------------------------

/** Built-in kinds that live outside any namespace (`kubectl api-resources --namespaced=false`). */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest',
  'ComponentStatus', 'FlowSchema', 'PriorityLevelConfiguration', 'IPAddress', 'ServiceCIDR',
]);

/** Whether an object of this kind lives in a namespace. */
export function isNamespaced(kind: string | undefined): boolean {
  return kind !== undefined && !CLUSTER_SCOPED.has(kind);
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
