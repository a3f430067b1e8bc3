/**
 * Live grading of a class, on a fake cluster: the cluster map (what a
 * submission names → what the grading cluster has), isolation per student
 * (quota, limit range, network policy), infrastructure-vs-student
 * classification, --jobs from the nodes, and the namespace deletion handed
 * off the critical path. The real-cluster proof is test/e2e/live.e2e.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade, gradeStatic } from '../src/index.js';
import { R, type Json } from '../src/live/kube.js';
import { runLive } from '../src/live/runner.js';
import { applyClusterMap, clusterMapFrom, imageMatches, STAND_IN_PY } from '../src/live/map.js';
import { attachTrouble, provisioningIsInfra, pullIsInfra, recreateHint, schedulingIsInfra } from '../src/live/infra.js';
import { isolationObjects, jobsFor, placedRequests, podRequests, quotaTrouble, studentRequests } from '../src/live/isolation.js';
import { PROBE_RESOURCES } from '../src/live/probe.js';
import { DEFAULT_TIMEOUTS, SILENT } from '../src/live/steps.js';
import { FakeKube } from './live-fake.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { UsageError } from '../src/util/errors.js';
import { ClassTally, countsText, NO_CLASS_PROGRESS } from '../src/live/progress.js';
import { classProgress } from '../src/cli/progress.js';
import { Writable } from 'node:stream';

const fast = { ...DEFAULT_TIMEOUTS, ready: 1500, probePod: 1500, step: 1500, disrupt: 1500, cleanup: 3000, namespace: 1500, connect: 1500 };

describe('the cluster map', () => {
  it('a rule without a tag maps every tag of the repository; with a tag only that tag; * globs the image as written and as normalised', () => {
    expect(imageMatches('redis', 'redis:6')).toBe(true);
    expect(imageMatches('redis', 'docker.io/library/redis:7.2')).toBe(true);
    expect(imageMatches('redis', 'bitnami/redis:7')).toBe(false);
    expect(imageMatches('redis:6', 'redis:7')).toBe(false);
    expect(imageMatches('redis:6', 'docker.io/library/redis:6')).toBe(true);
    expect(imageMatches('*flask*', 'jdoe/flask-api:1.0')).toBe(true);
    expect(imageMatches('docker.io/jdoe/*', 'jdoe/hello:latest')).toBe(true);
    expect(imageMatches('*flask*', 'redis:6')).toBe(false);
  });

  it('flags first, then the file, then the rubric; bad rules are usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-map-'));
    const file = join(dir, 'map.yml');
    writeFileSync(file, 'storageClasses:\n  rbd: from-file\n  nfs: rdb\nimages:\n  "*flask*": stand-in\n');
    const m = clusterMapFrom({ mapStorageClass: ['rbd=rdb'], mapImage: ['redis=redis:5.0.0'], clusterMap: file }, { storageClasses: { 'cinder-csi': 'rdb' } });
    expect(m.storageClasses.map((r) => `${r.from}=${r.to}`)).toEqual(['rbd=rdb', 'rbd=from-file', 'nfs=rdb', 'cinder-csi=rdb']);
    expect(m.images.map((r) => `${r.from}=${r.to}`)).toEqual(['redis=redis:5.0.0', '*flask*=stand-in']);
    expect(() => clusterMapFrom({ mapStorageClass: ['rbd'] })).toThrow(UsageError);
    expect(() => clusterMapFrom({ clusterMap: join(dir, 'nope.yml') })).toThrow(/--cluster-map .*nope\.yml: cannot read the file \(ENOENT\)/);
    writeFileSync(file, 'storageclasses: {}\n');
    expect(() => clusterMapFrom({ clusterMap: file })).toThrow(/unknown key storageclasses \(expected storageClasses, images\)/);
  });

  it('maps a copy of what is applied (storage class, Redis tag, the Flask image → a stand-in on the declared port); the submission is untouched', () => {
    const dir = materialize('live-pvc-storage-class-rbd', mkdtempSync(join(tmpdir(), 'kg-map-')));
    const input = gradeStatic(dir);
    const map = clusterMapFrom({ mapStorageClass: ['rbd=rdb'], mapImage: ['redis=redis:5.0.0', '*flask*=stand-in'] });
    const ctx = { flaskPath: '/hello-service', flaskPort: 5000, standInImage: 'python:3.9' };
    const pvc = input.roles['redis-pvc']!;
    const before = structuredClone(pvc.value);
    const mp = applyClusterMap(pvc, map, ctx);
    expect(mp.value.spec.storageClassName).toBe('rdb');
    expect(pvc.value).toEqual(before);
    expect(mp.changes).toEqual(['PersistentVolumeClaim jdoe-test-redis-pvc: storageClassName rbd → rdb (--map-storage-class)']);
    const flask = input.roles['flask-deployment']!;
    const image = (flask.value as Json).spec.template.spec.containers[0].image;
    const mf = applyClusterMap(flask, map, ctx);
    const c = mf.value.spec.template.spec.containers[0];
    expect([c.image, c.imagePullPolicy, c.command[0], c.command[1], c.command.slice(3)]).toEqual(['python:3.9', 'IfNotPresent', 'python3', '-c', ['5000', '/hello-service']]);
    expect(c.command[2]).toBe(STAND_IN_PY);
    expect((flask.value as Json).spec.template.spec.containers[0].image).toBe(image);
    expect(mf.changes[0]).toMatch(new RegExp(`^Deployment jdoe-test-flask-deployment: container \\S+'s image ${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} → a stand-in serving GET /hello-service on port 5000 \\(--map-image; the student's own app is not graded live\\)$`));
    // an unmapped object is applied as it is (the same value, not a copy)
    expect(applyClusterMap(pvc, clusterMapFrom({}), ctx).value).toBe(pvc.value);
  });

  it('--deploy applies the mapped copies and the report lists every change; live.flask-http says a stand-in answered', async () => {
    const kube = new FakeKube();
    const input = gradeStatic(GOOD);
    const map = clusterMapFrom({ mapStorageClass: ['*=local'], mapImage: ['*flask*=stand-in'] });
    const { info, outcomes } = await runLive({ kube, deploy: true, disrupt: false, strategy: 'direct', isolate: false, timeouts: fast, progress: SILENT, runId: 'abc123', map }, input);
    const applied = kube.applied.map((a) => a.obj);
    expect(applied.find((o) => o.kind === 'PersistentVolumeClaim').spec.storageClassName).toBe('local');
    expect(applied.find((o) => o.metadata.name === 'jdoe-test-flask-deployment').spec.template.spec.containers[0].image).toBe('python:3.9');
    expect(info?.mapped).toEqual([expect.stringMatching(/storageClassName rdb → local/), expect.stringMatching(/→ a stand-in serving GET \/hello-service on port 5000/)]);
    expect(outcomes.get('live.flask-ready')!.message).toMatch(/a kubegrade stand-in ran in place of the student's Flask image/);
  });
});

describe('server-side apply sends the object as written', () => {
  it('a NetworkPolicy keeps its `from` (client-node\'s typed models dropped it: the policy was allow-all); the resource comes from discovery', async () => {
    const { createServer } = await import('node:http');
    const seen: { method: string; url: string; type: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, type: String(req.headers['content-type']), body });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/apis/networking.k8s.io/v1') res.end(JSON.stringify({ kind: 'APIResourceList', groupVersion: 'networking.k8s.io/v1', resources: [{ name: 'networkpolicies', namespaced: true, kind: 'NetworkPolicy', verbs: ['patch'] }] }));
        else res.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { ClientKube } = await import('../src/live/kube.js');
      const k8s = await import('@kubernetes/client-node');
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as { port: number }).port}`, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
      const policy = isolationObjects('r1').find((o) => o.kind === 'NetworkPolicy')!;
      await new ClientKube(kc).apply(policy, 'kubegrade-s-r1');
      const patch = seen.find((s) => s.method === 'PATCH')!;
      expect(patch.url).toBe('/apis/networking.k8s.io/v1/namespaces/kubegrade-s-r1/networkpolicies/kubegrade-isolation?fieldManager=kubegrade&force=true');
      expect(patch.type).toBe('application/apply-patch+yaml');
      expect(JSON.parse(patch.body).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
    } finally {
      server.close();
    }
  });
});

describe('isolation per student', () => {
  it('--deploy puts a ResourceQuota, a LimitRange and a NetworkPolicy (same-namespace ingress only) in the namespace before the submission, labelled by run', async () => {
    const kube = new FakeKube();
    await runLive({ kube, deploy: true, disrupt: false, strategy: 'exec', timeouts: fast, progress: SILENT, runId: 'abc123' }, gradeStatic(GOOD));
    const kinds = kube.applied.map((a) => a.obj.kind);
    expect(kinds.slice(0, 3).sort()).toEqual(['LimitRange', 'NetworkPolicy', 'ResourceQuota']);
    expect(kinds.indexOf('PersistentVolumeClaim')).toBeGreaterThan(2);
    for (const a of kube.applied.slice(0, 3)) {
      expect(a.ns).toBe('kubegrade-jdoe-abc123');
      expect(a.obj.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kubegrade', 'kubegrade.dev/run-id': 'abc123' });
    }
    const np = kube.applied.find((a) => a.obj.kind === 'NetworkPolicy')!.obj;
    expect(np.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
  });

  it('--probe direct lets kubegrade\'s own namespace in too', () => {
    const np = isolationObjects('r1', { allowNamespace: 'grader' }).find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.ingress[0].from[1]).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grader' } } });
  });

  it('pods refused for the namespace\'s quota are the student\'s: said at once, with the budget', async () => {
    const d = { metadata: { uid: 'd1' }, status: { conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota: kubegrade-budget, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=500m' }] } };
    expect(quotaTrouble(d, [])).toMatch(/exceeded quota/);
    expect(quotaTrouble({ metadata: { uid: 'd1' }, status: { conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'status unknown for quota: kubegrade-budget' }] } }, [])).toBeUndefined();
    const rs = { metadata: { ownerReferences: [{ controller: true, uid: 'd1' }] }, status: { conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'pods "y" is forbidden: maximum memory usage per Container is 1536Mi, but limit is 4Gi' }] } };
    expect(quotaTrouble({ metadata: { uid: 'd1' } }, [rs])).toMatch(/maximum memory usage per Container/);
  });

  it('--jobs from the nodes: allocatable CPU and memory over one student\'s quota, the smaller; unschedulable nodes left out', () => {
    expect(jobsFor([{ status: { allocatable: { cpu: '2', memory: '8Gi' } } }]).jobs).toBe(4);
    expect(jobsFor([{ status: { allocatable: { cpu: '16', memory: '3Gi' } } }]).jobs).toBe(4);
    expect(jobsFor([{ status: { allocatable: { cpu: '8', memory: '64Gi' } } }, { spec: { unschedulable: true }, status: { allocatable: { cpu: '64', memory: '512Gi' } } }]).jobs).toBe(16);
    expect(jobsFor([{ status: { allocatable: { cpu: '250m', memory: '16318844Ki' } } }]).jobs).toBe(1);
  });

  it('--jobs from what the students\' pods request: the LimitRange\'s default for a container that sets none, the probe pod and a replacement pod included, never over the quota', () => {
    const good = gradeStatic(GOOD).objects;
    // Redis 1 + Flask 2 replicas + the Redis pod's replacement, 25m/48Mi each (none set), + the probe pod 10m/32Mi.
    const probe = podRequests({ containers: [{ resources: PROBE_RESOURCES }] });
    expect(studentRequests(good, [probe])).toEqual({ cpuMilli: 4 * 25 + 10, memoryBytes: (4 * 48 + 32) * 2 ** 20 });
    const deployment = (replicas: unknown, resources: unknown) => ({ kind: 'Deployment', value: { spec: { replicas, template: { spec: { containers: [{ resources }] } } } } });
    // a limit alone is the request (as the API server defaults it); an init container counts when larger than the rest
    expect(studentRequests([deployment(2, { limits: { cpu: 0.1, memory: '64Mi' } })], [])).toEqual({ cpuMilli: 300, memoryBytes: 192 * 2 ** 20 });
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '50m' } } }], initContainers: [{ resources: { requests: { cpu: '200m', memory: '1Gi' } } }] })).toEqual({ cpuMilli: 200, memoryBytes: 2 ** 30 });
    // the quota refuses the rest: a student asking for 2 CPU takes the quota's 500m at most
    expect(studentRequests([deployment(1, { requests: { cpu: '2', memory: '4Gi' } })], [probe])).toEqual({ cpuMilli: 500, memoryBytes: 768 * 2 ** 20 });
    expect(studentRequests([deployment('two', {})], [])).toEqual({ cpuMilli: 50, memoryBytes: 96 * 2 ** 20 });
  });

  it('--jobs: the most students of whom any that many fit at once on what the nodes have left', () => {
    const node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '2', memory: '8Gi' } } };
    const small = { cpuMilli: 110, memoryBytes: 224 * 2 ** 20 };
    expect(jobsFor([node], { students: Array(12).fill(small) }).jobs).toBe(12);
    expect(jobsFor([node], { students: Array(40).fill(small) }).jobs).toBe(16);
    expect(jobsFor([node], { students: Array(40).fill(small), cap: 30 }).jobs).toBe(18);
    // the largest students count first: 4 of 500m fill 2 CPU
    expect(jobsFor([node], { students: [...Array(8).fill(small), ...Array(4).fill({ cpuMilli: 500, memoryBytes: 2 ** 20 })] }).jobs).toBe(4);
    const placed = placedRequests([node, { metadata: { name: 'n2' }, spec: { unschedulable: true } }], [
      { spec: { nodeName: 'n1', containers: [{ resources: { requests: { cpu: '900m', memory: '1Gi' } } }] }, status: { phase: 'Running' } },
      { spec: { nodeName: 'n1', containers: [{ resources: { requests: { cpu: '1' } } }] }, status: { phase: 'Succeeded' } },
      { spec: { nodeName: 'n2', containers: [{ resources: { requests: { cpu: '1' } } }] }, status: { phase: 'Running' } },
      { spec: { containers: [{ resources: { requests: { cpu: '1' } } }] }, status: { phase: 'Pending' } },
    ]);
    expect(placed).toEqual({ cpuMilli: 900, memoryBytes: 2 ** 30 });
    const j = jobsFor([node], { students: Array(12).fill(small), placed });
    expect(j.jobs).toBe(10);
    expect(j.why).toBe('1 node: 2 CPU and 8 GiB allocatable, 900m CPU and 1 GiB requested by the pods there; a student\'s pods request at most 110m CPU and 224 MiB (kubegrade\'s probe pod and a replacement pod included) → 10 at once');
  });
});

describe('infrastructure failures are not the student\'s', () => {
  const ours = new Set(['python:3.9']);
  it('pull failures: a rate limit or a registry error of any image, or any failure of an image kubegrade chose; not the student\'s missing image', () => {
    expect(pullIsInfra('jdoe/flask:1', 'ErrImagePull: toomanyrequests: You have reached your pull rate limit', ours)).toBe(true);
    expect(pullIsInfra('redis:6', 'failed to do request: Head "https://registry-1.docker.io/v2/library/redis/manifests/6": dial tcp: i/o timeout', ours)).toBe(true);
    expect(pullIsInfra('docker.io/library/python:3.9', 'not found', ours)).toBe(true);
    expect(pullIsInfra('redis:0.0.0-missing', 'failed to resolve reference "docker.io/library/redis:0.0.0-missing": not found', ours)).toBe(false);
    expect(pullIsInfra('jdoe/private', 'pull access denied, repository does not exist or may require authorization', ours)).toBe(false);
  });
  it('scheduling, attaching, provisioning', () => {
    expect(schedulingIsInfra("0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }")).toBe(true);
    expect(schedulingIsInfra('0/1 nodes are available: 1 Insufficient memory.')).toBe(true);
    expect(schedulingIsInfra("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.")).toBe(false);
    expect(attachTrouble('Scheduled: ok; FailedAttachVolume: Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) redis-abc')).toBe('FailedAttachVolume: Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) redis-abc');
    expect(attachTrouble('FailedMount: configmap "x" not found')).toBeUndefined();
    expect(provisioningIsInfra('ProvisioningFailed: failed to provision volume with StorageClass "csi": rpc error: code = DeadlineExceeded desc = context deadline exceeded')).toBe(true);
    expect(provisioningIsInfra('ProvisioningFailed: storageclass.storage.k8s.io "rbd" not found')).toBe(false);
  });
  it('the strategy: Recreate hint: a RollingUpdate (or no strategy) Redis Deployment on a ReadWriteOnce claim', () => {
    const pvc = { spec: { accessModes: ['ReadWriteOnce'] } };
    expect(recreateHint({ spec: {} }, pvc)).toMatch(/set spec.strategy.type: Recreate$/);
    expect(recreateHint({ spec: { strategy: { type: 'Recreate' } } }, pvc)).toBeUndefined();
    expect(recreateHint({ spec: {} }, { spec: { accessModes: ['ReadWriteMany'] } })).toBeUndefined();
  });

  /** The good submission in namespace NS, its Redis pod stuck pulling `image` with `why` in its events. */
  function stuckPull(image: string, why: string) {
    const kube = new FakeKube();
    const ns = 'student';
    kube.put(R.namespaces, undefined, { metadata: { name: ns } });
    kube.put(R.storageclasses, undefined, { metadata: { name: 'rdb' } });
    kube.put(R.pvcs, ns, { metadata: { name: 'jdoe-test-redis-pvc' }, spec: { storageClassName: 'rdb' }, status: { phase: 'Bound' } });
    const d = kube.put(R.deployments, ns, { metadata: { name: 'jdoe-test-redis-deployment', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, availableReplicas: 0 } });
    const rs = kube.put(R.replicasets, ns, { metadata: { name: 'rs1', ownerReferences: [{ kind: 'Deployment', controller: true, uid: d.metadata.uid }] } });
    kube.put(R.pods, ns, { metadata: { name: 'redis-1', ownerReferences: [{ kind: 'ReplicaSet', controller: true, uid: rs.metadata.uid }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'redis', image, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } } }] } });
    kube.put(R.events, ns, { metadata: { name: 'e1' }, involvedObject: { kind: 'Pod', name: 'redis-1' }, reason: 'Failed', message: why, lastTimestamp: '2026-01-01T00:00:00Z' });
    return { kube, ns };
  }

  it('a pull rate limit persists: live.redis-ready is error with the cluster\'s words, and the report is not graded (no lost point)', async () => {
    const { kube, ns } = stuckPull('redis:5.0.0', 'Failed to pull image "redis:5.0.0": 429 Too Many Requests - toomanyrequests: You have reached your pull rate limit');
    const t0 = Date.now();
    const report = await grade(GOOD, { live: (input) => runLive({ kube, namespace: ns, disrupt: false, strategy: 'direct', timeouts: { ...fast, ready: 800 }, progress: SILENT, runId: 'r1' }, input) });
    const c = report.checks.find((x) => x.id === 'live.redis-ready')!;
    expect(c.status).toBe('error');
    expect(c.message).toMatch(/^the cluster, not the submission: Deployment jdoe-test-redis-deployment: 0\/1 replicas available; pod redis-1: ImagePullBackOff: image redis:5.0.0 .*toomanyrequests/);
    // waited out (the kubelet retries), not failed at once as a student's missing image is
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    expect(report.error).toMatch(/^the cluster failed, not the submission \(live.redis-ready: /);
    expect((report as { live?: { infrastructure?: string[] } }).live?.infrastructure).toHaveLength(1);
  });

  it('the student\'s own image that does not exist stays a fail, at once', async () => {
    const { kube, ns } = stuckPull('redis:0.0.0-nope', 'Failed to pull image "redis:0.0.0-nope": rpc error: not found');
    const report = await grade(GOOD, { live: (input) => runLive({ kube, namespace: ns, disrupt: false, strategy: 'direct', timeouts: { ...fast, ready: 5000 }, progress: SILENT, runId: 'r1' }, input) });
    const c = report.checks.find((x) => x.id === 'live.redis-ready')!;
    expect([c.status, c.durationMs! < 4000]).toEqual(['fail', true]);
    expect(report.error).toBeUndefined();
  });

  it('an interrupted live pass is no grade: the report has no score as if graded', async () => {
    const { kube, ns } = stuckPull('redis:5.0.0', 'i/o timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const report = await grade(GOOD, { live: (input) => runLive({ kube, namespace: ns, disrupt: false, strategy: 'direct', timeouts: fast, progress: SILENT, runId: 'r1', signal: ac.signal }, input) });
    expect(report.error).toMatch(/^the live pass was interrupted by SIGINT before it finished$/);
  });
});

