/**
 * The live pass: a LiveRunner for grade(). Given the static pass's roles, it
 * finds the student's objects in a namespace (or, with --deploy, applies the
 * submission into a fresh namespace first), runs the state checks, then the
 * probe steps, and always cleans up what it made, in reverse order.
 *
 *   connect → [deploy] → probe pod ∥ (pvc, redis, flask ready) → endpoints
 *   → redis-write ∥ flask-http → redis-persistence → cleanup
 */
import { randomBytes } from 'node:crypto';
import type { LiveOutcome, LiveResult, LiveRunner, StaticResult } from '../grade.js';
import type { KObject } from '../parse/index.js';
import type { Finding } from '../types.js';

/** The HW6 rubrics' roles, the ones the live pass deploys and probes (by name, from the static pass's roles). */
type RoleName = 'redis-pvc' | 'redis-deployment' | 'redis-service' | 'flask-deployment' | 'flask-service';
import { UsageError } from '../util/errors.js';
import { isKubeError, KubeError, oneLine, type Json, type KubeApi, R } from './kube.js';
import { DirectProber, ExecProber, MANAGED_BY, RUN_ID, type ProbeAnswer, type Prober, type Strategy } from './probe.js';
import { checkDeployment, checkEndpoints, checkPvc, endpointPods, isPodReady, ownedPods, serviceBackends, type Backend, type StateContext } from './state.js';
import { Cleanup, DEFAULT_TIMEOUTS, fmtMs, Interrupted, StepTimeout, TIMEOUT_NAMES, withTimeout, type Progress, type Timeouts } from './steps.js';
import { waitUntil } from './watch.js';
import type { ExecPace } from './pace.js';
import { applyClusterMap, EMPTY_MAP, mappedImages, type ClusterMap } from './map.js';
import { isolationObjects } from './isolation.js';
import { attachTrouble, INFRA_PREFIX, recreateHint } from './infra.js';
import { eventsFor, type StateOutcome } from './state.js';

export interface LiveOptions {
  kube: KubeApi;
  /** The namespace to grade (default: the connection's). Ignored with `deploy`. */
  namespace?: string;
  strategy?: Strategy;
  /** Delete the Redis pod for live.redis-persistence (default true; --no-disrupt). */
  disrupt?: boolean;
  /** Apply the submission into a fresh namespace first. */
  deploy?: boolean;
  /** With deploy: leave the namespace. */
  keep?: boolean;
  /** Each limit left out (or not a positive number) is DEFAULT_TIMEOUTS's: a caller written before a limit was added keeps working. */
  timeouts: Partial<Timeouts>;
  progress: Progress;
  /** Aborted on SIGINT/SIGTERM: the run stops, cleans up, and returns. */
  signal?: AbortSignal;
  runId?: string;
  /** How long an answer that looks like the network catching up is retried (default SETTLE_MS; the unit tests shorten it). */
  settleMs?: number;
  /** With deploy: what the submission names → what this cluster has (src/live/map.ts). */
  map?: ClusterMap;
  /** With deploy: a ResourceQuota, a LimitRange and a NetworkPolicy in the namespace (default true; src/live/isolation.ts). */
  isolate?: boolean;
  /**
   * With deploy: hand the namespace's deletion to the caller instead of waiting for it in the run
   * (batch runs them off the critical path and waits for them all before it ends). The report's
   * live.cleanup then lists it as handed over.
   */
  deferDeletion?: (ns: string, del: (signal: AbortSignal) => Promise<void>) => void;
  /** With deploy: a namespace made ahead (prepareNamespace, with `runId`), used instead of making one. */
  prepared?: Promise<{ ns: string }>;
  /**
   * With deploy: the run of the whole class (`batch --in-cluster`: each student's Job makes its own
   * run id), put on the namespace as CLASS_RUN so that the class's run finds and sweeps it.
   */
  classRun?: string;
}

/** The label of a --deploy namespace naming the class run it belongs to (`batch --in-cluster`). */
export const CLASS_RUN = 'kubegrade.dev/class-run';

export const LIVE_IDS = ['live.pvc-bound', 'live.redis-ready', 'live.redis-endpoints', 'live.redis-write', 'live.redis-persistence', 'live.flask-ready', 'live.flask-endpoints', 'live.flask-http'] as const;

const ROLE_CHECK: Record<RoleName, string> = {
  'redis-pvc': 'live.pvc-bound',
  'redis-deployment': 'live.redis-ready',
  'redis-service': 'live.redis-endpoints',
  'flask-deployment': 'live.flask-ready',
  'flask-service': 'live.flask-endpoints',
};

/** Kinds --deploy applies (namespaced ones a homework may hold); others are listed and left out. */
const APPLIABLE = new Set(['PersistentVolumeClaim', 'Deployment', 'Service', 'Pod', 'ConfigMap', 'Secret', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'DaemonSet', 'ServiceAccount']);
const APPLY_ORDER = ['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Service'];

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

/** kubegrade-<username>-<run-id>, a valid namespace name (63 characters at most). */
export function deployNamespace(username: string, runId: string): string {
  const u =
    username
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63 - 'kubegrade--'.length - runId.length) || 'student';
  return `kubegrade-${u.replace(/-+$/, '')}-${runId}`;
}

