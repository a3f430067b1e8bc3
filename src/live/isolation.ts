/**
 * Isolation of one deployed submission (`--deploy`): its namespace gets a
 * ResourceQuota and a LimitRange sized for the homework (one Redis pod, two
 * Flask pods, the probe pod, and the Redis pod's replacement while the old
 * one terminates), and a NetworkPolicy under which only pods of the same
 * namespace — the student's own and kubegrade's probe pod — reach the
 * student's pods: another student's pods cannot. All three carry the run's
 * labels and go with the namespace.
 *
 * A student whose own requests exceed the budget gets a clear finding (the
 * ReplicaSet cannot create the pod: see quotaTrouble), not a wait.
 *
 * The NetworkPolicy is only as good as the cluster's network plugin: one that
 * does not enforce policies (the plain bridge CNI of the local test cluster)
 * accepts it and lets everything through. docs/live.md says which plugins do.
 */
import type { Json } from './errors.js';
import { MANAGED_BY, RUN_ID } from './probe.js';

/** What one student's namespace may use. The default requests are small so that the course's pods (which set none) fit many to a node. */
export const BUDGET = {
  /** ResourceQuota hard limits. */
  quota: { pods: '12', 'requests.cpu': '500m', 'requests.memory': '768Mi', 'limits.cpu': '8', 'limits.memory': '8Gi', persistentvolumeclaims: '4', 'requests.storage': '20Gi', services: '10' },
  /** LimitRange, per container: the default request and limit (for containers that set none) and the most one may ask. */
  container: { defaultRequest: { cpu: '25m', memory: '48Mi' }, default: { cpu: '1', memory: '768Mi' }, max: { cpu: '2', memory: '1536Mi' } },
} as const;

export const POLICY_NAME = 'kubegrade-isolation';

export function isolationObjects(runId: string, o: { allowNamespace?: string } = {}): Json[] {
  const labels = { [MANAGED_BY]: 'kubegrade', [RUN_ID]: runId };
  const from: Json[] = [{ podSelector: {} }];
  // --probe direct from a pod elsewhere: its namespace too.
  if (o.allowNamespace) from.push({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': o.allowNamespace } } });
  return [
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'kubegrade-budget', labels }, spec: { hard: { ...BUDGET.quota } } },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'kubegrade-budget', labels },
      spec: { limits: [{ type: 'Container', defaultRequest: { ...BUDGET.container.defaultRequest }, default: { ...BUDGET.container.default }, max: { ...BUDGET.container.max } }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: POLICY_NAME, labels },
      // Ingress only: the student's pods may still resolve names and reach each other; nothing from another namespace reaches them.
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from }] },
    },
  ];
}

/** The budget in one line, for findings. */
export function budgetText(): string {
  const q = BUDGET.quota;
  const c = BUDGET.container;
  return `per student: requests ${q['requests.cpu']} CPU and ${q['requests.memory']} memory, limits ${q['limits.cpu']} CPU and ${q['limits.memory']}, ${q.pods} pods; per container at most ${c.max.cpu} CPU and ${c.max.memory}`;
}

/**
 * A Deployment whose pods the API server refuses for the namespace's quota or
 * limit range (its ReplicaFailure condition, FailedCreate): the student's own
 * requests are over the budget. Undefined otherwise.
 */
export function quotaTrouble(deployment: Json, replicasets: Iterable<Json>): string | undefined {
  const conds: Json[] = [...(deployment?.status?.conditions ?? [])];
  for (const rs of replicasets) {
    const mine = (rs.metadata?.ownerReferences ?? []).some((o: Json) => o.controller && o.uid === deployment?.metadata?.uid);
    if (mine) conds.push(...(rs.status?.conditions ?? []));
  }
  for (const c of conds) {
    if (c.type !== 'ReplicaFailure' || c.status !== 'True') continue;
    const m = String(c.message ?? '');
    // (a request over the default limit of a container that sets no limit is refused too: "must be less than or equal to cpu limit")
    if (/exceeded quota|maximum (cpu|memory) usage|must specify (limits|requests)|LimitRange|minimum (cpu|memory) usage|must be less than or equal to (cpu|memory) limit/i.test(m)) return m;
  }
  return undefined;
}