describe('the namespace deletion off the critical path', () => {
  it('with deferDeletion the run hands the deletion over and ends without waiting for it; the pods go first without a grace period', async () => {
    const kube = new FakeKube();
    const handed: [string, (s: AbortSignal) => Promise<void>][] = [];
    const { info } = await runLive({ kube, deploy: true, disrupt: false, strategy: 'direct', isolate: false, timeouts: fast, progress: SILENT, runId: 'abc123', deferDeletion: (ns, del) => handed.push([ns, del]) }, gradeStatic(GOOD));
    expect(info?.cleanup).toEqual({ done: ['delete namespace kubegrade-jdoe-abc123 (in the background)'], failed: [] });
    expect(kube.deleted).not.toContain('namespaces/kubegrade-jdoe-abc123');
    kube.put(R.pods, 'kubegrade-jdoe-abc123', { metadata: { name: 'flask-1' } });
    expect(handed.map(([ns]) => ns)).toEqual(['kubegrade-jdoe-abc123']);
    await handed[0]![1](new AbortController().signal);
    expect(kube.deleted).toEqual(['pods/flask-1', 'namespaces/kubegrade-jdoe-abc123']);
  });
});

describe('kubegrade cleanup --deployed', () => {
  it('names what holds a namespace in Terminating and does not wait past the limit', async () => {
    const { cleanupLeftovers } = await import('../src/live/cleanup.js');
    const kube = new FakeKube();
    const labels = { 'app.kubernetes.io/managed-by': 'kubegrade', 'kubegrade.dev/run-id': 'r1' };
    kube.put(R.namespaces, undefined, { metadata: { name: 'kubegrade-gone-r1', labels } });
    kube.put(R.namespaces, undefined, {
      metadata: { name: 'kubegrade-stuck-r2', labels },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceFinalizersRemaining', status: 'True', message: 'Some content in the namespace has finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances' }, { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', message: 'All resources successfully discovered' }] },
    });
    const del = kube.delete.bind(kube);
    kube.delete = async (r, ns, name, o) => (name === 'kubegrade-stuck-r2' ? true : del(r, ns, name, o));
    const t0 = Date.now();
    const out = await cleanupLeftovers(kube, { deployed: true, timeoutMs: 400, signal: new AbortController().signal, namespace: 'default' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out.removed).toEqual(['namespace kubegrade-gone-r1']);
    expect(out.failed).toEqual(['namespace kubegrade-stuck-r2: step "delete namespace kubegrade-stuck-r2" timed out after 0.4 s; still Terminating: its finalizers: kubernetes; NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances']);
  });
});

