/**
 * The state checks: live.pvc-bound, live.redis-ready, live.flask-ready,
 * live.redis-endpoints, live.flask-endpoints. Each waits (by watch, under
 * the `ready` time limit) for the good state, and stops early with a `fail`
 * when the cluster already says it will not come: a claim whose storage
 * class does not exist, an image that cannot be pulled, a container in a
 * crash loop, a Service that selects pods it should not. The messages are
 * the cluster's own words (events, waiting reasons, the last log lines).
 */
import type { LiveOutcome } from '../grade.js';
import { conditionOf, isKubeError, type Json, type KubeApi, R } from './kube.js';
import { podTrouble } from './probe.js';
import { fmtMs, StepTimeout, withTimeout } from './steps.js';
import { waitUntil, type Snapshot } from './watch.js';
import { selects } from '../k8s/index.js';
import { attachTrouble, INFRA_PREFIX, isEvicted, provisioningIsInfra, pullIsInfra, schedulingIsInfra } from './infra.js';
import { budgetText, quotaTrouble } from './isolation.js';

export interface StateContext {
  kube: KubeApi;
  ns: string;
  readyMs: number;
  signal: AbortSignal;
  /** Resolves with a reason when waiting longer is pointless (the PVC the Redis pod needs will not bind). */
  giveUp?: Promise<string>;
  /** Images kubegrade put there (the cluster map's, the stand-in's): a pull failure of one is the infrastructure's. */
  ours?: ReadonlySet<string>;
  /** StorageClasses kubegrade put there (the cluster map's): one the cluster lacks is the map's fault, not the student's. */
  mappedClasses?: ReadonlySet<string>;
}

/** A state check's outcome; `infra` when the cluster, not the student, made it fail (the check is then `error`). */
export type StateOutcome = LiveOutcome & { infra?: string };

class GaveUp extends Error {}

type Verdict = { status: 'pass' | 'fail' | 'error'; message: string; hint?: string; infra?: string };

/** The infrastructure's failure, as an outcome: `error`, with the cluster's words. */
export function infraVerdict(message: string, hint?: string): Verdict {
  return { status: 'error', message: `${INFRA_PREFIX}${message}`, infra: message, ...(hint ? { hint } : {}) };
}

const labelsText = (l: Record<string, string> | undefined) =>
  Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '(none)';