/** Parses a CPU quantity into millicores ("2" → 2000, "1500m" → 1500). */
export function cpuMilli(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = /^([0-9.]+)(m?)$/.exec(q.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };
/** Parses a memory quantity into bytes ("8Gi", "16318844Ki"). */
export function memBytes(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return undefined;
  return Number(m[1]) * BIN[m[2] ?? '']!;
}

/** CPU (millicores) and memory (bytes) requested. */
export interface Requests {
  cpuMilli: number;
  memoryBytes: number;
}

const NONE: Requests = { cpuMilli: 0, memoryBytes: 0 };
const QUOTA_REQUESTS: Requests = { cpuMilli: cpuMilli(BUDGET.quota['requests.cpu'])!, memoryBytes: memBytes(BUDGET.quota['requests.memory'])! };
const DEFAULT_REQUEST: Requests = { cpuMilli: cpuMilli(BUDGET.container.defaultRequest.cpu)!, memoryBytes: memBytes(BUDGET.container.defaultRequest.memory)! };

/** A quantity as YAML may hold it (`0.5`, `"500m"`, `134217728`), or undefined. */
const quantity = (q: unknown) => (typeof q === 'string' || typeof q === 'number' ? String(q) : undefined);

/**
 * What one pod (its spec) requests: the sum of its containers, or its largest init container if more,
 * as the scheduler counts it. A container without a request gets its limit (as the API server defaults
 * it), else `dflt` (the LimitRange's defaultRequest for a student's pod; none for a pod already placed,
 * whose requests were filled in when it was made).
 */
export function podRequests(spec: Json, dflt: Requests = NONE): Requests {
  const one = (c: Json): Requests => {
    const r = c?.resources ?? {};
    return {
      cpuMilli: cpuMilli(quantity(r.requests?.cpu ?? r.limits?.cpu)) ?? dflt.cpuMilli,
      memoryBytes: memBytes(quantity(r.requests?.memory ?? r.limits?.memory)) ?? dflt.memoryBytes,
    };
  };
  const list = (x: unknown): Json[] => (Array.isArray(x) ? x : []);
  const sum = list(spec?.containers).map(one).reduce(add, NONE);
  return list(spec?.initContainers).map(one).reduce((m, x) => ({ cpuMilli: Math.max(m.cpuMilli, x.cpuMilli), memoryBytes: Math.max(m.memoryBytes, x.memoryBytes) }), sum);
}

const add = (a: Requests, b: Requests): Requests => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes });

/** A workload's pod template and how many pods it runs at once. */
function podsOf(kind: string | undefined, v: Json): { spec: Json; count: number } | undefined {
  const n = (x: unknown) => {
    const k = Number(x ?? 1);
    return Number.isFinite(k) && k >= 0 ? Math.min(k, Number(BUDGET.quota.pods)) : 1;
  };
  switch (kind) {
    case 'Pod':
      return { spec: v?.spec, count: 1 };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return { spec: v?.spec?.template?.spec, count: n(v?.spec?.replicas) };
    case 'Job':
      return { spec: v?.spec?.template?.spec, count: n(v?.spec?.parallelism) };
    case 'CronJob':
      return { spec: v?.spec?.jobTemplate?.spec?.template?.spec, count: n(v?.spec?.jobTemplate?.spec?.parallelism) };
    case 'DaemonSet':
      return { spec: v?.spec?.template?.spec, count: 1 };
    default:
      return undefined;
  }
}

/**
 * What one deployed student takes from the cluster at most: their pods' requests under the namespace's
 * LimitRange (the course's set none: 25m and 48Mi per container), one more of their largest pod (the
 * Redis pod's replacement starts while the old one terminates), and kubegrade's own pods there (`extra`:
 * the probe pod, a Job's pod); never more than the quota's requests, which refuse the rest.
 */