describe('a class\'s progress (batch --live)', () => {
  it('done, running, waiting; the ETA simulates the lanes from the mean time of those done, unknown before the first', () => {
    let now = 0;
    const t = new ClassTally(5, () => now);
    t.lanes(2);
    t.start('a');
    t.start('b');
    expect(t.counts()).toEqual({ done: 0, running: 2, waiting: 3, total: 5, etaMs: undefined });
    now = 10_000;
    t.end('a');
    t.start('c');
    // mean 10 s; b has had 10 s (ends now), c just started (10 s): the 2 waiting go one per lane after them → 20 s
    expect(t.counts()).toEqual({ done: 1, running: 2, waiting: 2, total: 5, etaMs: 20_000 });
    now = 14_000;
    t.end('b');
    // mean 12 s; c has had 4 s (8 s left), a lane free now: d there (12 s), e after c (8 + 12 = 20 s)
    expect(t.counts().etaMs).toBe(20_000);
    t.lanes(3);
    // three lanes: d and e each start now → 12 s
    expect(t.counts().etaMs).toBe(12_000);
    // a row with no submission is done without counting in the mean
    t.end('no-dir');
    expect(t.counts()).toMatchObject({ done: 3, running: 1, waiting: 1, etaMs: 12_000 });
    expect(countsText(t.counts())).toBe('3/5 done · 1 running · 1 waiting · ETA 12 s');
    expect(countsText({ done: 0, running: 4, waiting: 8, total: 12, etaMs: undefined })).toBe('0/12 done · 4 running · 8 waiting · ETA ?');
    expect(countsText({ done: 2, running: 4, waiting: 6, total: 12, etaMs: 83_200 })).toBe('2/12 done · 4 running · 6 waiting · ETA 1 min 24 s');
  });

  it('a bar on a terminal, each student\'s line above it; a line per student elsewhere; nothing with --quiet', () => {
    let drawn = '';
    const tty = Object.assign(new Writable({ write: (c, _e, cb) => ((drawn += String(c)), cb()) }), { isTTY: true, columns: 150, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const p = classProgress(3, { write: () => { throw new Error('not on a terminal only'); }, tty });
    p.lanes(2);
    p.start('/c/a');
    p.start('/c/b');
    p.end('/c/a', '/c/a: jdoe 50/50 (3.0 s)\x1b[2J');
    p.note('--jobs 2: because');
    p.stop();
    expect(drawn).toMatch(/kubegrade live .* 1\/3 done · 1 running · 1 waiting · ETA \d+ s/);
    expect(drawn).toContain('/c/a: jdoe 50/50 (3.0 s)\\x1b[2J\n');
    expect(drawn).toContain('kubegrade: --jobs 2: because\n');
    const lines: string[] = [];
    const plain = classProgress(2, { write: (s) => void lines.push(s) });
    plain.start('x');
    plain.end('x', 'x: jdoe 1/2 (1.0 s)');
    expect(lines).toEqual([expect.stringMatching(/^kubegrade: x: jdoe 1\/2 \(1\.0 s\) · 1\/2 done · 0 running · 1 waiting · ETA \d+ s\n$/)]);
    expect(classProgress(2, undefined)).toBe(NO_CLASS_PROGRESS);
  });
});

describe('a class on a fake cluster (liveClass)', () => {
  async function classOf(names: string[]) {
    const { liveClass } = await import('../src/live/class.js');
    const kube = new FakeKube();
    // room for two good students at once (110m each: see the --jobs tests above)
    kube.put(R.nodes, undefined, { metadata: { name: 'n1' }, status: { allocatable: { cpu: '250m', memory: '8Gi' } } });
    const created: string[] = [];
    const create = kube.create.bind(kube);
    kube.create = async (r, ns, body) => {
      if (r === R.namespaces) created.push(body.metadata.name);
      return create(r, ns, body);
    };
    const root = mkdtempSync(join(tmpdir(), 'kg-class-'));
    const { cpSync } = await import('node:fs');
    for (const n of names) cpSync(GOOD, join(root, n), { recursive: true });
    const lines: string[] = [];
    const o = { set: [], schema: [], deploy: true, probe: 'direct' as const, disrupt: false, timeoutReady: '1', timeoutConnect: '2', timeoutNamespace: '3', timeoutCleanup: '5' };
    const go = () => liveClass(names.map((n) => ({ dir: join(root, n) })), o, { stderr: (s) => lines.push(s) }, () => { throw new Error('no missing rows here'); }, { kube, exitAfterSignal: false });
    return { kube, created, lines, go };
  }

  it('--jobs from the nodes; the next students\' namespaces are made ahead of their turn; every namespace is gone at the end', async () => {
    const c = await classOf(['a', 'b', 'c', 'd']);
    const out = await c.go();
    expect(out.jobs).toBe(2);
    expect(c.lines[0]).toBe("kubegrade: --jobs 2: 1 node: 250m CPU and 8 GiB allocatable; a student's pods request at most 110m CPU and 224 MiB (kubegrade's probe pod and a replacement pod included) → 2 at once\n");
    const nss = out.reports.map((r) => (r as { live?: { namespace: string } }).live!.namespace);
    expect(new Set(nss).size).toBe(4);
    expect(out.reports.every((r) => r.error === undefined)).toBe(true);
    // b's and c's namespaces were made when a started, before a's own
    expect(c.created.slice(0, 3)).toEqual([nss[1], nss[2], nss[0]]);
    expect(c.created).toHaveLength(4);
    expect((await c.kube.list(R.namespaces, undefined)).items).toEqual([]);
    expect(c.lines.some((l) => /4 namespaces deleted in the background/.test(l))).toBe(true);
    // not on a terminal: one line per student as it ends, with the class's counts (two lanes: the second pair's ETA is known)
    const per = c.lines.filter((l) => / done · /.test(l));
    expect(per).toHaveLength(4);
    expect(per.map((l) => l.replace(/\(\d+\.\d s\)/, '(t)').replace(/ETA \d+ s/, 'ETA n s').replace(/kg-class-\w+/, 'X'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kubegrade: \S+\/X\/[ab]: jdoe 4\d\/\d+ \(t\) · 1\/4 done · 1 running · 2 waiting · ETA n s\n$/),
        expect.stringMatching(/^kubegrade: \S+\/X\/[cd]: jdoe \d+\/\d+ \(t\) · 4\/4 done · 0 running · 0 waiting · ETA n s\n$/),
      ]),
    );
  });

  it('SIGINT: no student starts after it, the running one is not graded, the one made ahead is deleted too; no row has a score as if graded', async () => {
    const c = await classOf(['a', 'b', 'c']);
    const p = c.go();
    setTimeout(() => process.emit('SIGINT'), 5);
    const out = await p;
    expect(out.interrupted).toBe(true);
    // two at once (--jobs from the node): a and b were running, c had not started (its namespace was made ahead)
    expect(out.reports.map((r) => r.error)).toEqual(['the live pass was interrupted by SIGINT before it finished', 'the live pass was interrupted by SIGINT before it finished', 'interrupted before its turn (no live pass ran)']);
    expect(c.created).toHaveLength(3);
    expect((await c.kube.list(R.namespaces, undefined)).items).toEqual([]);
  });
});