export function liveRunner(o: LiveOptions): LiveRunner {
  return (input) => runLive(o, input);
}

function withDefaults(given: Partial<Timeouts> | undefined): Timeouts {
  const t = { ...DEFAULT_TIMEOUTS };
  for (const k of TIMEOUT_NAMES) {
    const v = given?.[k];
    if (typeof v === 'number' && v > 0) t[k] = v;
  }
  return t;
}

export async function runLive(o: LiveOptions, input: StaticResult): Promise<LiveResult> {
  const started = Date.now();
  const { kube, progress } = o;
  const timeouts = withDefaults(o.timeouts);
  const runId = o.runId ?? newRunId();
  const signal = o.signal ?? new AbortController().signal;
  const strategy: Strategy = o.strategy ?? 'exec';
  const disrupt = o.disrupt ?? true;
  const params = input.params;
  const cleanup = new Cleanup();
  const outcomes = new Map<string, LiveOutcome>();
  const name = (role: RoleName) => input.roles[role]?.name;
  const info: Record<string, unknown> = { runId, strategy, disrupt, deploy: Boolean(o.deploy) };
  const map = o.deploy ? (o.map ?? EMPTY_MAP) : EMPTY_MAP;
  const standInImage = String(params.probeImage || 'python:3.9');
  const mapCtx = { flaskPath: String(params.flaskPath), flaskPort: Number(params.flaskPort), standInImage };
  /** Deployments whose containers the stand-in replaced ("Deployment x"). */
  const standIns = new Set<string>();
  let ns = o.namespace ?? kube.namespace;
  let interrupted: Interrupted | undefined;
  /** The exec API's pace (exec probe), for the report. */
  let pace: ExecPace | undefined;
  const onAbort = () => {
    interrupted ??= signal.reason instanceof Interrupted ? signal.reason : new Interrupted();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  /** Runs one check, timing it; a thrown error becomes `error` with its one line. */
  const check = async (id: string, fn: () => Promise<LiveOutcome>): Promise<LiveOutcome> => {
    const t0 = Date.now();
    progress.start(id);
    let out: LiveOutcome;
    try {
      out = await fn();
    } catch (e) {
      out = errorOutcome(e);
    }
    out.durationMs = Date.now() - t0;
    outcomes.set(id, out);
    progress.end(id, out.status === 'pass' ? true : out.status === 'skip' ? 'skip' : false, out.message);
    return out;
  };

  try {
    // -------------------------------------------------------------- connect / deploy
    const applyFindings = new Map<string, Finding[]>();
    if (o.deploy) {
      progress.start('create namespace', o.prepared ? 'prepared ahead' : undefined);
      const allowNamespace = strategy === 'direct' ? kube.namespace : undefined;
      try {
        if (o.prepared) ns = (await o.prepared).ns;
        else {
          ns = deployNamespace(params.username || 'student', runId);
          await withTimeout('create namespace', timeouts.connect, signal, () => createNamespace(kube, ns, runId, params.username, o.classRun));
        }
      } catch (e) {
        throw connectError(e, kube, ns);
      }
      info.namespace = ns;
      progress.end('create namespace', true, ns);
      if (!o.keep) {
        const del = (s: AbortSignal) => deleteNamespace(kube, ns, s, timeouts.namespace);
        if (o.deferDeletion) {
          const handOver = o.deferDeletion;
          cleanup.push(`delete namespace ${ns} (in the background)`, async () => handOver(ns, del));
        } else cleanup.push(`delete namespace ${ns}`, del);
      } else progress.note(`--keep: namespace ${ns} stays (kubectl delete namespace ${ns}, or kubegrade cleanup)`);
      if (!o.prepared && o.isolate !== false) {
        progress.start('isolate', 'ResourceQuota, LimitRange, NetworkPolicy');
        await withTimeout('isolate the namespace', timeouts.connect * 3, signal, (s) => isolate(kube, ns, runId, allowNamespace, s));
        progress.end('isolate', true);
      }
      progress.start('apply the submission');
      // In stages, as kubectl and Helm do: a stage is applied once the one before it is in the API
      // server, so a Deployment's pods never reach the scheduler before the claim they mount exists
      // (it would say `persistentvolumeclaim "…" not found` rather than why the claim is Pending).
      const order = (k: string | undefined) => (APPLY_ORDER.indexOf(k ?? '') + 1 || APPLY_ORDER.length + 1);
      const stages: KObject[][] = [];
      for (const x of input.objects) if (x.kind && x.apiVersion && x.name) (stages[order(x.kind)] ??= []).push(x);
      const roleOf = new Map<KObject, RoleName>();
      for (const [role, obj] of Object.entries(input.roles)) if (obj) roleOf.set(obj, role as RoleName);
      let applied = 0;
      const skipped: string[] = [];
      const changes: string[] = [];
      for (const stage of stages.filter(Boolean)) await Promise.all(
        stage.map(async (obj) => {
          if (!APPLIABLE.has(obj.kind!)) {
            skipped.push(`${obj.kind} ${obj.name}`);
            return;
          }
          const m = applyClusterMap(obj, map, mapCtx);
          changes.push(...m.changes);
          for (const x of m.standIns) standIns.add(x.split(' container ')[0]!);
          try {
            await withTimeout(`apply ${obj.kind} ${obj.name}`, timeouts.connect * 3, signal, () => kube.apply(m.value, ns));
            applied++;
          } catch (e) {
            if (isKubeError(e) && (e.code === 'invalid' || e.code === 'conflict' || (e.code === 'other' && e.status && e.status < 500))) {
              const id = ROLE_CHECK[roleOf.get(obj) ?? 'redis-deployment'];
              const role = roleOf.get(obj);
              const f: Finding = { message: `the API server rejected ${obj.kind} ${obj.name}: ${e.message}`, location: obj.at([]), hint: 'fix the object so that kubectl apply accepts it' };
              if (!role) f.message += ' (not one of the graded objects)';
              applyFindings.set(id, [...(applyFindings.get(id) ?? []), f]);
              progress.note(`${obj.at([]).file}:${obj.at([]).line}: ${f.message}`);
            } else throw connectError(e, kube, ns);
          }
        }),
      );
      progress.end('apply the submission', applyFindings.size === 0, `${applied} object${applied === 1 ? '' : 's'} applied${skipped.length ? `; left out: ${skipped.join(', ')}` : ''}`);
      if (changes.length) {
        info.mapped = changes;
        for (const c of changes) progress.note(`mapped: ${c}`);
      }
    } else {
      info.namespace = ns;
      progress.start('connect', `${kube.server} · context ${kube.context} · namespace ${ns}`);
      try {
        await withTimeout('connect', timeouts.connect, signal, async () => {
          let exists: Json | undefined;
          try {
            exists = await kube.get(R.namespaces, undefined, ns);
          } catch (e) {
            // A namespaced Role may not read the Namespace object: listing pods tells as much.
            if (!isKubeError(e, 'forbidden')) throw e;
            await kube.list(R.pods, ns);
            exists = {};
          }
          if (!exists) throw new UsageError(`namespace "${ns}" not found (context ${kube.context}, ${kube.server}); pass --namespace`);
        });
      } catch (e) {
        throw connectError(e, kube, ns);
      }
      progress.end('connect', true);
    }

    const ours = new Set([...mappedImages(map, standInImage), standInImage]);
    const mappedClasses = new Set(map.storageClasses.map((r) => r.to));
    const sc: StateContext = { kube, ns, readyMs: timeouts.ready, signal, ours, mappedClasses };

    // -------------------------------------------------------------- probe pod, in parallel with the waits
    // What goes with the namespace --deploy deletes (the probe pod, the Redis key) is not undone one by one:
    // the namespace's deletion takes it (its pods first, without a grace period), and the student ends sooner.
    const withNamespace = Boolean(o.deploy && !o.keep);
    const prober: Prober = strategy === 'direct' ? new DirectProber(timeouts) : new ExecProber({ kube, ns, runId, image: String(params.probeImage || 'python:3.9'), timeouts, cleanup: withNamespace ? new Cleanup() : cleanup, progress });
    pace = prober.pace;
    const needProbe = Boolean(name('redis-service') || name('flask-service'));
    const probeReady: Promise<void> = needProbe
      ? (async () => {
          progress.start('probe', strategy === 'exec' ? `pod kubegrade-probe-${runId} (${params.probeImage})` : 'direct from this process');
          try {
            await prober.prepare(signal);
            progress.end('probe', true);
          } catch (e) {
            progress.end('probe', false, (e as Error).message);
            throw e;
          }
        })()
      : Promise.resolve();
    probeReady.catch(() => undefined);

    // -------------------------------------------------------------- state checks
    const withApply = (id: string, out: LiveOutcome): LiveOutcome => {
      const f = applyFindings.get(id);
      if (!f) return out;
      return { status: 'fail', message: out.status === 'pass' ? f[0]!.message : `${f[0]!.message}; ${out.message}`, location: f[0]!.location, hint: f[0]!.hint, findings: f.length > 1 ? f : undefined };
    };
    let redisDeployment: Json | undefined;
    const pvcCheck = check('live.pvc-bound', async () => withApply('live.pvc-bound', await checkPvc(sc, name('redis-pvc'))));
    // A Redis pod waiting for a claim that will not bind waits forever: stop when live.pvc-bound fails.
    const pvcWontBind = pvcCheck.then((o) => (o.status === 'pass' ? new Promise<string>(() => undefined) : 'its PVC will not bind: see live.pvc-bound'));
    const [, redisReady, flaskReady] = await Promise.all([
      pvcCheck,
      check('live.redis-ready', async () => {
        const r = await checkDeployment({ ...sc, giveUp: pvcWontBind }, name('redis-deployment'), 'Redis', 'redis-deployment');
        redisDeployment = r.deployment;
        return withApply('live.redis-ready', r.outcome);
      }),
      check('live.flask-ready', async () => withApply('live.flask-ready', (await checkDeployment(sc, name('flask-deployment'), 'Flask', 'flask-deployment')).outcome)),
    ]);
    await Promise.all([
      check('live.redis-endpoints', async () => withApply('live.redis-endpoints', await checkEndpoints(sc, { service: name('redis-service'), deployment: name('redis-deployment'), app: 'Redis', once: redisReady.status !== 'pass' }))),
      check('live.flask-endpoints', async () => withApply('live.flask-endpoints', await checkEndpoints(sc, { service: name('flask-service'), deployment: name('flask-deployment'), app: 'Flask', once: flaskReady.status !== 'pass' }))),
    ]);

    // -------------------------------------------------------------- probe steps
    const probeError = async (): Promise<LiveOutcome | undefined> => {
      try {
        await probeReady;
        return undefined;
      } catch (e) {
        const out = errorOutcome(e);
        return { ...out, message: `the probe could not run: ${out.message}` };
      }
    };
    const key = `kubegrade:${runId}`;
    const token = randomBytes(12).toString('hex');
    /** Where the key was written, and how: persistence reads it back the same way. */
    let redisVia: { target: { host: string; port: number }; settler: Settler } | undefined;
    const settleMs = o.settleMs ?? SETTLE_MS;
    /** Probe answers through one Service port, retried while they look like the network (or the app) catching up. */
    const settler = (svc: string, portName: string | undefined, app: 'Redis' | 'Flask'): Settler => {
      let backends: Promise<Backend[]> | undefined;
      const so = { settleMs, slackMs: () => prober.pace?.allowanceMs() ?? 0, startupMs: timeouts.startup, backends: () => (backends ??= serviceBackends(kube, ns, svc, portName).catch(() => [])) };
      return {
        settle: (fn) => settle(fn, signal, so),
        answer: (fn, direct) => answerOrWhy(fn, direct, { ...so, signal, ns, app }),
        renew: () => void (backends = undefined),
      };
    };

    const writeCheck = check('live.redis-write', async () => {
      const svcName = name('redis-service');
      if (!svcName) return { status: 'fail', message: 'no Redis Service in the submission' };
      const t = await serviceTarget(kube, ns, svcName, params.redisPort);
      if ('fail' in t) return { status: 'fail', message: t.host ? `${t.fail}: Redis cannot be reached on ${t.host}:${params.redisPort}` : t.fail };
      const pe = await probeError();
      if (pe) return pe;
      const through = settler(svcName, t.portName, 'Redis');
      redisVia = { target: t, settler: through };
      const where = `${t.host}:${t.port} (Service ${svcName})`;
      const set = await through.answer(() => prober.redisSet(t.host, t.port, key, token, 3600, signal), (b) => prober.redisGet(b.ip, b.port, key, signal));
      if (!set.ok) return { status: 'fail', message: `writing ${key} through ${where} failed: ${set.error}${set.why ? `; ${set.why.note}` : ''}${redisReady.status !== 'pass' ? ' (Redis is not running: live.redis-ready)' : ''}`, hint: set.why?.hint };
      if (!withNamespace) cleanup.push(`delete Redis key ${key}`, (s) => deleteKey(kube, ns, prober, t, key, svcName, s, timeouts.step));
      // Settled too: a Service that also selects other pods (live.redis-endpoints fails for it) sends a share of the
      // connections elsewhere, and the grade must not depend on which pod one connection reached.
      const get = await through.settle(() => prober.redisGet(t.host, t.port, key, signal));
      if (!get.ok) return { status: 'fail', message: `reading ${key} back through ${where} failed: ${get.error}` };
      if (get.value !== token) return { status: 'fail', message: `${key} written through ${where} read back as ${JSON.stringify(get.value)}, not what was written` };
      return { status: 'pass', message: `wrote ${key} through ${where} and read it back` };
    });

    const httpCheck = check('live.flask-http', async () => {
      const svcName = name('flask-service');
      if (!svcName) return { status: 'fail', message: 'no Flask Service in the submission' };
      const t = await serviceTarget(kube, ns, svcName, params.flaskPort);
      if ('fail' in t) return { status: 'fail', message: t.host ? `${t.fail}: GET http://${t.host}:${params.flaskPort}${params.flaskPath} cannot reach Flask` : t.fail };
      const pe = await probeError();
      if (pe) return pe;
      const url = `http://${t.host}:${t.port}${params.flaskPath}`;
      const a = await settler(svcName, t.portName, 'Flask').answer(
        () => prober.httpGet(url, signal),
        (b) => prober.httpGet(`http://${b.ip.includes(':') ? `[${b.ip}]` : b.ip}:${b.port}${params.flaskPath}`, signal),
      );
      if (!a.ok) return { status: 'fail', message: `${a.error} (Service ${svcName})${a.why ? `; ${a.why.note}` : ''}${flaskReady.status !== 'pass' ? ' (Flask is not running: live.flask-ready)' : ''}`, hint: a.why?.hint };
      if (a.status! >= 200 && a.status! < 300) return { status: 'pass', message: `GET ${url} → ${a.status} (Service ${svcName})` };
      return { status: 'fail', message: `GET ${url} → ${a.status} (Service ${svcName})${a.body ? `: ${a.body.trim().split('\n')[0]!.slice(0, 120)}` : ''}` };
    });

    const write = await writeCheck;
    await check('live.redis-persistence', async () => {
      if (!disrupt) return { status: 'skip', message: '--no-disrupt: the Redis pod was not deleted, so persistence was not tested' };
      if (write.status !== 'pass' || !redisVia) return { status: write.status === 'error' ? 'error' : 'fail', message: `not tried: no key could be written (live.redis-write: ${write.message})` };
      return persistence({ kube, ns, prober, ...redisVia, key, token, service: name('redis-service')!, deployment: redisDeployment, deploymentName: name('redis-deployment'), timeouts, signal, progress });
    });
    await httpCheck;
  } catch (e) {
    // A signal while the namespace is made or the submission applied: no grade, the same as later on.
    if (!(e instanceof Interrupted)) throw e;
    interrupted ??= e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await cleanup.run(timeouts.cleanup, progress);
    info.cleanup = { done: cleanup.done, failed: cleanup.failed };
    if (pace) info.exec = pace.summary();
    info.durationMs = Date.now() - started;
  }
  for (const id of LIVE_IDS) if (!outcomes.has(id)) outcomes.set(id, { status: 'error', message: interrupted ? `not run: ${interrupted.message}` : 'not run' });
  // The stand-in answered, not the student's app: said where it is graded.
  for (const id of ['live.flask-ready', 'live.flask-http'] as const) {
    const out = outcomes.get(id);
    const dep = name('flask-deployment');
    if (out && dep && standIns.has(`Deployment ${dep}`)) out.message += ` (a kubegrade stand-in ran in place of the student's Flask image: see live.mapped)`;
  }
  const infra = [...outcomes].filter(([, x]) => (x as StateOutcome).infra).map(([id, x]) => `${id}: ${(x as StateOutcome).infra}`);
  if (infra.length) info.infrastructure = infra;
  if (interrupted) info.interrupted = interrupted.message;
  // Not a grade: an interrupted run, or a cluster that failed on its own. The student loses no point for either.
  const error = interrupted ? `the live pass was ${interrupted.message} before it finished` : infra.length ? `the cluster failed, not the submission (${infra.join('; ')})` : undefined;
  return { outcomes, info, ...(error ? { error } : {}) };
}

export function labelValue(s: string): string {
  return (s || 'unknown').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63) || 'unknown';
}

