/**
 * The live pass against test doubles (test/live-fake.ts): an in-memory API
 * server whose exec runs the real probe program on this machine against a
 * fake Redis and HTTP server on 127.0.0.1. The real cluster proof is
 * test/e2e/live.e2e.test.ts; these pin the runner's logic: verdicts, the
 * only-the-Redis-pod deletion rule, cleanup on every path, timeouts, and
 * forbidden calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import type { LiveOutcome, StaticResult } from '../src/grade.js';
import { R, type Json } from '../src/live/kube.js';
import { runLive, deployNamespace, settle, startupEnd, type LiveOptions } from '../src/live/runner.js';
import { PROBE_PY } from '../src/live/probe-script.js';
import { DirectProber, type ProbeAnswer } from '../src/live/probe.js';
import { ExecPace, PACE_CAP, PACE_FACTOR, stepCeilingMs } from '../src/live/pace.js';
import { Cleanup, DEFAULT_TIMEOUTS, fmtMs, Interrupted, SILENT, StepTimeout, withTimeout } from '../src/live/steps.js';
import { endpointPods, ownedPods, serviceBackends } from '../src/live/state.js';
import { closedPort, FakeKube, fakeHttp, fakeRedis, type FakeRedis } from './live-fake.js';
import { GOOD } from './helpers/fixtures.js';
import { spawn, spawnSync } from 'node:child_process';

const NS = 'student';
const fast = { ...DEFAULT_TIMEOUTS, ready: 3000, probePod: 3000, step: 4000, disrupt: 3000, cleanup: 8000, namespace: 3000, connect: 2000 };

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
});

const ready = (extra: Json = {}) => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], ...extra });

interface World {
  kube: FakeKube;
  redis: FakeRedis;
  input: StaticResult;
  /** Pods deleted, by name. */
  deletedPods(): string[];
}