export function studentRequests(objects: readonly { kind?: string; value: unknown }[], extra: readonly Requests[]): Requests {
  let total = extra.reduce(add, NONE);
  let largest = NONE;
  for (const o of objects) {
    const w = podsOf(o.kind, o.value as Json);
    if (!w) continue;
    const one = podRequests(w.spec, DEFAULT_REQUEST);
    total = add(total, { cpuMilli: one.cpuMilli * w.count, memoryBytes: one.memoryBytes * w.count });
    if (w.count > 0 && one.cpuMilli + one.memoryBytes / 2 ** 20 > largest.cpuMilli + largest.memoryBytes / 2 ** 20) largest = one;
  }
  total = add(total, largest);
  return { cpuMilli: Math.min(total.cpuMilli, QUOTA_REQUESTS.cpuMilli), memoryBytes: Math.min(total.memoryBytes, QUOTA_REQUESTS.memoryBytes) };
}

/** What the pods placed on schedulable nodes request already (pods that have not ended). */
export function placedRequests(nodes: Json[], pods: Json[]): Requests {
  const on = new Set(nodes.filter((n) => !n.spec?.unschedulable).map((n) => n.metadata?.name));
  return pods.filter((p) => on.has(p.spec?.nodeName) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').reduce((s, p) => add(s, podRequests(p.spec)), NONE);
}

const cpuText = (m: number) => (m >= 1000 ? `${Math.round(m / 100) / 10} CPU` : `${Math.round(m)}m CPU`);
const memText = (b: number) => (b >= 2 ** 30 ? `${Math.round((b / 2 ** 30) * 10) / 10} GiB` : `${Math.round(b / 2 ** 20)} MiB`);

/**
 * How many students at once the cluster can take: its schedulable nodes' allocatable CPU and memory,
 * less what the pods already there request (`placed`), over what the students request (`students`, one
 * per student: studentRequests): the most k such that any k of them fit at once (the k largest). With
 * no students' requests, each counts as the quota's requests (the most one may take). At least 1, at
 * most `cap`.
 */
export function jobsFor(nodes: Json[], o: { students?: readonly Requests[]; placed?: Requests; cap?: number } = {}): { jobs: number; why: string } {
  const cap = o.cap ?? 16;
  let cpu = 0;
  let mem = 0;
  for (const n of nodes) {
    if (n.spec?.unschedulable) continue;
    cpu += cpuMilli(n.status?.allocatable?.cpu) ?? 0;
    mem += memBytes(n.status?.allocatable?.memory) ?? 0;
  }
  const placed = o.placed ?? NONE;
  const freeCpu = cpu - placed.cpuMilli;
  const freeMem = mem - placed.memoryBytes;
  const students = o.students?.length ? o.students : undefined;
  let jobs: number;
  if (students) {
    const cpus = students.map((s) => s.cpuMilli).sort((a, b) => b - a);
    const mems = students.map((s) => s.memoryBytes).sort((a, b) => b - a);
    let k = 0;
    let c = 0;
    let m = 0;
    while (k < Math.min(cap, students.length) && c + cpus[k]! <= freeCpu && m + mems[k]! <= freeMem) {
      c += cpus[k]!;
      m += mems[k]!;
      k++;
    }
    jobs = Math.max(1, k);
  } else jobs = Math.max(1, Math.min(cap, Math.floor(freeCpu / QUOTA_REQUESTS.cpuMilli), Math.floor(freeMem / QUOTA_REQUESTS.memoryBytes)));
  const there = `${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${cpuText(cpu)} and ${memText(mem)} allocatable${placed.cpuMilli || placed.memoryBytes ? `, ${cpuText(placed.cpuMilli)} and ${memText(placed.memoryBytes)} requested by the pods there` : ''}`;
  const each = students
    ? `a student's pods request at most ${cpuText(Math.max(...students.map((s) => s.cpuMilli)))} and ${memText(Math.max(...students.map((s) => s.memoryBytes)))} (kubegrade's probe pod and a replacement pod included)`
    : `${cpuText(QUOTA_REQUESTS.cpuMilli)} and ${memText(QUOTA_REQUESTS.memoryBytes)} per student (the quota)`;
  return { jobs, why: `${there}; ${each} → ${jobs} at once` };
}
