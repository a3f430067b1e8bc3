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

/** One student's share of the cluster for --jobs: the quota's requests. */
export const STUDENT_REQUESTS = { cpuMilli: 500, memoryBytes: 768 * 2 ** 20 };

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

/**
 * How many students at once the cluster can take: its nodes' allocatable CPU
 * and memory (schedulable nodes), each divided by one student's requests
 * budget, the smaller; at least 1, at most `cap`.
 */
export function jobsFor(nodes: Json[], cap = 16): { jobs: number; why: string } {
  let cpu = 0;
  let mem = 0;
  for (const n of nodes) {
    if (n.spec?.unschedulable) continue;
    cpu += cpuMilli(n.status?.allocatable?.cpu) ?? 0;
    mem += memBytes(n.status?.allocatable?.memory) ?? 0;
  }
  const byCpu = Math.floor(cpu / STUDENT_REQUESTS.cpuMilli);
  const byMem = Math.floor(mem / STUDENT_REQUESTS.memoryBytes);
  const jobs = Math.max(1, Math.min(cap, byCpu, byMem));
  return { jobs, why: `${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${cpu / 1000} CPU and ${Math.round(mem / 2 ** 30 * 10) / 10} GiB allocatable, ${STUDENT_REQUESTS.cpuMilli}m CPU and ${STUDENT_REQUESTS.memoryBytes / 2 ** 20} MiB per student → ${jobs} at once` };
}