/** The good submission, "running": objects as the API server would hold them after it became ready. */
async function world(
  o: {
    emptyDir?: boolean;
    redisSelectsFlask?: boolean;
    redisPort?: number;
    recreate?: boolean;
    flaskStatus?: number;
    /** Flask's containers start now, and it listens this much later (-1: never). */
    flaskListensAfter?: number;
    /** The Flask Service's port leads nowhere, while the pods answer on theirs (kube-proxy behind). */
    flaskServiceDeaf?: boolean;
  } = {},
): Promise<World> {
  const kube = new FakeKube();
  const redis = await fakeRedis();
  closers.push(redis.close);
  const late = o.flaskListensAfter !== undefined;
  let http = late ? { port: await closedPort(), close: async () => undefined } : await fakeHttp(o.flaskStatus ?? 200);
  closers.push(() => http.close());
  if (late && o.flaskListensAfter! >= 0) {
    const port = http.port;
    const t = setTimeout(() => void fakeHttp(200, port).then((h) => (http = h)), o.flaskListensAfter);
    closers.push(async () => clearTimeout(t));
  }
  const flaskPodPort = http.port;
  const flaskSvcPort = o.flaskServiceDeaf ? await closedPort() : http.port;
  kube.put(R.namespaces, undefined, { metadata: { name: NS } });
  kube.put(R.pvcs, NS, { metadata: { name: 'jdoe-test-redis-pvc' }, spec: { storageClassName: 'rdb' }, status: { phase: 'Bound' } });
  kube.put(R.storageclasses, undefined, { metadata: { name: 'rdb' } });
  let n = 0;
  // Each pod's container started an hour ago, Flask's now when it listens late. The EndpointSlices list
  // the pods at 127.0.0.1 on `podPort`, the port the fake server behind them really has.
  const app = (name: string, replicas: number, port: number, svcPort: number, podPort: number, startedAt: string) => {
    const d = kube.put(R.deployments, NS, { metadata: { name: `jdoe-test-${name}-deployment`, generation: 1, labels: { app: `jdoe-test-${name}` } }, spec: { replicas, selector: { matchLabels: { app: `jdoe-test-${name}` } } }, status: { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: replicas } });
    const rs = kube.put(R.replicasets, NS, { metadata: { name: `jdoe-test-${name}-rs`, ownerReferences: [{ kind: 'Deployment', controller: true, uid: d.metadata.uid, name: d.metadata.name }] } });
    const pods: string[] = [];
    const addPod = () => {
      const p = kube.put(R.pods, NS, { metadata: { name: `jdoe-test-${name}-${++n}`, labels: { app: `jdoe-test-${name}`, username: 'jdoe', env: 'test' }, ownerReferences: [{ kind: 'ReplicaSet', controller: true, uid: rs.metadata.uid }] }, status: ready({ containerStatuses: [{ name, ready: true, state: { running: { startedAt } } }] }) });
      pods.push(p.metadata.name);
      return p;
    };
    for (let i = 0; i < replicas; i++) addPod();
    kube.put(R.services, NS, { metadata: { name: `jdoe-test-${name}-service` }, spec: { clusterIP: '127.0.0.1', selector: { app: `jdoe-test-${name}` }, ports: [{ port: svcPort, targetPort: port }] } });
    const slice = (names: string[]) => kube.put(R.endpointslices, NS, { metadata: { name: `jdoe-test-${name}-service-abc`, labels: { 'kubernetes.io/service-name': `jdoe-test-${name}-service` } }, ports: [{ port: podPort }], endpoints: names.map((p) => ({ addresses: ['127.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: p } })) });
    return { pods, addPod, slice };
  };
  const redisSvcPort = o.redisPort ?? redis.port;
  const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
  const r = app('redis', 1, 6379, redisSvcPort, redisSvcPort, anHourAgo);
  const f = app('flask', 2, 5000, flaskSvcPort, flaskPodPort, late ? new Date().toISOString() : anHourAgo);
  r.slice(o.redisSelectsFlask ? [...r.pods, ...f.pods] : r.pods);
  f.slice(f.pods);
  kube.onPodCreated = (p) => {
    if (p.metadata.name.startsWith('kubegrade-probe-')) kube.put(R.pods, NS, { ...p, status: ready() });
  };
  kube.onPodDeleted = (p) => {
    if (!p.metadata.name.startsWith('jdoe-test-redis-') || o.recreate === false) return;
    if (o.emptyDir) redis.data.clear();
    const np = r.addPod();
    r.slice(o.redisSelectsFlask ? [np.metadata.name, ...f.pods] : [np.metadata.name]);
  };
  // The fake ClusterIP is 127.0.0.1: the rubric's ports are the fake servers' ports.
  const input = gradeStatic(GOOD, { set: [`redisPort=${redisSvcPort}`, `flaskPort=${flaskSvcPort}`] });
  return { kube, redis, input, deletedPods: () => kube.deleted.filter((d) => d.startsWith('pods/')).map((d) => d.slice(5)) };
}

async function run(w: World, extra: Partial<LiveOptions> = {}) {
  return runLive({ kube: w.kube, namespace: NS, timeouts: fast, progress: SILENT, runId: 'abc123', ...extra }, w.input);
}

const statuses = (m: Map<string, LiveOutcome>) => Object.fromEntries([...m].map(([k, v]) => [k, v.status]));
const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

describe.skipIf(!hasPython)('the live runner on a fake cluster (exec runs the real probe program here)', () => {
  it('passes every live check on a good deployment, deletes only the Redis pod and the probe pod, and removes the key', async () => {
    const w = await world();
    const { outcomes, info } = await run(w);
    expect(statuses(outcomes)).toEqual({
      'live.pvc-bound': 'pass',
      'live.redis-ready': 'pass',
      'live.flask-ready': 'pass',
      'live.redis-endpoints': 'pass',
      'live.flask-endpoints': 'pass',
      'live.redis-write': 'pass',
      'live.flask-http': 'pass',
      'live.redis-persistence': 'pass',
    });
    expect(w.deletedPods()).toEqual(['jdoe-test-redis-1', 'kubegrade-probe-abc123']);
    expect(w.redis.data.size).toBe(0);
    expect(w.redis.commands.map((c) => c[0])).toEqual(['SET', 'GET', 'SAVE', 'GET', 'DEL']);
    expect(w.kube.activeWatches()).toBe(0);
    expect(info?.cleanup).toEqual({ done: ['delete Redis key kubegrade:abc123', 'delete probe pod kubegrade-probe-abc123'], failed: [] });
    for (const o of outcomes.values()) expect(o.durationMs).toBeTypeOf('number');
  });

  it('direct strategy: the same verdicts without a probe pod', async () => {
    const w = await world();
    const { outcomes } = await run(w, { strategy: 'direct' });
    expect([...outcomes.values()].every((o) => o.status === 'pass')).toBe(true);
    expect(w.deletedPods()).toEqual(['jdoe-test-redis-1']);
    expect(w.redis.data.size).toBe(0);
  });

  it('Redis on emptyDir: live.redis-persistence fails, saying the key is gone', async () => {
    const w = await world({ emptyDir: true });
    const { outcomes } = await run(w);
    const p = outcomes.get('live.redis-persistence')!;
    expect(p.status).toBe('fail');
    expect(p.message).toMatch(/kubegrade:abc123 is gone after pod jdoe-test-redis-1 was replaced by jdoe-test-redis-4/);
    expect(outcomes.get('live.redis-write')!.status).toBe('pass');
  });

  it('a Redis Service that also selects the Flask pods: live.redis-endpoints names them, persistence is judged on its own, only the Redis pod is deleted', async () => {
    const w = await world({ redisSelectsFlask: true });
    const { outcomes } = await run(w);
    const e = outcomes.get('live.redis-endpoints')!;
    expect(e.status).toBe('fail');
    expect(e.message).toMatch(/also sends traffic to pods jdoe-test-flask-2, jdoe-test-flask-3/);
    expect(outcomes.get('live.redis-write')!.status).toBe('pass');
    // The Flask pods stay behind the Service after the Redis pod's replacement: not waited for.
    expect([outcomes.get('live.redis-persistence')!.status, outcomes.get('live.redis-persistence')!.message]).toEqual(['pass', expect.stringMatching(/^kubegrade:abc123 survived: pod jdoe-test-redis-1 deleted, jdoe-test-redis-4 Ready after/)]);
    expect(w.deletedPods().filter((p) => !p.startsWith('kubegrade-probe'))).toEqual(['jdoe-test-redis-1']);
  });

  it('a Redis Service on a port where nothing listens: live.redis-write fails and persistence is not tried', async () => {
    const w = await world({ redisPort: await closedPort() });
    const { outcomes } = await run(w, { settleMs: 300 });
    expect(outcomes.get('live.redis-write')!.status).toBe('fail');
    expect(outcomes.get('live.redis-write')!.message).toMatch(/cannot connect to 127\.0\.0\.1:\d+: Connection refused; pod jdoe-test-redis-1 refuses on 127\.0\.0\.1:(\d+) too \(its container has run 60 min\): nothing listens on port \1 in it$/);
    expect(outcomes.get('live.redis-write')!.hint).toBe(`make the Service's targetPort the port the Redis container listens on; kubectl logs -n ${NS} jdoe-test-redis-1`);
    expect(outcomes.get('live.redis-persistence')!.message).toMatch(/^not tried/);
    expect(w.deletedPods()).toEqual(['kubegrade-probe-abc123']);
  });

  it('timeouts given without a limit added since (startup) take its default, and the run ends as before', async () => {
    const w = await world({ redisPort: await closedPort() });
    const { startup: _, ...older } = fast;
    const { outcomes } = await run(w, { settleMs: 300, timeouts: older });
    expect(outcomes.get('live.redis-write')!.message).toMatch(/Connection refused; pod jdoe-test-redis-1 refuses on 127\.0\.0\.1:\d+ too/);
  });

  it('Flask listening 1.5 s after its container started: live.flask-http waits for it (--timeout-startup), past the settle window', async () => {
    const w = await world({ flaskListensAfter: 1500 });
    const { outcomes } = await run(w, { disrupt: false, settleMs: 300, timeouts: { ...fast, startup: 6000 } });
    expect(outcomes.get('live.flask-http')!.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/hello-service → 200/);
  });

  it('Flask never listening: live.flask-http fails, saying the pod refuses too, with a hint', async () => {
    const w = await world({ flaskListensAfter: -1 });
    const { outcomes } = await run(w, { disrupt: false, settleMs: 300, timeouts: { ...fast, startup: 800 } });
    const out = outcomes.get('live.flask-http')!;
    expect(out.message).toMatch(/^GET http:\/\/127\.0\.0\.1:(\d+)\/hello-service: Connection refused \(Service jdoe-test-flask-service\); pod jdoe-test-flask-\d+ refuses on 127\.0\.0\.1:\1 too \(its container has run [\d.]+ s\): nothing listens on port \1 in it$/);
    expect(out.hint).toMatch(/^make the Service's targetPort the port the Flask container listens on, and have Flask listen on every address \(app\.run\(host="0\.0\.0\.0"\)\); kubectl logs -n student jdoe-test-flask-\d+$/);
  });

  it('pods that answer while the Service IP refuses: one more window, then the message says so', async () => {
    const w = await world({ flaskServiceDeaf: true });
    const { outcomes } = await run(w, { disrupt: false, settleMs: 300 });
    expect(outcomes.get('live.flask-http')!.message).toMatch(/Connection refused \(Service jdoe-test-flask-service\); pod jdoe-test-flask-\d+ answers on 127\.0\.0\.1:\d+ directly, but the Service IP did not reach it in (0\.[6-9]|[1-9][\d.]*) s of tries$/);
  });

  it('Flask answering 404 on the path: live.flask-http fails with the status', async () => {
    const w = await world({ flaskStatus: 404 });
    const { outcomes } = await run(w);
    expect(outcomes.get('live.flask-http')!.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/hello-service → 404/);
  });

  it('a Flask Service without the rubric\'s port: live.flask-http fails, naming the ports it has', async () => {
    const w = await world();
    const s = (await w.kube.get(R.services, NS, 'jdoe-test-flask-service'))!;
    w.kube.put(R.services, NS, { ...s, spec: { ...s.spec, ports: [{ port: 80, targetPort: 5000 }] } });
    const { outcomes } = await run(w, { disrupt: false });
    expect(outcomes.get('live.flask-http')!.message).toMatch(/^Service jdoe-test-flask-service has no port \d+ \(its ports: 80→5000\): GET http:\/\/127\.0\.0\.1:\d+\/hello-service cannot reach Flask$/);
  });

  /** The Redis PVC Pending on a class the cluster lacks, and the Redis Deployment not available (or as `deployment` makes it). */
  const pvcThatWillNotBind = async (w: Awaited<ReturnType<typeof world>>, deployment?: (d: Json) => Json) => {
    w.kube.put(R.pvcs, NS, { metadata: { name: 'jdoe-test-redis-pvc' }, spec: { storageClassName: 'nfs' }, status: { phase: 'Pending' } });
    const d = (await w.kube.get(R.deployments, NS, 'jdoe-test-redis-deployment'))!;
    w.kube.put(R.deployments, NS, deployment ? deployment(d) : { ...d, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0 } });
  };

  it('a PVC that will not bind stops the wait for the Redis pod that needs it', async () => {
    const w = await world();
    await pvcThatWillNotBind(w);
    const p = (await w.kube.get(R.pods, NS, 'jdoe-test-redis-1'))!;
    w.kube.put(R.pods, NS, { ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.' }] } });
    const { outcomes } = await run(w, { disrupt: false, timeouts: { ...fast, ready: 30_000 } });
    const r = outcomes.get('live.redis-ready')!;
    expect(r.message).toBe('Deployment jdoe-test-redis-deployment: 0/1 replicas available; pod jdoe-test-redis-1 is Pending: Unschedulable: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. (its PVC will not bind: see live.pvc-bound)');
    expect(r.durationMs!).toBeLessThan(2000);
  });

  it('a PVC that will not bind, before the scheduler has looked at the Redis pod: the message names the claim it waits for', async () => {
    const w = await world();
    await pvcThatWillNotBind(w);
    const p = (await w.kube.get(R.pods, NS, 'jdoe-test-redis-1'))!;
    w.kube.put(R.pods, NS, { ...p, spec: { ...p.spec, volumes: [{ name: 'conf', configMap: { name: 'c' } }, { name: 'data', persistentVolumeClaim: { claimName: 'jdoe-test-redis-pvc' } }] }, status: { phase: 'Pending' } });
    const { outcomes } = await run(w, { disrupt: false, timeouts: { ...fast, ready: 30_000 } });
    const r = outcomes.get('live.redis-ready')!;
    expect(r.message).toBe('Deployment jdoe-test-redis-deployment: 0/1 replicas available; pod jdoe-test-redis-1 is Pending: it waits for PersistentVolumeClaim jdoe-test-redis-pvc (Pending) (its PVC will not bind: see live.pvc-bound)');
    expect(r.durationMs!).toBeLessThan(2000);
  });

  it('a PVC that will not bind, before the Redis Deployment has a pod: the message names the claim its pods would wait for', async () => {
    const w = await world();
    await pvcThatWillNotBind(w, (d) => ({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template?.spec, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'jdoe-test-redis-pvc' } }] } } }, status: { observedGeneration: 1, replicas: 0, availableReplicas: 0 } }));
    await w.kube.delete(R.pods, NS, 'jdoe-test-redis-1');
    const { outcomes } = await run(w, { disrupt: false, timeouts: { ...fast, ready: 30_000 } });
    const r = outcomes.get('live.redis-ready')!;
    expect(r.message).toBe('Deployment jdoe-test-redis-deployment: 0/1 replicas available; it has no pods yet, and they would wait for PersistentVolumeClaim jdoe-test-redis-pvc (Pending) (its PVC will not bind: see live.pvc-bound)');
    expect(r.durationMs!).toBeLessThan(2000);
  });

  it('--no-disrupt: nothing of the student\'s is deleted, persistence is skip', async () => {
    const w = await world();
    const { outcomes } = await run(w, { disrupt: false });
    expect(outcomes.get('live.redis-persistence')!.status).toBe('skip');
    expect(w.deletedPods()).toEqual(['kubegrade-probe-abc123']);
  });

  it('a forbidden delete becomes an error naming the verb and the resource; cleanup still runs', async () => {
    const w = await world();
    w.kube.forbid.add('delete pods');
    const { outcomes, info } = await run(w);
    const p = outcomes.get('live.redis-persistence')!;
    expect(p.status).toBe('error');
    expect(p.message).toBe('forbidden: kubegrade needs "delete" on "pods" in namespace student');
    expect((info?.cleanup as { failed: string[] }).failed[0]).toMatch(/delete probe pod.*forbidden/);
    expect(w.redis.data.size).toBe(0);
  });

  it('SIGINT in the middle of the persistence step: the run stops, the key and the probe pod are removed', async () => {
    const w = await world({ recreate: false });
    const ac = new AbortController();
    const orig = w.kube.onPodDeleted;
    w.kube.onPodDeleted = (p) => {
      orig?.(p);
      if (p.metadata.name.startsWith('jdoe-test-redis-')) setTimeout(() => ac.abort(new Interrupted('SIGINT')), 50);
    };
    const { outcomes, info } = await run(w, { signal: ac.signal, timeouts: { ...fast, disrupt: 60_000 } });
    expect(outcomes.get('live.redis-persistence')!.status).toBe('error');
    expect(outcomes.get('live.redis-persistence')!.message).toMatch(/interrupted by SIGINT/);
    expect(info?.interrupted).toBe('interrupted by SIGINT');
    expect(w.redis.data.size).toBe(0);
    expect(w.deletedPods()).toEqual(['jdoe-test-redis-1', 'kubegrade-probe-abc123']);
    expect(w.kube.activeWatches()).toBe(0);
  });

  it('the replacement never comes: persistence fails naming the timed-out step', async () => {
    const w = await world({ recreate: false });
    const { outcomes } = await run(w);
    expect(outcomes.get('live.redis-persistence')!.message).toMatch(/no replacement was Ready behind Service jdoe-test-redis-service within 3 s \(step "wait for the replacement Redis pod" timed out\)/);
  });

  it('a replacement that cannot attach the volume (Multi-Attach): persistence is the cluster\'s error, with the strategy: Recreate hint for a RollingUpdate Deployment on a RWO claim', async () => {
    const w = await world({ recreate: false });
    const d = (await w.kube.get(R.deployments, NS, 'jdoe-test-redis-deployment'))!;
    w.kube.put(R.deployments, NS, { ...d, spec: { ...d.spec, template: { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'jdoe-test-redis-pvc' } }] } } } });
    const pvc = (await w.kube.get(R.pvcs, NS, 'jdoe-test-redis-pvc'))!;
    w.kube.put(R.pvcs, NS, { ...pvc, spec: { ...pvc.spec, accessModes: ['ReadWriteOnce'] } });
    const rs = (await w.kube.get(R.replicasets, NS, 'jdoe-test-redis-rs'))!;
    w.kube.onPodDeleted = (p) => {
      if (!p.metadata.name.startsWith('jdoe-test-redis-')) return;
      w.kube.put(R.pods, NS, { metadata: { name: 'jdoe-test-redis-new', ownerReferences: [{ kind: 'ReplicaSet', controller: true, uid: rs.metadata.uid }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'redis', state: { waiting: { reason: 'ContainerCreating' } } }] } });
      w.kube.put(R.events, NS, { metadata: { name: 'ev1' }, involvedObject: { kind: 'Pod', name: 'jdoe-test-redis-new' }, reason: 'FailedAttachVolume', message: 'Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) jdoe-test-redis-1' });
    };
    const { outcomes, info } = await run(w, { strategy: 'direct' });
    const p = outcomes.get('live.redis-persistence')!;
    expect(p.status).toBe('error');
    expect(p.message).toBe('the cluster, not the submission: after pod jdoe-test-redis-1 was deleted, the replacement jdoe-test-redis-new could not attach its volume within 3 s: FailedAttachVolume: Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) jdoe-test-redis-1');
    expect(p.hint).toMatch(/default strategy \(RollingUpdate\) with a ReadWriteOnce claim: .*set spec.strategy.type: Recreate$/);
    expect(info?.infrastructure).toEqual([expect.stringMatching(/^live.redis-persistence: FailedAttachVolume: Multi-Attach/)]);
  });

  it('a PVC naming a class the cluster lacks fails at once, listing the classes', async () => {
    const w = await world();
    w.kube.put(R.pvcs, NS, { metadata: { name: 'jdoe-test-redis-pvc' }, spec: { storageClassName: 'rbd' }, status: { phase: 'Pending' } });
    w.kube.put(R.events, NS, { metadata: { name: 'e1' }, involvedObject: { kind: 'PersistentVolumeClaim', name: 'jdoe-test-redis-pvc' }, reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "rbd" not found' });
    // "At once": it does not wait out the ready time limit (a long one here, so that a loaded machine cannot make the run reach it).
    const ready = 60_000;
    const t0 = Date.now();
    const { outcomes } = await run(w, { disrupt: false, timeouts: { ...fast, ready } });
    const p = outcomes.get('live.pvc-bound')!;
    expect(p.status).toBe('fail');
    expect(p.message).toBe('PersistentVolumeClaim jdoe-test-redis-pvc is Pending: the cluster has no StorageClass "rbd"; events: ProvisioningFailed: storageclass.storage.k8s.io "rbd" not found');
    expect(p.hint).toBe('the StorageClasses that exist here: rdb; set storageClassName to one of them');
    expect(Date.now() - t0).toBeLessThan(ready / 2);
  });

  it('an image that cannot be pulled fails live.redis-ready at once, naming the image', async () => {
    const w = await world();
    const d = (await w.kube.get(R.deployments, NS, 'jdoe-test-redis-deployment'))!;
    w.kube.put(R.deployments, NS, { ...d, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0 } });
    const p = (await w.kube.get(R.pods, NS, 'jdoe-test-redis-1'))!;
    w.kube.put(R.pods, NS, { ...p, status: { phase: 'Pending', containerStatuses: [{ name: 'redis', image: 'redis:0.0.0-nope', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "redis:0.0.0-nope"' } } }] } });
    const { outcomes } = await run(w, { disrupt: false });
    expect(outcomes.get('live.redis-ready')!.message).toBe('Deployment jdoe-test-redis-deployment: 0/1 replicas available; pod jdoe-test-redis-1: ImagePullBackOff: image redis:0.0.0-nope (Back-off pulling image "redis:0.0.0-nope")');
  });

  it('a crash loop quotes the container\'s last log lines', async () => {
    const w = await world();
    const d = (await w.kube.get(R.deployments, NS, 'jdoe-test-flask-deployment'))!;
    w.kube.put(R.deployments, NS, { ...d, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 } });
    const p = (await w.kube.get(R.pods, NS, 'jdoe-test-flask-2'))!;
    w.kube.put(R.pods, NS, { ...p, status: { phase: 'Running', containerStatuses: [{ name: 'flask', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] } });
    const { outcomes } = await run(w, { disrupt: false });
    expect(outcomes.get('live.flask-ready')!.message).toMatch(/container flask is in CrashLoopBackOff \(4 restarts\), exited with code 1 \(Error\); its last log lines: Traceback \(most recent call last\): \| ValueError: boom/);
  });

  it('a Service selecting labels no pod carries: no endpoints, both label sets shown', async () => {
    const w = await world();
    const s = (await w.kube.get(R.services, NS, 'jdoe-test-flask-service'))!;
    w.kube.put(R.services, NS, { ...s, spec: { ...s.spec, selector: { app: 'jdoe-flask' } } });
    w.kube.put(R.endpointslices, NS, { metadata: { name: 'jdoe-test-flask-service-abc', labels: { 'kubernetes.io/service-name': 'jdoe-test-flask-service' } }, endpoints: [] });
    const { outcomes } = await run(w, { disrupt: false, timeouts: { ...fast, ready: 500 } });
    expect(outcomes.get('live.flask-endpoints')!.message).toMatch(/^Service jdoe-test-flask-service has no endpoints: it selects app=jdoe-flask, but no pod carries those labels; the Flask pods carry app=jdoe-test-flask, username=jdoe, env=test/);
  });

  it('the namespace missing is a usage error (one line)', async () => {
    const w = await world();
    await expect(run(w, { namespace: 'nope' })).rejects.toThrow('namespace "nope" not found (context fake, https://fake:6443); pass --namespace');
  });

  it('--deploy: makes kubegrade-<user>-<run-id>, applies every object, and deletes the namespace after', async () => {
    const w = await world();
    // The fake "applies" nothing; point the run at a namespace that already holds the objects by naming the run so.
    const { info } = await run(w, { deploy: true, disrupt: false, strategy: 'direct', isolate: false });
    expect(info?.namespace).toBe('kubegrade-jdoe-abc123');
    expect(w.kube.calls.filter((c) => c.startsWith('patch ')).length).toBe(5);
    // In stages: the claim is in the API server before the Deployments (their pods would not find it),
    // the Services before the Deployments; the two Deployments go together.
    expect(w.kube.applyLog).toEqual(['start PersistentVolumeClaim', 'done PersistentVolumeClaim', 'start Service', 'start Service', 'done Service', 'done Service', 'start Deployment', 'start Deployment', 'done Deployment', 'done Deployment']);
    expect(w.kube.deleted).toContain('namespaces/kubegrade-jdoe-abc123');
  });
});

describe.skipIf(!hasPython)('the exec API\'s pace: a slow cluster is never the student\'s fail', () => {
  // Step limit 1 s: the probe program's own deadline is 1 s, so the limit of one exec is 1 s plus what the pace allows (at most 3 s more).
  const paced = { ...fast, step: 1000 };
  const ALL_PASS = Object.fromEntries(['live.pvc-bound', 'live.redis-ready', 'live.flask-ready', 'live.redis-endpoints', 'live.flask-endpoints', 'live.redis-write', 'live.flask-http', 'live.redis-persistence'].map((id) => [id, 'pass']));

  it('every exec 3.2 s slower, past the step limit (a starved node): the ping measures it, each step gets the time, every verdict is the good one', async () => {
    const slow = { ...fast, step: 3000 };
    const w = await world();
    w.kube.execDelay = () => 3200;
    const { outcomes, info } = await run(w, { timeouts: slow, disrupt: false });
    expect(statuses(outcomes)).toEqual({ ...ALL_PASS, 'live.redis-persistence': 'skip' });
    expect(w.kube.execs[0]).toEqual({ step: 'ping', timeoutMs: stepCeilingMs(slow) });
    // Sized by the ping: 3 s and three times the 3.2 s (or more) it took, at most the ceiling (12 s).
    expect(w.kube.execs.map((x) => x.step).sort()).toEqual(['http-get', 'ping', 'redis-del', 'redis-get', 'redis-set']);
    for (const x of w.kube.execs.slice(1)) expect(x.timeoutMs).toBe(stepCeilingMs(slow));
    expect((info?.exec as { pingMs: number }).pingMs).toBeGreaterThanOrEqual(3200);
  }, 60_000);

  it('one exec that runs out of its limit (a spike) is tried once more at the ceiling: the write passes, the report counts the retry', async () => {
    const w = await world();
    w.kube.execDelay = (step, nth) => (step === 'redis-set' && nth === 0 ? 6000 : 0);
    const { outcomes, info } = await run(w, { timeouts: paced });
    expect(statuses(outcomes)).toEqual(ALL_PASS);
    const sets = w.kube.execs.filter((x) => x.step === 'redis-set');
    expect(sets.length).toBe(2);
    expect(sets[0]!.timeoutMs).toBeLessThanOrEqual(stepCeilingMs(paced)); // sized by the ping (python3 starting here)
    expect(sets[1]!.timeoutMs).toBe(stepCeilingMs(paced));
    expect(info?.exec).toMatchObject({ retried: 1 });
    expect(w.redis.commands.filter((c) => c[0] === 'SET').length).toBe(1); // the first never ran
  }, 30_000);

  it('an exec that never answers (a hung kubelet) is error, not fail, after two tries, the second at the ceiling', async () => {
    const w = await world();
    w.kube.execDelay = (step) => (step === 'redis-set' || step === 'http-get' ? Infinity : 0);
    const { outcomes } = await run(w, { timeouts: paced });
    expect(statuses(outcomes)).toMatchObject({ 'live.redis-ready': 'pass', 'live.redis-write': 'error', 'live.redis-persistence': 'error', 'live.flask-http': 'error' });
    expect(outcomes.get('live.redis-write')!.message).toMatch(/^step "redis-set" timed out after 4 s \(its second try; the first ran out after \d(\.\d)? s\)$/);
    expect(outcomes.get('live.redis-write')!.hint).toMatch(/--timeout-step/);
    expect(w.kube.execs.filter((x) => x.step === 'redis-set').map((x) => x.timeoutMs)).toEqual([expect.any(Number), stepCeilingMs(paced)]);
    expect(w.kube.activeWatches()).toBe(0);
  }, 30_000);

  it('settle: where each try takes 1 s, the window also holds the exec\'s allowance, so a Service IP that answers 2.5 s in is reached', async () => {
    const t0 = Date.now();
    const slowTry = async (): Promise<ProbeAnswer> => {
      await new Promise((r) => setTimeout(r, 1000));
      return Date.now() - t0 >= 2500 ? { ok: true, value: 'OK' } : { ok: false, error: 'cannot connect to 10.96.0.7:6379: Connection refused' };
    };
    // Tries end at about 1, 2.1 and 3.2 s: without the allowance the window (0.3 s) was over at the first.
    const a = await settle(slowTry, new AbortController().signal, { settleMs: 300, slackMs: () => 3000, startupMs: 0 });
    expect(a).toEqual({ ok: true, value: 'OK' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2500);
  });
});

describe('ExecPace: the limit of one exec, from the exec API\'s round trips', () => {
  it('the step limit before anything is measured; then the step and PACE_FACTOR times the transport (round trip less the program\'s own time), never past the ceiling', () => {
    const p = new ExecPace(15_000);
    expect(p.limitMs()).toBe(15_000);
    p.observe(250, 50); // a quiet node: 0.2 s of transport
    expect(p.limitMs()).toBe(15_000 + PACE_FACTOR * 200);
    p.observe(12_000, 1_000); // a starved one: 11 s
    expect(p.limitMs()).toBe(15_000 + PACE_FACTOR * 11_000);
    p.observe(60_000);
    expect(p.limitMs()).toBe(15_000 * (1 + PACE_CAP));
    expect(p.limitMs()).toBe(p.ceilingMs());
    expect(p.ceilingMs()).toBe(stepCeilingMs({ step: 15_000 }));
  });
  it('down halfway on a quicker exec (one quick answer does not make a quiet node); up at once; a timeout sends it to the ceiling', () => {
    const p = new ExecPace(10_000);
    p.observe(4_000);
    p.observe(0);
    expect(p.allowanceMs()).toBe(PACE_FACTOR * 2_000);
    p.observe(3_000);
    expect(p.allowanceMs()).toBe(PACE_FACTOR * 3_000);
    p.timedOut();
    expect(p.limitMs()).toBe(p.ceilingMs());
    p.retried++;
    expect(p.summary()).toEqual({ slowestMs: 4_000, retried: 1 });
    p.pingMs = 120;
    expect(p.summary()).toMatchObject({ pingMs: 120 });
  });
});

describe('steps: time limits and cleanup', () => {
  it('withTimeout names the step that ran out of time and aborts its signal', async () => {
    let aborted = false;
    await expect(
      withTimeout('slow thing', 50, new AbortController().signal, (s) => new Promise((r) => s.addEventListener('abort', () => ((aborted = true), r(1))))),
    ).rejects.toBeInstanceOf(StepTimeout);
    expect(aborted).toBe(true);
    await expect(withTimeout('slow thing', 50, new AbortController().signal, () => new Promise(() => undefined))).rejects.toThrow('step "slow thing" timed out after 0.1 s');
  });
  it('Cleanup runs undos last-in first-out, each waited for, and goes on after a failure', async () => {
    const c = new Cleanup();
    const order: string[] = [];
    c.push('a', async () => void order.push('a'));
    c.push('b', async () => {
      throw new Error('b broke');
    });
    const drop = c.push('c', async () => void order.push('c'));
    c.push('d', () => new Promise<void>((r) => setTimeout(() => (order.push('d'), r()), 30)));
    drop();
    await c.run(1000, SILENT);
    expect(order).toEqual(['d', 'a']);
    expect(c.failed).toEqual(['b: b broke']);
  });
});

describe('helpers', () => {
  it('ownedPods follows pod → ReplicaSet → Deployment by uid', () => {
    const d = { metadata: { uid: 'D' } };
    const rss = [{ metadata: { uid: 'RS1', ownerReferences: [{ kind: 'Deployment', controller: true, uid: 'D' }] } }, { metadata: { uid: 'RS2', ownerReferences: [{ kind: 'Deployment', controller: true, uid: 'OTHER' }] } }];
    const pods = [
      { metadata: { name: 'a', ownerReferences: [{ kind: 'ReplicaSet', controller: true, uid: 'RS1' }] } },
      { metadata: { name: 'b', ownerReferences: [{ kind: 'ReplicaSet', controller: true, uid: 'RS2' }] } },
      { metadata: { name: 'c' } },
    ];
    expect(ownedPods(d, rss, pods).map((p) => p.metadata.name)).toEqual(['a']);
  });
  it('endpointPods reads ready and not-ready pods from EndpointSlices', () => {
    expect(endpointPods([{ endpoints: [{ targetRef: { kind: 'Pod', name: 'x' }, conditions: { ready: true } }, { targetRef: { kind: 'Pod', name: 'y' }, conditions: { ready: false } }] }])).toEqual({ ready: ['x'], notReady: ['y'], other: [] });
  });
  it('serviceBackends reads the pods behind one Service port, their addresses, and when their newest container started', async () => {
    const kube = new FakeKube();
    const sel = { 'kubernetes.io/service-name': 'web' };
    kube.put(R.endpointslices, NS, { metadata: { name: 'web-a', labels: sel }, ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }], endpoints: [{ addresses: ['10.1.0.5'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'p1' } }, { addresses: ['10.1.0.6'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'p2' } }] });
    kube.put(R.endpointslices, NS, { metadata: { name: 'web-b', labels: sel }, ports: [{ name: 'http', port: 8080 }], endpoints: [{ addresses: ['fd00::7'], targetRef: { kind: 'Pod', name: 'p3' } }] });
    kube.put(R.endpointslices, NS, { metadata: { name: 'other', labels: { 'kubernetes.io/service-name': 'db' } }, ports: [{ name: 'http', port: 1 }], endpoints: [{ addresses: ['10.9.9.9'] }] });
    const started = (...t: string[]) => ({ containerStatuses: t.map((s, i) => ({ name: `c${i}`, state: s ? { running: { startedAt: s } } : { waiting: {} } })) });
    kube.put(R.pods, NS, { metadata: { name: 'p1' }, status: started('2026-12-01T10:00:00Z', '2026-12-01T10:00:07Z', '') });
    kube.put(R.pods, NS, { metadata: { name: 'p3' }, status: {} });
    expect(await serviceBackends(kube, NS, 'web', 'http')).toEqual([
      { pod: 'p1', ip: '10.1.0.5', port: 8080, startedMs: Date.parse('2026-12-01T10:00:07Z') },
      { pod: 'p3', ip: 'fd00::7', port: 8080, startedMs: undefined },
    ]);
    expect(await serviceBackends(kube, NS, 'web', 'metrics')).toEqual([{ pod: 'p1', ip: '10.1.0.5', port: 9090, startedMs: Date.parse('2026-12-01T10:00:07Z') }]);
    expect(await serviceBackends(kube, NS, 'web', undefined)).toEqual([]); // no unnamed port
  });
  it('startupEnd: the youngest backend plus the startup limit, never further than the limit from now', () => {
    const now = 1_000_000;
    expect(startupEnd([{ pod: 'a', ip: '', port: 1, startedMs: now - 20_000 }, { pod: 'b', ip: '', port: 1, startedMs: now - 5000 }], 30_000, now)).toBe(now + 25_000);
    expect(startupEnd([{ pod: 'a', ip: '', port: 1, startedMs: now + 600_000 }], 30_000, now)).toBe(now + 30_000); // the cluster's clock ahead
    expect(startupEnd([{ pod: 'a', ip: '', port: 1 }], 30_000, now)).toBe(0);
    expect(startupEnd([], 30_000, now)).toBe(0);
  });
  it('fmtMs: tenths below 10 s, then seconds, minutes, hours', () => {
    expect([950, 9_949, 10_000, 119_000, 120_000, 3_611_000, 7_200_000].map(fmtMs)).toEqual(['1 s', '9.9 s', '10 s', '119 s', '2 min', '60 min', '2 h']);
  });
  it('deployNamespace makes a valid, bounded name', () => {
    expect(deployNamespace('JDoe_99', 'abcd1234')).toBe('kubegrade-jdoe-99-abcd1234');
    expect(deployNamespace('x'.repeat(100), 'abcd1234').length).toBeLessThanOrEqual(63);
  });
});