export function errorOutcome(e: unknown): LiveOutcome {
  if (e instanceof StepTimeout) return { status: 'error', message: e.message, hint: `raise the limit with --timeout-${kebab(timeoutOf(e.step))} SECONDS if the cluster is slow` };
  if (e instanceof Interrupted) return { status: 'error', message: `not finished: ${e.message}` };
  if (isKubeError(e, 'forbidden')) return { status: 'error', message: e.message, hint: 'grant it in the Role kubegrade runs as (deploy/kubegrade-role.yaml lists what it needs)' };
  if (isKubeError(e)) return { status: 'error', message: e.message };
  if (e instanceof UsageError) return { status: 'error', message: e.message };
  return { status: 'error', message: `kubegrade could not run this check: ${oneLine(e)}` };
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function timeoutOf(step: string): string {
  if (/probe pod/.test(step)) return 'probePod';
  if (/redis-|http-get/.test(step)) return 'step';
  if (/replacement|disrupt/.test(step)) return 'disrupt';
  if (/cleanup/.test(step)) return 'cleanup';
  if (/namespace/.test(step)) return 'namespace';
  if (/connect|apply/.test(step)) return 'connect';
  return 'ready';
}

/** A connection problem at the start is a one-line usage error (exit 2), not a finding. */
function connectError(e: unknown, kube: KubeApi, ns: string): Error {
  if (e instanceof UsageError || e instanceof Interrupted) return e;
  if (e instanceof StepTimeout) return new UsageError(`the API server at ${kube.server} (context ${kube.context}) did not answer within ${fmtMs(e.ms)}`);
  if (isKubeError(e)) {
    if (e.code === 'forbidden') return new UsageError(`${e.message}`);
    if (e.code === 'conflict') return new UsageError(`namespace ${ns} already exists`);
    return new UsageError(e.message);
  }
  return new UsageError(`cannot talk to the API server at ${kube.server}: ${oneLine(e)}`);
}

/**
 * kube-proxy programs a ClusterIP a moment after the Service's endpoints
 * change (its REJECT rule for "no endpoints" answers "Connection refused" or
 * "No route to host" meanwhile), so an answer that looks like a network
 * hiccup is retried for `settleMs` (SETTLE_MS) before it counts, every
 * SETTLE_PAUSE_MS (an exec step itself takes about 0.1 s, so a retry comes
 * about every 0.2 s: the read after the Redis pod's replacement waited 0.7 s
 * with a 250 ms pause).
 *
 * A pod is Ready when its container has started unless it has a readiness
 * probe, and the course's Deployments have none: Flask may still be
 * importing its modules. So while a backend's newest container is younger
 * than `startupMs` (--timeout-startup), the window lasts until it is that old.
 */
export const SETTLE_MS = 10_000;
const SETTLE_PAUSE_MS = 100;
// A connect that timed out counts too: kube-proxy may still send a ClusterIP to a deleted pod, whose
// address drops the SYN (seen with ten students at once: the read after the Redis pod's replacement).
const TRANSIENT = /refused|no route|unreachable|reset|ECONNREFUSED|EHOSTUNREACH|ECONNRESET|closed the connection|Connection is closed|connecting to \S+ timed out|ETIMEDOUT/i;

export interface SettleOptions {
  settleMs: number;
  /**
   * Added to the window when it opens: the exec API's allowance (src/live/pace.ts). Where one exec takes
   * seconds, a window of settleMs holds a try or two, and kube-proxy, on the same starved node, is slower too.
   */
  slackMs?: () => number;
  startupMs: number;
  /** The pods behind the Service port (read once, at the first answer that is retried). */
  backends?: () => Promise<Backend[]>;
}

export async function settle(fn: () => Promise<ProbeAnswer>, signal: AbortSignal, o: SettleOptions): Promise<ProbeAnswer> {
  let until = Date.now() + o.settleMs + (o.slackMs?.() ?? 0);
  let extended = !o.backends;
  for (;;) {
    const a = await fn();
    if (a.ok || !TRANSIENT.test(a.error) || signal.aborted) return a;
    if (!extended) {
      extended = true;
      until = Math.max(until, startupEnd(await o.backends!(), o.startupMs));
    }
    if (Date.now() >= until) return a;
    await new Promise((r) => setTimeout(r, SETTLE_PAUSE_MS));
  }
}

/** When the youngest backend is `startupMs` old (never more than `startupMs` from now: the cluster's clock may run ahead). */
export function startupEnd(backends: Backend[], startupMs: number, now = Date.now()): number {
  const started = backends.map((b) => b.startedMs).filter((t): t is number => t !== undefined);
  if (started.length === 0) return 0;
  return Math.min(Math.max(...started) + startupMs, now + startupMs);
}

/** Why the Service IP kept failing, from one try on the pod behind it: appended to the failure, with a hint. */
interface Why {
  note: string;
  hint?: string;
}

interface Settler {
  settle(fn: () => Promise<ProbeAnswer>): Promise<ProbeAnswer>;
  /** settle, then, if the Service IP still refuses, asks the first pod behind it directly (`direct`): see answerOrWhy. */
  answer(fn: () => Promise<ProbeAnswer>, direct: (b: Backend) => Promise<ProbeAnswer>): Promise<ProbeAnswer & { why?: Why }>;
  /** Forget the pods read (after the Redis pod's replacement). */
  renew(): void;
}

/**
 * A Service IP that still refuses after `settle` is asked past: one try on
 * the first pod behind it. Refused there too: nothing listens on the
 * target port in that pod (the wrong targetPort, or an app bound to
 * 127.0.0.1) — said so, with a hint. Answered there: the Service's rules
 * still lag (a slow kube-proxy), so the Service IP gets one more window.
 */
async function answerOrWhy(fn: () => Promise<ProbeAnswer>, direct: (b: Backend) => Promise<ProbeAnswer>, o: SettleOptions & { signal: AbortSignal; backends: () => Promise<Backend[]>; ns: string; app: 'Redis' | 'Flask' }): Promise<ProbeAnswer & { why?: Why }> {
  const t0 = Date.now();
  const a = await settle(fn, o.signal, o);
  if (a.ok || !TRANSIENT.test(a.error) || o.signal.aborted) return a;
  const b = (await o.backends())[0];
  if (!b) return a;
  // Only a diagnosis: a probe step that could not run (the exec failed) leaves the answer as it was.
  const d = await direct(b).catch(() => undefined);
  if (!d) return a;
  const at = `${b.ip}:${b.port}`;
  if (d.ok) {
    const again = await settle(fn, o.signal, { ...o, backends: undefined });
    return again.ok || !TRANSIENT.test(again.error) ? again : { ...again, why: { note: `pod ${b.pod} answers on ${at} directly, but the Service IP did not reach it in ${fmtMs(Date.now() - t0)} of tries` } };
  }
  if (!/refused/i.test(d.error)) return a;
  const ran = b.startedMs !== undefined && Date.now() >= b.startedMs ? ` (its container has run ${fmtMs(Date.now() - b.startedMs)})` : '';
  return {
    ...a,
    why: {
      note: `pod ${b.pod} refuses on ${at} too${ran}: nothing listens on port ${b.port} in it`,
      hint: `make the Service's targetPort the port the ${o.app} container listens on${o.app === 'Flask' ? ', and have Flask listen on every address (app.run(host="0.0.0.0"))' : ''}; kubectl logs -n ${o.ns} ${b.pod}`,
    },
  };
}

/** The Service's ClusterIP and the rubric's port on it; a Service without that port fails (the rubric grades `<ClusterIP>:<port>`). */
async function serviceTarget(kube: KubeApi, ns: string, svcName: string, wantPort: number): Promise<{ host: string; port: number; portName?: string } | { fail: string; host?: string }> {
  const svc = await kube.get(R.services, ns, svcName);
  if (!svc) return { fail: `Service ${svcName} does not exist in namespace ${ns}` };
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return { fail: `Service ${svcName} has no ClusterIP (headless: clusterIP None)` };
  const ports: Json[] = svc.spec?.ports ?? [];
  const p = ports.find((x) => x.port === wantPort);
  if (!p) return { fail: `Service ${svcName} has no port ${wantPort} (its ports: ${ports.map((x) => `${x.port}→${x.targetPort ?? x.port}`).join(', ') || 'none'})`, host: ip };
  return { host: ip, port: p.port, portName: p.name };
}

async function deleteKey(kube: KubeApi, ns: string, prober: Prober, t: { host: string; port: number }, key: string, svc: string, signal: AbortSignal, stepMs: number): Promise<void> {
  const a = await prober.redisDel(t.host, t.port, key, signal);
  if (a.ok) return;
  // Redis may be between pods (an interrupted persistence step): wait for it behind its Service, then retry.
  await waitUntil(kube, [{ r: R.endpointslices, ns, sel: { labelSelector: `kubernetes.io/service-name=${svc}` } }], ([sl]) => (endpointPods(sl!.values()).ready.length > 0 ? true : undefined), signal);
  const deadline = Date.now() + stepMs * 3;
  let last: ProbeAnswer = a;
  while (Date.now() < deadline && !signal.aborted) {
    last = await prober.redisDel(t.host, t.port, key, signal);
    if (last.ok) return;
    await new Promise((r) => setTimeout(r, 300)); // the Service's iptables rules trail its endpoints by a moment
  }
  throw new Error('error' in last ? last.error : 'interrupted');
}

/**
 * Makes a --deploy namespace (labelled by run and student) and, with `isolate`, its budget and
 * network policy. `batch` calls it ahead of a student's turn (LiveOptions.prepared).
 */
export async function prepareNamespace(kube: KubeApi, p: { ns: string; runId: string; username: string; isolate: boolean; allowNamespace?: string; classRun?: string }, signal: AbortSignal): Promise<string> {
  await createNamespace(kube, p.ns, p.runId, p.username, p.classRun);
  if (p.isolate) await isolate(kube, p.ns, p.runId, p.allowNamespace, signal);
  return p.ns;
}

function createNamespace(kube: KubeApi, ns: string, runId: string, username: string, classRun: string | undefined): Promise<Json> {
  const labels: Record<string, string> = { [MANAGED_BY]: 'kubegrade', [RUN_ID]: runId, 'kubegrade.dev/username': labelValue(username) };
  if (classRun) labels[CLASS_RUN] = classRun;
  return kube.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
}

/** The namespace's budget and network policy (src/live/isolation.ts); waits until the quota has its usage, so no pod or claim is refused for a quota whose status is still unknown. */
async function isolate(kube: KubeApi, ns: string, runId: string, allowNamespace: string | undefined, signal: AbortSignal): Promise<void> {
  await Promise.all(isolationObjects(runId, { allowNamespace }).map((x) => kube.apply(x, ns)));
  await waitUntil(kube, [{ r: R.resourcequotas, ns, sel: { fieldSelector: 'metadata.name=kubegrade-budget' } }], ([q]) => (q!.get('kubegrade-budget')?.status?.hard ? true : undefined), signal);
}

/**
 * Deletes a namespace --deploy made, and waits until it is gone. Its pods go first, without a grace
 * period: the grading is over, nothing in them is kept, and the course's Flask containers (python as
 * PID 1) ignore SIGTERM, so a graceful deletion waited out their 30 s grace period every time.
 */
export async function deleteNamespace(kube: KubeApi, ns: string, signal: AbortSignal, ms: number): Promise<void> {
  await withTimeout(`delete namespace ${ns}`, ms, signal, async (s) => {
    if (!(await startNamespaceDeletion(kube, ns))) return;
    await waitUntil(kube, [{ r: R.namespaces, ns: undefined, sel: { fieldSelector: `metadata.name=${ns}` } }], ([n]) => (n!.has(ns) ? undefined : true), s);
  });
}

/** Starts deleting a namespace --deploy made (its pods first, as deleteNamespace says), without waiting for it to go; false when it was gone already. */
export async function startNamespaceDeletion(kube: KubeApi, ns: string): Promise<boolean> {
  const pods = await kube.list(R.pods, ns).catch(() => ({ items: [] as Json[] }));
  await Promise.all(pods.items.map((p) => kube.delete(R.pods, ns, p.metadata.name, { gracePeriodSeconds: 0 }).catch(() => false)));
  return kube.delete(R.namespaces, undefined, ns, { propagationPolicy: 'Background' });
}

interface PersistenceInput {
  kube: KubeApi;
  ns: string;
  prober: Prober;
  target: { host: string; port: number };
  settler: Settler;
  key: string;
  token: string;
  service: string;
  deployment: Json | undefined;
  deploymentName: string | undefined;
  timeouts: Timeouts;
  signal: AbortSignal;
  progress: Progress;
}

/**
 * Deletes the Redis pod — only pods that are both behind the student's Redis
 * Service (ready endpoints) and owned by the student's Redis Deployment
 * (ReplicaSet ownerReferences, by uid), each with a uid precondition — waits
 * by watch for the replacement to be Ready and the Service to point at it,
 * then reads the key again through the same ClusterIP.
 */
async function persistence(p: PersistenceInput): Promise<LiveOutcome> {
  const { kube, ns, timeouts, signal } = p;
  const d = p.deployment ?? (p.deploymentName ? await kube.get(R.deployments, ns, p.deploymentName) : undefined);
  if (!d) return { status: 'fail', message: 'no Redis Deployment to replace the pod (redis-deployment)' };
  const [rss, pods, slices] = await Promise.all([kube.list(R.replicasets, ns), kube.list(R.pods, ns), kube.list(R.endpointslices, ns, { labelSelector: `kubernetes.io/service-name=${p.service}` })]);
  const behind = new Set(endpointPods(slices.items).ready);
  const owned = ownedPods(d, rss.items, pods.items);
  const victims = owned.filter((x) => behind.has(x.metadata.name) && !x.metadata.deletionTimestamp);
  if (victims.length === 0) {
    return { status: 'fail', message: `no pod is both behind Service ${p.service} and owned by Deployment ${d.metadata.name}, so none was deleted (see live.redis-endpoints)` };
  }
  // SAVE first: on one node a replacement pod can start (and load /data) before the old one has
  // finished saving on SIGTERM. What is graded is where /data lives, not Redis's save schedule.
  const saved = await p.settler.settle(() => p.prober.redisSave(p.target.host, p.target.port, signal));
  if (!saved.ok) return { status: 'fail', message: `asking Redis to SAVE through ${p.target.host}:${p.target.port} failed: ${saved.error}` };
  const gone = new Set(victims.map((v) => v.metadata.uid as string));
  const names = victims.map((v) => v.metadata.name as string);
  const t0 = Date.now();
  for (const v of victims) {
    p.progress.note(`deleting Redis pod ${v.metadata.name} (behind Service ${p.service}, owned by Deployment ${d.metadata.name})`);
    await kube.delete(R.pods, ns, v.metadata.name, { uid: v.metadata.uid });
  }
  let replacement: string[] = [];
  try {
    replacement = await withTimeout('wait for the replacement Redis pod', timeouts.disrupt, signal, (s) =>
      waitUntil(
        kube,
        [
          { r: R.replicasets, ns },
          { r: R.pods, ns },
          { r: R.endpointslices, ns, sel: { labelSelector: `kubernetes.io/service-name=${p.service}` } },
        ],
        ([rsm, podm, slm]) => {
          const mine = ownedPods(d, rsm!.values(), podm!.values()).filter((x) => !gone.has(x.metadata.uid));
          const ready = new Set(mine.filter(isPodReady).map((x) => x.metadata.name as string));
          const eps = endpointPods(slm!.values()).ready;
          if (eps.some((n) => names.includes(n))) return undefined;
          // Only the Deployment's own pods count here: pods the Service should not select (live.redis-endpoints
          // fails for them) stay behind it for good, and waiting for them to leave would wait out the limit.
          const theirs = eps.filter((n) => mine.some((x) => x.metadata.name === n));
          if (theirs.length === 0 || !theirs.every((n) => ready.has(n))) return undefined;
          return theirs;
        },
        s,
      ),
    );
  } catch (e) {
    if (e instanceof StepTimeout) {
      // A replacement that cannot attach the volume (another node still holds it): the cluster's, with the fix when the manifest invites it.
      const [rsl, podl] = await Promise.all([kube.list(R.replicasets, ns), kube.list(R.pods, ns)]);
      for (const x of ownedPods(d, rsl.items, podl.items).filter((x) => !gone.has(x.metadata.uid) && !isPodReady(x))) {
        const attach = attachTrouble(await eventsFor(kube, ns, 'Pod', x.metadata.name, 6));
        if (!attach) continue;
        const claim = (d.spec?.template?.spec?.volumes ?? []).map((v: Json) => v.persistentVolumeClaim?.claimName).find(Boolean);
        const pvc = claim ? await kube.get(R.pvcs, ns, claim) : undefined;
        const out: StateOutcome = { status: 'error', message: `${INFRA_PREFIX}after pod ${names.join(', ')} was deleted, the replacement ${x.metadata.name} could not attach its volume within ${fmtMs(e.ms)}: ${attach}`, infra: attach };
        const hint = recreateHint(d, pvc);
        if (hint) out.hint = hint;
        return out;
      }
      return { status: 'fail', message: `after pod ${names.join(', ')} was deleted, no replacement was Ready behind Service ${p.service} within ${fmtMs(e.ms)} (step "${e.step}" timed out)` };
    }
    throw e;
  }
  const back = Date.now() - t0;
  p.progress.note(`replacement ${replacement.join(', ')} Ready behind ${p.service} after ${fmtMs(back)}`);
  p.settler.renew(); // the replacement pod: its own address and start
  const a = await p.settler.settle(() => p.prober.redisGet(p.target.host, p.target.port, p.key, signal));
  const where = `${p.target.host}:${p.target.port}`;
  if (!a.ok) return { status: 'fail', message: `after pod ${names.join(', ')} was replaced by ${replacement.join(', ')}, reading ${p.key} through ${where} failed: ${a.error}` };
  if (a.value === p.token) return { status: 'pass', message: `${p.key} survived: pod ${names.join(', ')} deleted, ${replacement.join(', ')} Ready after ${fmtMs(back)}, the key read back through ${where}` };
  return {
    status: 'fail',
    message: `${p.key} is ${a.value === null || a.value === undefined ? 'gone' : `changed (${JSON.stringify(a.value)})`} after pod ${names.join(', ')} was replaced by ${replacement.join(', ')}: Redis's /data did not outlive the pod`,
  };
}

export { KubeError };