export function selectorString(match: Record<string, string> | undefined): string {
  return Object.entries(match ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function isPodReady(p: Json): boolean {
  return !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && conditionOf(p, 'Ready', 'True') !== undefined;
}

/** Runs a wait; a StepTimeout becomes the evaluation of `onTimeout` (a fail saying what the cluster looked like). */
async function waitOrExplain(c: StateContext, step: string, sources: Parameters<typeof waitUntil>[1], evaluate: (s: Snapshot) => Promise<Verdict | undefined> | Verdict | undefined, onTimeout: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await withTimeout(step, c.readyMs, c.signal, (s) => {
      const wait = waitUntil(c.kube, sources, evaluate, s);
      if (!c.giveUp) return wait;
      const stop = c.giveUp.then((why) => {
        throw new GaveUp(why);
      });
      return Promise.race([wait, stop]);
    });
  } catch (e) {
    if (e instanceof StepTimeout) {
      const v = await onTimeout();
      return { ...v, message: `${v.message} (step "${step}" timed out after ${fmtMs(e.ms)})` };
    }
    if (e instanceof GaveUp) {
      const v = await onTimeout();
      return { ...v, message: `${v.message} (${e.message})` };
    }
    throw e;
  }
}

// ---------------------------------------------------------------- PVC

export async function checkPvc(c: StateContext, name: string | undefined): Promise<StateOutcome> {
  if (!name) return { status: 'fail', message: 'no PVC in the submission (redis-pvc)' };
  const explain = async (pvc: Json | undefined): Promise<Verdict | undefined> => {
    if (!pvc) return { status: 'fail', message: `PersistentVolumeClaim ${name} does not exist in namespace ${c.ns}`, hint: `kubectl apply -f the PVC file (kubectl get pvc -n ${c.ns})` };
    const phase = pvc.status?.phase;
    if (phase === 'Bound') return { status: 'pass', message: `PersistentVolumeClaim ${name} is Bound to ${pvc.spec?.volumeName ?? 'a volume'}` };
    const cls: string | undefined = pvc.spec?.storageClassName;
    const classes = await storageClasses(c.kube);
    if (cls !== undefined && classes.names && !classes.names.includes(cls) && c.mappedClasses?.has(cls)) {
      return infraVerdict(`PersistentVolumeClaim ${name} names StorageClass "${cls}" through the cluster map, and this cluster has no such class`, `map to one of the StorageClasses that exist here: ${classes.names.join(', ') || '(none)'}`);
    }
    if (cls !== undefined && classes.names && !classes.names.includes(cls)) {
      const events = await eventsFor(c.kube, c.ns, 'PersistentVolumeClaim', name);
      return {
        status: 'fail',
        message: `PersistentVolumeClaim ${name} is ${phase ?? 'Pending'}: the cluster has no StorageClass "${cls}"${events ? `; events: ${events}` : ''}`,
        hint: `the StorageClasses that exist here: ${classes.names.join(', ') || '(none)'}; set storageClassName to one of them`,
      };
    }
    if (cls === undefined && classes.names && !classes.defaultName) {
      return { status: 'fail', message: `PersistentVolumeClaim ${name} is ${phase ?? 'Pending'}: it names no storageClassName and the cluster has no default class`, hint: `the StorageClasses that exist here: ${classes.names.join(', ') || '(none)'}` };
    }
    if (phase === 'Lost') return { status: 'fail', message: `PersistentVolumeClaim ${name} is Lost (its volume is gone)` };
    const events = await eventsFor(c.kube, c.ns, 'PersistentVolumeClaim', name);
    if (!classes.names && /storageclass.* not found/i.test(events)) {
      return { status: 'fail', message: `PersistentVolumeClaim ${name} is ${phase ?? 'Pending'}: ${events}`, hint: `${classes.why ?? ''}; ask for the cluster's StorageClass names (kubectl get storageclass)` };
    }
    return undefined;
  };
  const v = await waitOrExplain(
    c,
    'wait for the PVC to bind',
    [{ r: R.pvcs, ns: c.ns, sel: { fieldSelector: `metadata.name=${name}` } }],
    async ([pvcs]) => {
      return explain(pvcs!.get(name));
    },
    async () => {
      const pvc = await c.kube.get(R.pvcs, c.ns, name);
      const v = await explain(pvc);
      if (v) return v;
      const events = await eventsFor(c.kube, c.ns, 'PersistentVolumeClaim', name);
      if (provisioningIsInfra(events)) return infraVerdict(`PersistentVolumeClaim ${name} is still ${pvc?.status?.phase ?? 'Pending'}: its provisioner did not make a volume in time; events: ${events}`);
      return { status: 'fail', message: `PersistentVolumeClaim ${name} is still ${pvc?.status?.phase ?? 'Pending'}${events ? `; events: ${events}` : ' (no events)'}` };
    },
  );
  return v;
}

async function storageClasses(kube: KubeApi): Promise<{ names?: string[]; defaultName?: string; why?: string }> {
  try {
    const l = await kube.list(R.storageclasses, undefined);
    const names = l.items.map((s) => s.metadata?.name as string).sort();
    const def = l.items.find((s) => s.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    return { names, defaultName: def?.metadata?.name };
  } catch (e) {
    if (isKubeError(e, 'forbidden')) return { why: `kubegrade may not list StorageClasses (${e.message}; see deploy/kubegrade-clusterrole.yaml)` };
    throw e;
  }
}

/** The object's recent events, newest last, as one line ("ProvisioningFailed: storageclass ... not found"). */
export async function eventsFor(kube: KubeApi, ns: string, kind: string, name: string, max = 3): Promise<string> {
  try {
    const l = await kube.list(R.events, ns, { fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` });
    const evs = l.items
      .sort((a, b) => String(a.lastTimestamp ?? a.eventTime ?? a.metadata?.creationTimestamp).localeCompare(String(b.lastTimestamp ?? b.eventTime ?? b.metadata?.creationTimestamp)))
      .slice(-max);
    const seen = new Set<string>();
    const out: string[] = [];
    for (const e of evs) {
      const line = `${e.reason}: ${String(e.message ?? '').trim()}`;
      if (!seen.has(line)) seen.add(line), out.push(line);
    }
    return out.join('; ');
  } catch (e) {
    if (isKubeError(e, 'forbidden')) return `(events not readable: ${e.message})`;
    throw e;
  }
}

// ---------------------------------------------------------------- Deployments

export interface Workload {
  deployment: Json;
  /** The pods the Deployment owns (through its ReplicaSets). */
  pods: Json[];
}

/** Pods owned by the Deployment: pod → ReplicaSet (controller) → Deployment (by uid). */
export function ownedPods(deployment: Json, replicasets: Iterable<Json>, pods: Iterable<Json>): Json[] {
  const uid = deployment?.metadata?.uid;
  if (!uid) return [];
  const rsUids = new Set<string>();
  for (const rs of replicasets) if ((rs.metadata?.ownerReferences ?? []).some((o: Json) => o.controller && o.kind === 'Deployment' && o.uid === uid)) rsUids.add(rs.metadata.uid);
  return [...pods].filter((p) => (p.metadata?.ownerReferences ?? []).some((o: Json) => o.controller && o.kind === 'ReplicaSet' && rsUids.has(o.uid)));
}

export function deploymentAvailable(d: Json): boolean {
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  return (st.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (st.updatedReplicas ?? 0) >= want && (st.availableReplicas ?? 0) >= want && (st.replicas ?? 0) <= want;
}

/** The first claim a pod spec (a pod's, or a pod template's) mounts that is not Bound, with its phase ("name (Pending)"). */
async function unboundClaim(kube: KubeApi, ns: string, spec: Json | undefined): Promise<string | undefined> {
  for (const v of spec?.volumes ?? []) {
    const claim = v?.persistentVolumeClaim?.claimName;
    if (typeof claim !== 'string') continue;
    const pvc = await kube.get(R.pvcs, ns, claim).catch(() => undefined);
    const phase = pvc ? (pvc.status?.phase ?? 'Pending') : 'missing';
    if (phase !== 'Bound') return `${claim} (${phase})`;
  }
  return undefined;
}

/**
 * Why the pods are not running, in the cluster's words; `fatal` when waiting longer will not help;
 * `infra` when the cluster, not the student, is the cause (waited out, never fatal: see infra.ts).
 */
async function podsTrouble(kube: KubeApi, ns: string, pods: Json[], ours: ReadonlySet<string> = new Set(), final = false): Promise<{ fatal: boolean; message: string; infra?: boolean } | undefined> {
  for (const p of pods) {
    const pull = podTrouble(p);
    if (!pull) continue;
    const cs = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].find((x: Json) => x.state?.waiting && pull.includes(String(x.state.waiting.reason)));
    let why = pull;
    // ImagePullBackOff says only "Back-off pulling image": the pull's own error is in the pod's events.
    if (/ImagePullBackOff|ErrImagePull/.test(pull) && !/not found|denied|unauthorized|manifest unknown|does not exist/i.test(pull)) why += ` ${await eventsFor(kube, ns, 'Pod', p.metadata.name, 6)}`;
    if (/ImagePullBackOff|ErrImagePull/.test(pull) && pullIsInfra(cs?.image, why, ours)) return { fatal: false, infra: true, message: `pod ${p.metadata.name}: ${pull}${why !== pull ? ` (events: ${why.slice(pull.length + 1)})` : ''}` };
    return { fatal: /ImagePullBackOff|InvalidImageName|ErrImageNeverPull|CreateContainerConfigError/.test(pull), message: `pod ${p.metadata.name}: ${pull}` };
  }
  const evicted = pods.find(isEvicted);
  if (evicted && final) return { fatal: false, infra: true, message: `pod ${evicted.metadata.name} was evicted: ${evicted.status?.message ?? evicted.status?.reason}` };
  for (const p of pods) {
    for (const cs of p.status?.containerStatuses ?? []) {
      const w = cs.state?.waiting;
      const crashed = w?.reason === 'CrashLoopBackOff' || (cs.restartCount ?? 0) >= 2;
      if (crashed) {
        let logs = '';
        try {
          logs = (await kube.logs(ns, p.metadata.name, cs.name, { tailLines: 5, previous: true })).trim();
        } catch (e) {
          logs = isKubeError(e, 'forbidden') ? `(logs not readable: ${e.message})` : '';
        }
        const term = cs.lastState?.terminated;
        const how = term ? `exited with code ${term.exitCode}${term.reason ? ` (${term.reason})` : ''}` : 'keeps restarting';
        return {
          fatal: w?.reason === 'CrashLoopBackOff',
          message: `pod ${p.metadata.name}: container ${cs.name} is in ${w?.reason ?? 'a restart loop'} (${cs.restartCount} restarts), ${how}${logs ? `; its last log lines: ${logs.split('\n').slice(-5).join(' | ')}` : ''}`,
        };
      }
    }
  }
  for (const p of pods) {
    if (p.status?.phase !== 'Pending') continue;
    const sched = conditionOf(p, 'PodScheduled', 'False');
    if (sched) return { fatal: false, infra: schedulingIsInfra(String(sched.message ?? '')), message: `pod ${p.metadata.name} is Pending: ${sched.reason}${sched.message ? `: ${sched.message}` : ''}` };
    if (final) {
      // Not yet looked at by the scheduler (it had no time, or gave up before saying so): a claim that is not
      // Bound is what it will wait for, whoever looks first.
      const unbound = conditionOf(p, 'PodScheduled', 'True') ? undefined : await unboundClaim(kube, ns, p.spec);
      if (unbound) return { fatal: false, message: `pod ${p.metadata.name} is Pending: it waits for PersistentVolumeClaim ${unbound}` };
      const attach = attachTrouble(await eventsFor(kube, ns, 'Pod', p.metadata.name, 6));
      if (attach) return { fatal: false, infra: true, message: `pod ${p.metadata.name} is Pending: ${attach}` };
    }
    const w = (p.status?.containerStatuses ?? []).map((cs: Json) => cs.state?.waiting).find(Boolean);
    if (w) return { fatal: false, message: `pod ${p.metadata.name} is Pending: ${w.reason}${w.message ? ` (${String(w.message).split('\n')[0]})` : ''}` };
  }
  for (const p of pods) {
    if (!isPodReady(p) && p.status?.phase === 'Running') {
      const c = (p.status?.conditions ?? []).find((x: Json) => x.type === 'Ready');
      return { fatal: false, message: `pod ${p.metadata.name} is Running but not Ready${c?.message ? ` (${c.message})` : ''}` };
    }
  }
  return undefined;
}

export async function checkDeployment(c: StateContext, name: string | undefined, app: 'Redis' | 'Flask', role: string): Promise<{ outcome: StateOutcome; deployment?: Json }> {
  if (!name) return { outcome: { status: 'fail', message: `no ${app} Deployment in the submission (${role})` } };
  let last: Json | undefined;
  const evaluate = async (d: Json | undefined, rss: Iterable<Json>, pods: Iterable<Json>, final: boolean): Promise<Verdict | undefined> => {
    if (!d) return { status: 'fail', message: `Deployment ${name} does not exist in namespace ${c.ns}` };
    last = d;
    const want = d.spec?.replicas ?? 1;
    const rsList = [...rss];
    const owned = ownedPods(d, rsList, pods);
    if (deploymentAvailable(d)) return { status: 'pass', message: `Deployment ${name}: ${d.status?.availableReplicas}/${want} replicas available` };
    // The namespace's budget refuses the student's pods: said at once, it will not change.
    const over = quotaTrouble(d, rsList);
    if (over) return { status: 'fail', message: `Deployment ${name}: ${d.status?.availableReplicas ?? 0}/${want} replicas available; its pods ask for more than the grading namespace allows: ${over}`, hint: `kubegrade grades each student within a budget (${budgetText()}); lower the containers' resources.requests/limits` };
    const trouble = await podsTrouble(c.kube, c.ns, owned, c.ours, final);
    if (trouble?.infra && final) return infraVerdict(`Deployment ${name}: ${d.status?.availableReplicas ?? 0}/${want} replicas available; ${trouble.message}`);
    if (trouble?.fatal || final) {
      const cond = conditionOf(d, 'ReplicaFailure', 'True') ?? conditionOf(d, 'Progressing', 'False');
      // No pod yet (its ReplicaSet not made, or not acted on, when the wait gave up): what its pods would wait for, if a claim.
      const unbound = !trouble && !cond && owned.length === 0 ? await unboundClaim(c.kube, c.ns, d.spec?.template?.spec) : undefined;
      const msg = trouble?.message ?? (cond ? `${cond.reason}: ${cond.message}` : unbound ? `it has no pods yet, and they would wait for PersistentVolumeClaim ${unbound}` : owned.length === 0 ? 'it has no pods' : 'its pods are not Ready');
      return { status: 'fail', message: `Deployment ${name}: ${d.status?.availableReplicas ?? 0}/${want} replicas available; ${msg}` };
    }
    return undefined;
  };
  const v = await waitOrExplain(
    c,
    `wait for the ${app} Deployment`,
    [
      { r: R.deployments, ns: c.ns, sel: { fieldSelector: `metadata.name=${name}` } },
      { r: R.replicasets, ns: c.ns },
      { r: R.pods, ns: c.ns },
    ],
    ([ds, rss, pods]) => evaluate(ds!.get(name), rss!.values(), pods!.values(), false),
    async () => {
      const [d, rss, pods] = await Promise.all([c.kube.get(R.deployments, c.ns, name), c.kube.list(R.replicasets, c.ns), c.kube.list(R.pods, c.ns)]);
      return (await evaluate(d, rss.items, pods.items, true))!;
    },
  );
  return { outcome: v, deployment: last };
}

// ---------------------------------------------------------------- Endpoints

/** The pods behind a Service: ready endpoints of its EndpointSlices, by pod name. */
export function endpointPods(slices: Iterable<Json>): { ready: string[]; notReady: string[]; other: string[] } {
  const ready = new Set<string>();
  const notReady = new Set<string>();
  const other = new Set<string>();
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      const ref = e.targetRef;
      const name = ref?.kind === 'Pod' ? ref.name : undefined;
      if (!name) {
        for (const a of e.addresses ?? []) other.add(a);
        continue;
      }
      if (e.conditions?.ready === false) notReady.add(name);
      else ready.add(name);
    }
  }
  for (const n of ready) notReady.delete(n);
  return { ready: [...ready].sort(), notReady: [...notReady].sort(), other: [...other].sort() };
}

/** A ready pod behind one port of a Service: where the Service sends that port's traffic, and when its newest container started. */
export interface Backend {
  pod: string;
  ip: string;
  port: number;
  /** The latest `state.running.startedAt` of its containers (the cluster's clock), if known. */
  startedMs?: number;
}

/**
 * The ready backends of a Service's port, as its EndpointSlices list them
 * (the slice's port of the same name: "" for an unnamed one).
 */
export async function serviceBackends(kube: KubeApi, ns: string, service: string, portName: string | undefined): Promise<Backend[]> {
  const [slices, pods] = await Promise.all([kube.list(R.endpointslices, ns, { labelSelector: `kubernetes.io/service-name=${service}` }), kube.list(R.pods, ns)]);
  const byName = new Map<string, Json>(pods.items.map((p) => [p.metadata?.name, p]));
  const out: Backend[] = [];
  for (const s of slices.items) {
    const port = (s.ports ?? []).find((p: Json) => (p.name ?? '') === (portName ?? ''))?.port;
    if (typeof port !== 'number') continue;
    for (const e of s.endpoints ?? []) {
      const ip = e.addresses?.[0];
      if (e.conditions?.ready === false || typeof ip !== 'string') continue;
      const name: string | undefined = e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined;
      const starts: number[] = ((name && byName.get(name)?.status?.containerStatuses) || []).map((cs: Json) => Date.parse(cs.state?.running?.startedAt ?? '')).filter(Number.isFinite);
      out.push({ pod: name ?? ip, ip, port, startedMs: starts.length ? Math.max(...starts) : undefined });
    }
  }
  return out;
}

export interface EndpointsInput {
  service: string | undefined;
  deployment: string | undefined;
  app: 'Redis' | 'Flask';
  /** The Deployment did not become available: judge once, do not wait. */
  once: boolean;
}

export async function checkEndpoints(c: StateContext, input: EndpointsInput): Promise<LiveOutcome> {
  const { service, deployment, app } = input;
  if (!service) return { status: 'fail', message: `no ${app} Service in the submission` };
  const evaluate = (svc: Json | undefined, d: Json | undefined, rss: Iterable<Json>, podsIt: Iterable<Json>, slices: Iterable<Json>, final: boolean): Verdict | undefined => {
    if (!svc) return { status: 'fail', message: `Service ${service} does not exist in namespace ${c.ns}` };
    const selector: Record<string, string> | undefined = svc.spec?.selector;
    const pods = [...podsIt].filter((p) => !p.metadata?.deletionTimestamp);
    const eps = endpointPods(slices);
    const owned = d ? ownedPods(d, rss, pods) : [];
    const ownedNames = new Set(owned.map((p) => p.metadata.name as string));
    const ownedReady = owned.filter(isPodReady).map((p) => p.metadata.name as string).sort();
    if (!selector || Object.keys(selector).length === 0) return { status: 'fail', message: `Service ${service} has no selector, so Kubernetes gives it no endpoints`, hint: `add spec.selector with the ${app} pods' labels (${labelsText(owned[0]?.metadata?.labels)})` };
    const intruders = eps.ready.filter((n) => !ownedNames.has(n));
    if (intruders.length > 0 && (ownedReady.length > 0 || final || input.once)) {
      const first = pods.find((p) => p.metadata.name === intruders[0]);
      return {
        status: 'fail',
        message: `Service ${service} also sends traffic to pod${intruders.length > 1 ? 's' : ''} ${intruders.join(', ')}, which ${intruders.length > 1 ? 'are' : 'is'} not ${d ? `Deployment ${d.metadata.name}'s` : `the ${app}`} pod${intruders.length > 1 ? 's' : ''}: its selector ${selectorString(selector)} also matches ${first ? `${labelsText(first.metadata?.labels)}` : 'them'}`,
        hint: `make spec.selector specific to the ${app} pods (e.g. app: ${owned[0]?.metadata?.labels?.app ?? '<the app label>'}); kubectl get pods -n ${c.ns} --show-labels`,
      };
    }
    if (eps.ready.length > 0 && intruders.length === 0 && eps.ready.join() === ownedReady.join()) {
      return { status: 'pass', message: `Service ${service} → ${eps.ready.length} pod${eps.ready.length === 1 ? '' : 's'} (${eps.ready.join(', ')}), exactly the ${app} pods` };
    }
    if (!final && !input.once) return undefined;
    const selected = pods.filter((p) => selects(selector, p.metadata?.labels ?? {}));
    if (eps.ready.length === 0) {
      if (selected.length === 0) {
        const carry = owned.length ? owned : pods.filter((p) => p.metadata?.labels?.app || p.metadata?.labels?.username);
        return {
          status: 'fail',
          message: `Service ${service} has no endpoints: it selects ${selectorString(selector)}, but no pod carries those labels; the ${app} pods carry ${carry.length ? labelsText(carry[0].metadata?.labels) : '(there are no such pods)'}`,
          hint: `make spec.selector a subset of the ${app} pod template's labels`,
        };
      }
      return { status: 'fail', message: `Service ${service} has no ready endpoints: it selects ${selected.map((p) => p.metadata.name).join(', ')}, none of which is Ready${d ? ` (see live.${app.toLowerCase()}-ready)` : ''}` };
    }
    const missing = ownedReady.filter((n) => !eps.ready.includes(n));
    return { status: 'fail', message: `Service ${service} → ${eps.ready.join(', ') || 'nothing'}; the ${app} pods are ${ownedReady.join(', ') || '(none Ready)'}${missing.length ? `; missing: ${missing.join(', ')}` : ''}` };
  };
  const sources = [
    { r: R.services, ns: c.ns, sel: { fieldSelector: `metadata.name=${service}` } },
    { r: R.deployments, ns: c.ns, sel: { fieldSelector: `metadata.name=${deployment ?? '-'}` } },
    { r: R.replicasets, ns: c.ns },
    { r: R.pods, ns: c.ns },
    { r: R.endpointslices, ns: c.ns, sel: { labelSelector: `kubernetes.io/service-name=${service}` } },
  ];
  const fetchAll = async (final: boolean) => {
    const [svc, d, rss, pods, slices] = await Promise.all([
      c.kube.get(R.services, c.ns, service),
      deployment ? c.kube.get(R.deployments, c.ns, deployment) : Promise.resolve(undefined),
      c.kube.list(R.replicasets, c.ns),
      c.kube.list(R.pods, c.ns),
      c.kube.list(R.endpointslices, c.ns, { labelSelector: `kubernetes.io/service-name=${service}` }),
    ]);
    return evaluate(svc, d, rss.items, pods.items, slices.items, final);
  };
  if (input.once) return (await fetchAll(true))!;
  // Endpoints follow readiness within a second or two; do not wait the whole `ready` limit again.
  return waitOrExplain(
    { ...c, readyMs: Math.min(c.readyMs, 30_000) },
    `wait for the ${app} Service's endpoints`,
    sources,
    ([svcs, ds, rss, pods, slices]) => evaluate(svcs!.get(service), deployment ? ds!.get(deployment) : undefined, rss!.values(), pods!.values(), slices!.values(), false),
    async () => (await fetchAll(true))!,
  );
}
