/**
 * The probe: the steps that talk to the student's Services through their
 * ClusterIPs. Two strategies with the same steps:
 *  - exec (default): a probe pod in the namespace runs PROBE_PY through the
 *    exec API, one exec per step;
 *  - direct: kubegrade's own process talks to the ClusterIP (ioredis,
 *    undici) — when kubegrade runs inside the cluster network (a pod, a Job,
 *    a node, or a CI host that routes ClusterIPs through kube-proxy).
 * An answer `{ok: false}` means the step ran and the target is wrong (the
 * check fails); a thrown error means the step could not run (the check is
 * `error`).
 */
import { Redis } from 'ioredis';
import { request } from 'undici';
import { conditionOf, isKubeError, KubeError, type Json, type KubeApi, R } from './kube.js';
import { PROBE_PY } from './probe-script.js';
import type { Cleanup, Progress, Timeouts } from './steps.js';
import { fmtMs, StepTimeout, withTimeout } from './steps.js';
import { ExecPace, stepCeilingMs } from './pace.js';
import { waitUntil } from './watch.js';

export type ProbeAnswer = { ok: true; value?: string | number | null; status?: number; body?: string } | { ok: false; error: string };

export type Strategy = 'exec' | 'direct';

export interface Prober {
  readonly strategy: Strategy;
  /** The exec API's pace (exec only): how much longer than the step limit a step may take here. */
  readonly pace?: ExecPace;
  /** Gets ready (the exec probe pod); registers its own cleanup. */
  prepare(signal: AbortSignal): Promise<void>;
  redisSet(host: string, port: number, key: string, value: string, ttlSeconds: number, signal: AbortSignal): Promise<ProbeAnswer>;
  redisGet(host: string, port: number, key: string, signal: AbortSignal): Promise<ProbeAnswer>;
  redisDel(host: string, port: number, key: string, signal: AbortSignal): Promise<ProbeAnswer>;
  /** SAVE: Redis writes its dataset to /data now (see live.redis-persistence). */
  redisSave(host: string, port: number, signal: AbortSignal): Promise<ProbeAnswer>;
  httpGet(url: string, signal: AbortSignal): Promise<ProbeAnswer>;
}

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RUN_ID = 'kubegrade.dev/run-id';

export interface ProbeContext {
  kube: KubeApi;
  ns: string;
  runId: string;
  image: string;
  timeouts: Timeouts;
  cleanup: Cleanup;
  progress: Progress;
}

export function probePodName(runId: string): string {
  return `kubegrade-probe-${runId}`;
}

/** The probe container's main process: sleeps for its lifetime, exits at once on SIGTERM. */
export const IDLE_PY = 'import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\ntime.sleep(float(sys.argv[1]))\n';

/** The probe container's resources (also counted in each student's requests for the default --jobs). */
export const PROBE_RESOURCES = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } };

export function probePodSpec(runId: string, image: string, lifetimeSeconds: number): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: probePodName(runId),
      labels: { [MANAGED_BY]: 'kubegrade', [RUN_ID]: runId, 'app.kubernetes.io/name': 'kubegrade-probe' },
      annotations: { 'kubegrade.dev/purpose': 'kubegrade live pass probe; safe to delete (kubegrade cleanup)' },
    },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // Ends itself even if kubegrade is killed with SIGKILL and never cleans up.
      activeDeadlineSeconds: lifetimeSeconds,
      containers: [
        {
          name: 'probe',
          image,
          imagePullPolicy: 'IfNotPresent',
          // python3 (the probe steps need it anyway) as PID 1, exiting on SIGTERM: `sleep` as PID 1
          // ignores it, and every deletion of the pod then waited out the grace period (2.4 s of a 6.6 s run).
          command: ['python3', '-c', IDLE_PY, String(lifetimeSeconds)],
          resources: PROBE_RESOURCES,
          securityContext: { allowPrivilegeEscalation: false, runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

/** Why a pod is not running, from its status: image pulls, crash loops, scheduling. */
export function podTrouble(pod: Json): string | undefined {
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = cs.state?.waiting;
    if (w && /ImagePullBackOff|ErrImagePull|InvalidImageName|ErrImageNeverPull|CreateContainerConfigError|CreateContainerError/.test(w.reason ?? '')) {
      return `${w.reason}: image ${cs.image}${w.message ? ` (${firstLine(w.message)})` : ''}`;
    }
  }
  return undefined;
}

export class ExecProber implements Prober {
  readonly strategy = 'exec' as const;
  private readonly pod: string;
  readonly pace: ExecPace;
  constructor(private readonly c: ProbeContext) {
    this.pod = probePodName(c.runId);
    this.pace = new ExecPace(c.timeouts.step);
  }

  async prepare(signal: AbortSignal): Promise<void> {
    const { kube, ns, runId, image, timeouts, cleanup } = this.c;
    const lifetime = Math.ceil((timeouts.ready + timeouts.probePod + timeouts.disrupt + 6 * stepCeilingMs(timeouts) + timeouts.cleanup) / 1000) + 60;
    await withTimeout('probe pod', timeouts.probePod, signal, async (s) => {
      const created = await kube.create(R.pods, ns, probePodSpec(runId, image, lifetime));
      const uid = created.metadata?.uid;
      cleanup.push(`delete probe pod ${this.pod}`, (cs) => deleteAndWait(kube, ns, this.pod, uid, cs));
      await waitUntil(
        kube,
        [{ r: R.pods, ns, sel: { fieldSelector: `metadata.name=${this.pod}` } }],
        ([pods]) => {
          const p = pods!.get(this.pod);
          if (!p) return undefined;
          const trouble = podTrouble(p);
          if (trouble) throw new KubeError('other', `the probe pod cannot start: ${trouble}`);
          if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') throw new KubeError('other', `the probe pod ended (${p.status?.phase}${p.status?.reason ? `: ${p.status.reason}` : ''})`);
          return conditionOf(p, 'Ready', 'True') ? true : undefined;
        },
        s,
      );
    });
    await this.ping(signal);
  }

  /**
   * The transport alone, once, as the probe pod is Ready (while the state checks still wait): what the first
   * step's limit is sized by. Only a measure: when the ping cannot run, the steps say why.
   */
  private async ping(signal: AbortSignal): Promise<void> {
    const limit = this.pace.ceilingMs();
    try {
      await this.once('ping', [], limit, signal);
      const ms = (this.pace.pingMs = this.pace.seen.at(-1)!);
      if (ms >= 1000) this.c.progress.note(`the exec API took ${fmtMs(ms)} to run nothing in the probe pod: each probe step may take up to ${fmtMs(this.pace.limitMs())} here`);
    } catch (e) {
      if (signal.aborted) throw e;
      if (isExecTimeout(e)) this.pace.timedOut();
    }
  }

  /**
   * One step: under the pace's limit (the step's own and the transport's allowance), and once more at the
   * bound when that exec ran out of time — the exec API's slowness is the cluster's, not the student's.
   */
  private async run(stepName: string, args: string[], signal: AbortSignal): Promise<ProbeAnswer> {
    const first = this.pace.limitMs();
    try {
      return await this.once(stepName, args, first, signal);
    } catch (e) {
      if (!isExecTimeout(e) || signal.aborted) throw e;
      this.pace.timedOut();
      this.pace.retried++;
      const again = this.pace.ceilingMs();
      this.c.progress.note(`probe step ${stepName}: no answer through the exec API within ${fmtMs(first)}; trying once more, for up to ${fmtMs(again)}`);
      try {
        return await this.once(stepName, args, again, signal);
      } catch (e2) {
        if (isExecTimeout(e2) && !signal.aborted) throw new StepTimeout(stepName, again, ` (its second try; the first ran out after ${fmtMs(first)})`);
        throw e2;
      }
    }
  }

  /** One exec of a step; its round trip, less the time the program says it ran, is the pace's measure. */
  private async once(stepName: string, args: string[], limitMs: number, signal: AbortSignal): Promise<ProbeAnswer> {
    const { kube, ns, timeouts } = this.c;
    // The program's own deadline (the student's budget) ends it a little before the step limit.
    const inner = Math.max(1, (timeouts.step - 1500) / 1000);
    return withTimeout(stepName, limitMs, signal, async (s) => {
      const t0 = Date.now();
      const r = await kube.exec(ns, this.pod, 'probe', ['python3', '-c', PROBE_PY, stepName, String(inner), ...args], limitMs, s);
      const line = r.stdout.trim().split('\n').pop() ?? '';
      let j: Json;
      try {
        j = JSON.parse(line) as Json;
        if (!j || typeof j !== 'object') throw new Error('not an answer');
      } catch {
        const why = r.stderr.trim().split('\n').slice(-2).join(' ') || r.status?.message || 'no output';
        throw new KubeError('other', `probe step ${stepName} gave no answer: ${why}`);
      }
      this.pace.observe(Date.now() - t0, typeof j.t === 'number' ? j.t * 1000 : 0);
      if (j.ok) return { ok: true, value: j.value, status: j.status, body: j.body };
      return { ok: false, error: String(j.error ?? 'failed') };
    });
  }

  redisSet(host: string, port: number, key: string, value: string, ttl: number, signal: AbortSignal) {
    return this.run('redis-set', [host, String(port), key, value, String(ttl)], signal);
  }
  redisGet(host: string, port: number, key: string, signal: AbortSignal) {
    return this.run('redis-get', [host, String(port), key], signal);
  }
  redisDel(host: string, port: number, key: string, signal: AbortSignal) {
    return this.run('redis-del', [host, String(port), key], signal);
  }
  redisSave(host: string, port: number, signal: AbortSignal) {
    return this.run('redis-save', [host, String(port)], signal);
  }
  httpGet(url: string, signal: AbortSignal) {
    return this.run('http-get', [url], signal);
  }
}

export class DirectProber implements Prober {
  readonly strategy = 'direct' as const;
  constructor(private readonly timeouts: Timeouts) {}

  async prepare(): Promise<void> {}

  private async redis<T>(step: string, host: string, port: number, signal: AbortSignal, fn: (r: Redis) => Promise<T>): Promise<ProbeAnswer> {
    return withTimeout(step, this.timeouts.step, signal, async (s) => {
      const r = new Redis({
        host,
        port,
        lazyConnect: true,
        connectTimeout: Math.min(2000, Math.max(1000, this.timeouts.step - 2000)), // as PROBE_PY: short, retried by settle()
        commandTimeout: Math.max(1000, this.timeouts.step - 2000),
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
        reconnectOnError: () => false,
      });
      let lastError: unknown;
      r.on('error', (e) => (lastError = e));
      const onAbort = () => r.disconnect();
      s.addEventListener('abort', onAbort, { once: true });
      try {
        try {
          await r.connect();
        } catch (e) {
          return { ok: false, error: `cannot connect to ${host}:${port}: ${errText(lastError ?? e)}` } as ProbeAnswer;
        }
        try {
          const v = await fn(r);
          return { ok: true, value: v as never } as ProbeAnswer;
        } catch (e) {
          const m = errText(e);
          return { ok: false, error: /^[A-Z]+ /.test(m) ? `Redis answered an error: ${m}` : `talking to ${host}:${port}: ${m}` } as ProbeAnswer;
        }
      } finally {
        s.removeEventListener('abort', onAbort);
        r.disconnect();
      }
    });
  }

  async redisSet(host: string, port: number, key: string, value: string, ttl: number, signal: AbortSignal) {
    const a = await this.redis('redis-set', host, port, signal, (r) => r.set(key, value, 'EX', ttl));
    if (a.ok && a.value !== 'OK') return { ok: false, error: `SET answered ${JSON.stringify(a.value)}` } as ProbeAnswer;
    return a;
  }
  redisGet(host: string, port: number, key: string, signal: AbortSignal) {
    return this.redis('redis-get', host, port, signal, (r) => r.get(key));
  }
  redisDel(host: string, port: number, key: string, signal: AbortSignal) {
    return this.redis('redis-del', host, port, signal, (r) => r.del(key));
  }
  async redisSave(host: string, port: number, signal: AbortSignal) {
    const a = await this.redis('redis-save', host, port, signal, (r) => r.save());
    if (a.ok && a.value !== 'OK') return { ok: false, error: `SAVE answered ${JSON.stringify(a.value)}` } as ProbeAnswer;
    return a;
  }
  async httpGet(url: string, signal: AbortSignal): Promise<ProbeAnswer> {
    return withTimeout('http-get', this.timeouts.step, signal, async (s) => {
      try {
        const r = await request(url, { method: 'GET', signal: s, headersTimeout: this.timeouts.step - 1000, bodyTimeout: this.timeouts.step - 1000, headers: { 'user-agent': 'kubegrade-probe' } });
        const text = await r.body.text();
        return { ok: true, status: r.statusCode, body: text.slice(0, 200) };
      } catch (e) {
        if (s.aborted) throw s.reason;
        return { ok: false, error: `GET ${url}: ${errText(e)}` };
      }
    });
  }
}

/** An exec that ran out of its limit (either side of the race: the step's timer, or the exec's own). */
function isExecTimeout(e: unknown): boolean {
  return e instanceof StepTimeout || isKubeError(e, 'timeout');
}

function errText(e: unknown): string {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code ?? err?.code;
  const msg = err?.cause?.message ?? err?.message ?? String(e);
  return code && !msg.includes(code) ? `${code} (${msg})` : msg;
}

function firstLine(s: string): string {
  return String(s).split('\n')[0]!.slice(0, 300);
}

/**
 * Deletes one of kubegrade's probe pods (by uid when known) and waits, by
 * watch, until it is gone. Grace period 0: the probe holds nothing to drain,
 * and a graceful deletion is only final after the kubelet's next relist (up to
 * a second, with the container long gone); the kubelet stops the container
 * right after. Never used on a student's pod.
 */
export async function deleteAndWait(kube: KubeApi, ns: string, name: string, uid: string | undefined, signal: AbortSignal): Promise<void> {
  try {
    const existed = await kube.delete(R.pods, ns, name, { uid, gracePeriodSeconds: 0 });
    if (!existed) return;
  } catch (e) {
    // A uid precondition that fails means a different pod of that name: ours is gone.
    if (isKubeError(e, 'conflict')) return;
    throw e;
  }
  await waitUntil(kube, [{ r: R.pods, ns, sel: { fieldSelector: `metadata.name=${name}` } }], ([pods]) => (pods!.has(name) && (!uid || pods!.get(name).metadata?.uid === uid) ? undefined : true), signal);
}
