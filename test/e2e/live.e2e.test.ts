/**
 * The live pass on the real local cluster (test/cluster/, `npm run
 * cluster:up`): no fakes. Runs only with KUBEGRADE_E2E=1; KUBECONFIG from the
 * environment, else the cluster's /var/lib/kubegrade-cluster/kubeconfig.
 *
 * - the good submission passes every live.* check, with the exec and the
 *   direct strategy (--deploy), and applied by hand with kubectl first
 *   (with the folder, and without it: objects found by their labels);
 * - each seeded fault (fixtures/variants/live-*) is caught by the right id,
 *   with a useful message;
 * - after every case no probe pod and no kubegrade key is left, and no pod
 *   but the student's Redis pod (and kubegrade's own probe pod) was deleted
 *   while kubegrade ran — a watch on every pod of the cluster records it;
 * - a run killed with SIGINT in the middle of the persistence step cleans up;
 * - a ServiceAccount bound to deploy/kubegrade-role.yaml passes; with a verb
 *   removed it fails, naming the verb.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD, materialize } from '../helpers/fixtures.js';

import { E2E, KUBECONFIG, KUBECTL, kubectl, kubegrade as kubegradeCli, ROOT, type CliRun } from '../helpers/cluster.js';

// `direct` from the host needs a route for the Service range that kube-proxy's DNAT can rewrite (an
// `unreachable` route fails connect() before iptables sees the packet).
const SERVICE_IP = '10.96.0.1';
const ROUTE = spawnSync('ip', ['route', 'get', SERVICE_IP], { encoding: 'utf8' }).stdout ?? '';
const HOST_REACHES_CLUSTER_IPS = ROUTE !== '' && !/unreachable|prohibit|blackhole/.test(ROUTE);

if (!E2E) console.warn('test/e2e/live.e2e.test.ts: skipped — set KUBEGRADE_E2E=1 with the local cluster up (npm run cluster:up; KUBECONFIG defaults to /var/lib/kubegrade-cluster/kubeconfig)');

interface Check {
  id: string;
  status: string;
  message: string;
  hint?: string;
  durationMs?: number;
}
interface Report {
  score: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [k: string]: any;
  maxScore: number;
  checks: Check[];
  live?: { namespace: string; runId: string; durationMs: number; cleanup: { done: string[]; failed: string[] }; interrupted?: string; mapped?: string[]; infrastructure?: string[] };
}
interface Run extends CliRun {
  report?: Report;
}

/** kubegrade on the cluster (helpers/cluster.ts), its stdout read as a report when it is one. */
async function kubegrade(args: string[], o: Parameters<typeof kubegradeCli>[1] = {}): Promise<Run> {
  const run = await kubegradeCli(args, o);
  try {
    return { ...run, report: JSON.parse(run.stdout) as Report };
  } catch {
    return run; // not JSON
  }
}

/** Every pod deletion in the cluster (first deletionTimestamp, or DELETED), recorded by watch. */
class Deletions {
  readonly events: { ns: string; name: string; owner: string; at: number }[] = [];
  private seen = new Set<string>();
  private controller?: AbortController;
  async start() {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(KUBECONFIG);
    const w = new k8s.Watch(kc);
    const run = async () => {
      this.controller = await w.watch(
        '/api/v1/pods',
        { allowWatchBookmarks: true },
        (type, pod) => {
          if (type === 'BOOKMARK') return;
          const gone = type === 'DELETED' || Boolean(pod?.metadata?.deletionTimestamp);
          const key = `${pod?.metadata?.namespace}/${pod?.metadata?.name}/${pod?.metadata?.uid}`;
          if (!gone || this.seen.has(key)) return;
          this.seen.add(key);
          const owner = (pod.metadata.ownerReferences ?? []).map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`).join(',');
          this.events.push({ ns: pod.metadata.namespace, name: pod.metadata.name, owner, at: Date.now() });
        },
        () => {
          if (!this.stopped) setTimeout(() => void run(), 200);
        },
      );
    };
    await run();
  }
  stopped = false;
  stop() {
    this.stopped = true;
    this.controller?.abort();
  }
  in(ns: string, before = Infinity) {
    return this.events.filter((e) => e.ns === ns && e.at < before);
  }
}

/** The Redis keys named kubegrade:* in the namespace's Redis (undefined when Redis is not running). */
function kubegradeKeys(ns: string): string[] | undefined {
  const r = kubectl(['exec', '-n', ns, 'deploy/jdoe-test-redis-deployment', '--', 'redis-cli', '--scan', '--pattern', 'kubegrade:*']);
  if (r.code !== 0) return undefined;
  return r.out.split('\n').filter(Boolean);
}

function probePods(ns: string): string[] {
  const r = kubectl(['get', 'pods', '-n', ns, '-l', 'app.kubernetes.io/managed-by=kubegrade', '-o', 'name']);
  return r.out.split('\n').filter(Boolean);
}

const byId = (r: Report | undefined) => new Map((r?.checks ?? []).map((c) => [c.id, c]));
const live = (r: Report | undefined) => (r?.checks ?? []).filter((c) => c.id.startsWith('live.'));
const rx = (s: string) => new RegExp(s);

/** What each live variant must show on the cluster (its variant.yml holds the static consequences). */
const CASES: { variant: string; fails: { id: string; message: string; hint?: string }[]; pass: string[] }[] = [
  {
    variant: 'live-redis-emptydir',
    fails: [{ id: 'live.redis-persistence', message: `^kubegrade:[0-9a-f]+ is gone after pod jdoe-test-redis-deployment-\\S+ was replaced by jdoe-test-redis-deployment-\\S+: Redis's /data did not outlive the pod$` }],
    pass: ['live.pvc-bound', 'live.redis-ready', 'live.redis-endpoints', 'live.redis-write', 'live.flask-ready', 'live.flask-endpoints', 'live.flask-http'],
  },
  {
    variant: 'live-redis-selects-username-env',
    fails: [{ id: 'live.redis-endpoints', message: `^Service jdoe-test-redis-service also sends traffic to pods jdoe-test-flask-deployment-\\S+, jdoe-test-flask-deployment-\\S+, which are not Deployment jdoe-test-redis-deployment's pods: its selector env=test,username=jdoe also matches` }],
    // Write, read and persistence judge Redis itself: the connections that reach a Flask pod are refused and retried,
    // so the grade does not depend on where one connection went, and the wait for the replacement ignores the Flask pods.
    pass: ['live.pvc-bound', 'live.redis-ready', 'live.redis-write', 'live.redis-persistence', 'live.flask-ready', 'live.flask-endpoints', 'live.flask-http'],
  },
  {
    variant: 'live-redis-targetport-5000',
    fails: [
      {
        id: 'live.redis-write',
        message: `^writing kubegrade:[0-9a-f]+ through [0-9.]+:6379 \\(Service jdoe-test-redis-service\\) failed: cannot connect to [0-9.]+:6379: Connection refused; pod jdoe-test-redis-deployment-\\S+ refuses on [0-9.]+:5000 too \\(its container has run [0-9.]+ (s|min)\\): nothing listens on port 5000 in it$`,
        hint: `^make the Service's targetPort the port the Redis container listens on; kubectl logs -n kubegrade-jdoe-[0-9a-f]+ jdoe-test-redis-deployment-\\S+$`,
      },
      { id: 'live.redis-persistence', message: '^not tried: no key could be written' },
    ],
    pass: ['live.pvc-bound', 'live.redis-ready', 'live.redis-endpoints', 'live.flask-ready', 'live.flask-endpoints', 'live.flask-http'],
  },
  {
    variant: 'live-flask-service-port-80',
    fails: [{ id: 'live.flask-http', message: `^Service jdoe-test-flask-service has no port 5000 \\(its ports: 80→5000\\): GET http://[0-9.]+:5000/hello-service cannot reach Flask$` }],
    pass: ['live.pvc-bound', 'live.redis-ready', 'live.redis-endpoints', 'live.redis-write', 'live.redis-persistence', 'live.flask-ready', 'live.flask-endpoints'],
  },
  {
    variant: 'live-pvc-storage-class-rbd',
    fails: [
      { id: 'live.pvc-bound', message: '^PersistentVolumeClaim jdoe-test-redis-pvc is Pending: the cluster has no StorageClass "rbd"', hint: '^the StorageClasses that exist here: (.*, )?rdb(, .*)?; set storageClassName to one of them$' },
      // The scheduler's words when it has looked at the pod; kubegrade's when the wait gave up before (no pod yet, or not scheduled yet).
      { id: 'live.redis-ready', message: '^Deployment jdoe-test-redis-deployment: 0/1 replicas available; (pod \\S+ is Pending: .*|it has no pods yet, and they would wait for )PersistentVolumeClaim' },
    ],
    pass: ['live.flask-ready', 'live.flask-endpoints', 'live.flask-http'],
  },
  {
    variant: 'live-redis-image-missing',
    fails: [{ id: 'live.redis-ready', message: '^Deployment jdoe-test-redis-deployment: 0/1 replicas available; pod \\S+: (ImagePullBackOff|ErrImagePull): image (docker\\.io/library/)?redis:0\\.0\\.0-missing' }],
    pass: ['live.pvc-bound', 'live.flask-ready', 'live.flask-endpoints', 'live.flask-http'],
  },
];

describe.skipIf(!E2E)('the live pass on the local cluster', () => {
  const deletions = new Deletions();
  const namespaces: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'kg-live-e2e-'));

  beforeAll(async () => {
    const v = kubectl(['version', '-o', 'json']);
    if (v.code !== 0) throw new Error(`the cluster does not answer (KUBECONFIG=${KUBECONFIG}, kubectl ${KUBECTL}): ${v.err.trim()} — npm run cluster:up`);
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed: ${b.stdout}${b.stderr}`);
    await deletions.start();
  });

  afterAll(() => {
    deletions.stop();
    for (const ns of namespaces) kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
    kubectl(['delete', '-f', join(ROOT, 'deploy/kubegrade-serviceaccount.yaml'), '--wait=false', '--ignore-not-found']);
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Leftovers and deletions after a run in `ns` that kept its namespace. */
  function assertClean(ns: string, run: Run, o: { redisRunning: boolean; disrupted: boolean }) {
    expect(probePods(ns), 'no probe pod is left').toEqual([]);
    if (o.redisRunning) expect(kubegradeKeys(ns), 'no kubegrade:* key is left in Redis').toEqual([]);
    const deleted = deletions.in(ns);
    const others = deleted.filter((d) => !d.name.startsWith('kubegrade-probe-') && !d.owner.startsWith('ReplicaSet/jdoe-test-redis-deployment-'));
    expect(others, 'no pod but the Redis pod (and the probe pod) was deleted').toEqual([]);
    const redis = deleted.filter((d) => d.owner.startsWith('ReplicaSet/jdoe-test-redis-deployment-'));
    expect(redis.length, `Redis pods deleted: ${redis.map((d) => d.name).join(', ')}`).toBe(o.disrupted ? 1 : 0);
    expect(run.report?.live?.cleanup.failed ?? [], 'cleanup failed').toEqual([]);
  }

  it.concurrent.each(['exec', 'direct'])('the good submission passes every live check (--deploy, --probe %s), and the namespace is deleted after', async (probe) => {
    if (probe === 'direct' && !HOST_REACHES_CLUSTER_IPS) {
      console.warn(`--probe direct from this host: skipped, the host cannot route to Service IPs (ip route get ${SERVICE_IP}: ${ROUTE.trim()}); the in-cluster direct case below covers the strategy`);
      return;
    }
    const run = await kubegrade(['live', GOOD, '--deploy', '--probe', probe, '--format', 'json']);
    expect(run.report, run.stderr).toBeDefined();
    const ns = run.report!.live!.namespace;
    namespaces.push(ns);
    expect(live(run.report).map((c) => [c.id, c.status, c.message])).toEqual(live(run.report).map((c) => [c.id, 'pass', c.message]));
    expect(live(run.report)).toHaveLength(8);
    expect(run.code).toBe(0);
    expect(run.report!.live!.cleanup.done).toContain(`delete namespace ${ns}`);
    expect(kubectl(['get', 'namespace', ns]).code, 'the namespace is gone').not.toBe(0);
    const deleted = deletions.in(ns).filter((d) => !d.name.startsWith('kubegrade-probe-'));
    const before = deleted.filter((d) => d.owner.startsWith('ReplicaSet/jdoe-test-redis-deployment-'));
    expect(before.length).toBeGreaterThanOrEqual(1);
    // stderr has step lines and the total time; stdout is only the JSON report
    expect(run.stderr).toMatch(/kubegrade: ok live\.redis-persistence/);
    expect(run.stderr).toMatch(/kubegrade: live pass took [\d.]+ s/);
  });

  it('batch --live --deploy: each submission in a namespace of its own, two at once, into one gradebook; the namespaces are deleted', async () => {
    const root = mkdtempSync(join(tmp, 'batch-'));
    cpSync(GOOD, join(root, 'alice'), { recursive: true });
    materialize('live-redis-emptydir', join(root, 'bob'));
    const run = await kubegrade(['batch', root, '--live', '--deploy', '--jobs', '2', '--format', 'json']);
    const { reports, summary } = JSON.parse(run.stdout) as { reports: Report[]; summary: { students: number } }; // batch json: the reports and the class summary
    expect(summary.students).toBe(2);
    expect(reports.map((r) => r.dir), run.stderr).toEqual([join(root, 'alice'), join(root, 'bob')]);
    const [alice, bob] = reports as [Report, Report];
    expect(live(alice).filter((c) => c.status !== 'pass')).toEqual([]);
    expect(live(alice)).toHaveLength(8);
    expect(byId(bob).get('live.redis-persistence')!.message).toMatch(rx(CASES[0]!.fails[0]!.message));
    expect(live(bob).filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(['live.redis-persistence']);
    expect(run.code).toBe(0); // every submission was graded: lost points are not an error for batch (README: exit codes)
    for (const r of reports) {
      const ns = r.live!.namespace;
      namespaces.push(ns);
      expect(ns).toMatch(/^kubegrade-jdoe-[0-9a-f]+$/);
      expect(kubectl(['get', 'namespace', ns]).code, `namespace ${ns} is gone`).not.toBe(0);
    }
    expect(reports[0]!.live!.namespace).not.toBe(reports[1]!.live!.namespace);
    // one line per submission on stderr (with the class's counts), no interleaved step lines; then the class summary
    // (the background namespace deletions' line is the class's, not a submission's)
    const lines = run.stderr.trim().split('\n').filter((l) => !/namespaces? deleted in the background/.test(l));
    expect(lines.slice(-3)).toEqual([expect.stringMatching(/^kubegrade: class: 2 students · 2 graded$/), expect.stringMatching(/^kubegrade: scores \(of \d+\): mean /), expect.stringMatching(/^kubegrade: most failed: /)]);
    expect(lines.slice(0, -3).sort()).toEqual([
      expect.stringMatching(/^kubegrade: .*\/alice: jdoe (\d+)\/\1 \([\d.]+ s\) · [12]\/2 done · [01] running · 0 waiting · ETA (\d+ s|\?)$/),
      expect.stringMatching(/^kubegrade: .*\/bob: jdoe \d+\/\d+ \([\d.]+ s\) · [12]\/2 done · [01] running · 0 waiting · ETA (\d+ s|\?)$/),
    ]);
    expect(lines.filter((l) => / 2\/2 done · 0 running · 0 waiting · ETA 0 s$/.test(l))).toHaveLength(1);
  });

  it.concurrent.each(CASES.map((c) => [c.variant, c] as const))('%s is caught by the right check', async (_name, c) => {
    const dir = materialize(c.variant, mkdtempSync(join(tmp, `${c.variant}-`)));
    const run = await kubegrade(['live', dir, '--deploy', '--keep', '--format', 'json', '--timeout-ready', '90']);
    expect(run.report, run.stderr).toBeDefined();
    const ns = run.report!.live!.namespace;
    namespaces.push(ns);
    const checks = byId(run.report);
    for (const f of c.fails) {
      const got = checks.get(f.id)!;
      expect(got.status, `${f.id}: ${got.message}`).toBe('fail');
      expect(got.message).toMatch(rx(f.message));
      if (f.hint) expect(got.hint).toMatch(rx(f.hint));
    }
    // with the check's duration: a failure shows how long it tried
    for (const id of c.pass) expect([id, checks.get(id)!.status, checks.get(id)!.message, checks.get(id)!.durationMs]).toEqual([id, 'pass', checks.get(id)!.message, checks.get(id)!.durationMs]);
    expect(run.code).toBe(1);
    const persisted = checks.get('live.redis-persistence')!;
    // The Redis pod was deleted exactly when the persistence step says it replaced one.
    assertClean(ns, run, { redisRunning: checks.get('live.redis-ready')!.status === 'pass', disrupted: /was replaced by|deleted, \S+ Ready after|after pod .* was deleted/.test(persisted.message) });
  });

  describe('applied by hand with kubectl, as a student would', () => {
    let ns = '';
    beforeAll(() => {
      ns = `kg-e2e-byhand-${process.pid}`;
      namespaces.push(ns);
      expect(kubectl(['create', 'namespace', ns]).code).toBe(0);
      const a = kubectl(['apply', '-n', ns, '-f', GOOD]);
      expect(a.code, a.err).toBe(0);
    });

    it('kubegrade live DIR -n NS passes every live check', async () => {
      const run = await kubegrade(['live', GOOD, '-n', ns, '--format', 'json']);
      expect(live(run.report).filter((c) => c.status !== 'pass'), run.stderr).toEqual([]);
      expect(run.report!.checks.filter((c) => !c.id.startsWith('live.')).every((c) => c.status === 'skip')).toBe(true);
      expect(run.code).toBe(0);
      assertClean(ns, run, { redisRunning: true, disrupted: true });
    });

    it('kubegrade live -n NS (no folder) finds the objects by their labels and passes with --no-disrupt', async () => {
      const before = deletions.in(ns).length;
      const run = await kubegrade(['live', '-n', ns, '--username', 'jdoe', '--no-disrupt', '--format', 'json']);
      const l = byId(run.report);
      expect(l.get('live.redis-persistence')!.status).toBe('skip');
      expect(live(run.report).filter((c) => c.status !== 'pass' && c.status !== 'skip'), run.stderr).toEqual([]);
      expect(deletions.in(ns).slice(before).filter((d) => !d.name.startsWith('kubegrade-probe-'))).toEqual([]);
    });

    it('SIGINT in the middle of the persistence step: exit 130, probe pod and key removed, only the Redis pod deleted', async () => {
      const before = deletions.in(ns).length;
      let sent = false;
      const run = await kubegrade(['live', GOOD, '-n', ns, '--format', 'json'], {
        onLine: (line, kill) => {
          if (!sent && /deleting Redis pod/.test(line)) {
            sent = true;
            setTimeout(() => kill('SIGINT'), 300);
          }
        },
      });
      expect(sent, run.stderr).toBe(true);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/SIGINT: stopping and cleaning up/);
      expect(run.report?.live?.interrupted).toBe('interrupted by SIGINT');
      expect(run.report?.live?.cleanup.failed).toEqual([]);
      expect(probePods(ns)).toEqual([]);
      expect(kubectl(['wait', '-n', ns, '--for=condition=Available', 'deployment/jdoe-test-redis-deployment', '--timeout=120s']).code).toBe(0);
      expect(kubegradeKeys(ns)).toEqual([]);
      const after = deletions.in(ns).slice(before);
      expect(after.filter((d) => !d.name.startsWith('kubegrade-probe-')).map((d) => d.owner.replace(/-[a-z0-9]+$/, ''))).toEqual(['ReplicaSet/jdoe-test-redis-deployment']);
    });

    it('as a ServiceAccount bound to deploy/kubegrade-role.yaml: passes; with "delete" on pods removed: fails naming it', async () => {
      expect(kubectl(['apply', '-f', join(ROOT, 'deploy/kubegrade-serviceaccount.yaml')]).code).toBe(0);
      expect(kubectl(['apply', '-n', ns, '-f', join(ROOT, 'deploy/kubegrade-role.yaml')]).code).toBe(0);
      const token = kubectl(['create', 'token', 'kubegrade', '-n', 'kubegrade', '--duration', '1h']);
      expect(token.code, token.err).toBe(0);
      const server = kubectl(['config', 'view', '--raw', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}']).out;
      const ca = kubectl(['config', 'view', '--raw', '--minify', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}']).out;
      const kc = join(tmp, 'sa.kubeconfig');
      writeFileSync(
        kc,
        `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${ca}\ncontexts:\n- name: sa\n  context: {cluster: c, user: sa, namespace: ${ns}}\ncurrent-context: sa\nusers:\n- name: sa\n  user:\n    token: ${token.out.trim()}\n`,
      );
      const ok = await kubegrade(['live', GOOD, '--kubeconfig', kc, '--format', 'json']);
      expect(live(ok.report).filter((c) => c.status !== 'pass'), ok.stderr).toEqual([]);

      // The same Role without "delete" on pods.
      const role = readFileSync(join(ROOT, 'deploy/kubegrade-role.yaml'), 'utf8').replace('verbs: [get, list, watch, create, delete]', 'verbs: [get, list, watch, create]');
      expect(role).not.toContain('create, delete]');
      expect(kubectl(['apply', '-n', ns, '-f', '-'], role).code).toBe(0);
      const bad = await kubegrade(['live', GOOD, '--kubeconfig', kc, '--format', 'json']);
      const p = byId(bad.report).get('live.redis-persistence')!;
      expect(p.status).toBe('error');
      expect(p.message).toBe(`forbidden: kubegrade needs "delete" on "pods" in namespace ${ns}`);
      expect(bad.report!.live!.cleanup.failed.join('\n')).toMatch(/forbidden: kubegrade needs "delete" on "pods"/);
      expect(bad.code).toBe(1);
      kubectl(['apply', '-n', ns, '-f', join(ROOT, 'deploy/kubegrade-role.yaml')]);
      // What that run could not delete, an allowed identity removes: kubegrade cleanup.
      const c = await kubegrade(['cleanup', '--kubeconfig', kc]);
      expect(c.stdout).toMatch(/^removed pod kg-e2e-byhand-\d+\/kubegrade-probe-[0-9a-f]+ \(run [0-9a-f]+\)$/m);
      expect(probePods(ns)).toEqual([]);
    });

    it('--probe direct from inside the cluster network: kubegrade as a pod (in-cluster service account bound to the shipped Role) passes', async () => {
      expect(kubectl(['apply', '-f', join(ROOT, 'deploy/kubegrade-serviceaccount.yaml')]).code).toBe(0);
      expect(kubectl(['apply', '-n', ns, '-f', join(ROOT, 'deploy/kubegrade-role.yaml')]).code).toBe(0);
      // This machine's node and the repo, mounted read-only into a pod of the cluster's python:3.9 image
      // (node runs through the host's loader and libraries: the image has no libstdc++).
      const nodeDir = dirname(process.execPath);
      const name = `kubegrade-direct-${process.pid}`;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'kubegrade' },
        spec: {
          serviceAccountName: 'kubegrade',
          restartPolicy: 'Never',
          containers: [
            {
              name: 'kubegrade',
              image: 'python:3.9',
              env: [{ name: 'HOME', value: '/tmp' }],
              command: ['/host/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', '--library-path', '/host/lib/x86_64-linux-gnu', process.execPath, '/repo/bin/kubegrade.js', 'live', '/repo/fixtures/good', '-n', ns, '--probe', 'direct', '--format', 'json', '--no-progress'],
              volumeMounts: [
                { name: 'lib', mountPath: '/host/lib', readOnly: true },
                { name: 'node', mountPath: nodeDir, readOnly: true },
                { name: 'repo', mountPath: '/repo', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'lib', hostPath: { path: '/lib' } },
            { name: 'node', hostPath: { path: nodeDir } },
            { name: 'repo', hostPath: { path: ROOT } },
          ],
        },
      };
      expect(kubectl(['apply', '-f', '-'], JSON.stringify(pod)).code).toBe(0);
      let phase = '';
      for (let i = 0; i < 240 && !['Succeeded', 'Failed'].includes(phase); i++) {
        await new Promise((r) => setTimeout(r, 1000));
        phase = kubectl(['get', 'pod', '-n', 'kubegrade', name, '-o', 'jsonpath={.status.phase}']).out;
      }
      const logs = kubectl(['logs', '-n', 'kubegrade', name]).out;
      kubectl(['delete', 'pod', '-n', 'kubegrade', name, '--wait=false']);
      const report = JSON.parse(logs) as Report;
      expect(live(report).filter((c) => c.status !== 'pass'), logs).toEqual([]);
      expect(report.live).toMatchObject({ strategy: 'direct', namespace: ns });
      expect(phase).toBe('Succeeded');
      expect(probePods(ns)).toEqual([]);
      expect(kubegradeKeys(ns)).toEqual([]);
    });
  });

  it('an unknown namespace, context or kubeconfig, and an unreachable server: one line each, exit 2', async () => {
    for (const [args, msg] of [
      [['-n', 'kg-no-such-namespace'], /^kubegrade: namespace "kg-no-such-namespace" not found/],
      [['--context', 'nope'], /^kubegrade: no context "nope" in /],
      [['--kubeconfig', '/nonexistent'], /^kubegrade: no kubeconfig at \/nonexistent/],
    ] as const) {
      const r = await kubegrade(['live', GOOD, '--no-progress', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
    const kc = join(tmp, 'unreachable.kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:6553"}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\nusers:\n- name: u\n  user: {token: t}\n');
    const r = await kubegrade(['live', GOOD, '--no-progress', '--kubeconfig', kc]);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'kubegrade: cannot reach the API server at https://127.0.0.1:6553 (context x): ECONNREFUSED']);
  });
});

/**
 * A class on the grading cluster (issue 20): the cluster map, isolation per
 * student, infrastructure-vs-student classification, and SIGINT of a class.
 */
describe.skipIf(!E2E)('live grading of a class on the local cluster', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kg-class-e2e-'));
  const namespaces: string[] = [];
  afterAll(() => {
    for (const ns of namespaces) kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
    kubectl(['delete', 'storageclass', 'kg-e2e-never-binds', '--ignore-not-found']);
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A real-looking submission made for another cluster: class rbd, redis:6, the student's own Flask image (not pullable here). */
  function foreign(dir: string): string {
    cpSync(GOOD, dir, { recursive: true });
    const sub = (f: string, a: RegExp, b: string) => writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace(a, b));
    sub('jdoe-test-redis-pvc.yml', /storageClassName: rdb/, 'storageClassName: rbd');
    sub('jdoe-test-redis-deployment.yml', /image: redis:5\.0\.0/, 'image: redis:6');
    sub('jdoe-test-flask-deployment.yml', /image: kubegrade\/flask-api:1\.0/, 'image: jdoe/coe332-hw6-api:latest');
    return dir;
  }
  const MAP = ['--map-storage-class', 'rbd=rdb', '--map-image', 'redis=redis:5.0.0', '--map-image', '*coe332*=stand-in'];

  it('a submission for another cluster deploys through the map and passes; the report lists what was mapped, the files are untouched', async () => {
    const dir = foreign(mkdtempSync(join(tmp, 'foreign-')));
    const before = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const run = await kubegrade(['live', dir, '--deploy', '--format', 'json', ...MAP]);
    expect(run.report, run.stderr).toBeDefined();
    namespaces.push(run.report!.live!.namespace);
    expect(live(run.report).map((c) => [c.id, c.status])).toEqual(live(run.report).map((c) => [c.id, 'pass']));
    expect(run.report!.live!.mapped).toHaveLength(3);
    expect(run.report!.live!.mapped).toEqual(expect.arrayContaining([
      'PersistentVolumeClaim jdoe-test-redis-pvc: storageClassName rbd → rdb (--map-storage-class)',
      "Deployment jdoe-test-redis-deployment: container redis's image redis:6 → redis:5.0.0 (--map-image)",
      expect.stringMatching(/^Deployment jdoe-test-flask-deployment: container \S+'s image jdoe\/coe332-hw6-api:latest → a stand-in serving GET \/hello-service on port 5000 \(--map-image; the student's own app is not graded live\)$/),
    ]));
    expect(byId(run.report).get('live.flask-http')!.message).toMatch(/a kubegrade stand-in ran in place of the student's Flask image/);
    expect(readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    // without the map the same files do not deploy here: the class is missing, the image cannot be pulled
    const bare = await kubegrade(['live', dir, '--deploy', '--format', 'json', '--timeout-ready', '30']);
    namespaces.push(bare.report!.live!.namespace);
    expect(byId(bare.report).get('live.pvc-bound')!.status).toBe('fail');
    expect(byId(bare.report).get('live.flask-ready')!.message).toMatch(/(ImagePullBackOff|ErrImagePull): image (docker\.io\/)?jdoe\/coe332-hw6-api:latest/);
  });

  it('isolation: the namespace has its quota, limit range and network policy; a student over the budget gets a clear finding', async () => {
    const dir = mkdtempSync(join(tmp, 'hog-'));
    cpSync(GOOD, dir, { recursive: true });
    const f = join(dir, 'jdoe-test-flask-deployment.yml');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/( +)image: kubegrade\/flask-api:1\.0\n/, (m, sp: string) => `${m}${sp}resources: {requests: {cpu: "3"}, limits: {cpu: "3"}}\n`));
    const run = await kubegrade(['live', dir, '--deploy', '--keep', '--format', 'json', '--timeout-ready', '60']);
    const ns = run.report!.live!.namespace;
    namespaces.push(ns);
    const kinds = kubectl(['get', 'resourcequota,limitrange,networkpolicy', '-n', ns, '-l', `kubegrade.dev/run-id=${run.report!.live!.runId}`, '-o', 'name']).out.split('\n').filter(Boolean).sort();
    expect(kinds).toEqual(['limitrange/kubegrade-budget', 'networkpolicy.networking.k8s.io/kubegrade-isolation', 'resourcequota/kubegrade-budget']);
    const c = byId(run.report).get('live.flask-ready')!;
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/its pods ask for more than the grading namespace allows: .*(maximum cpu usage per Container is 2|exceeded quota)/);
    expect(c.hint).toMatch(/^kubegrade grades each student within a budget \(per student: requests 500m CPU/);
    expect(c.durationMs!).toBeLessThan(30_000);
  });

  it('infrastructure, not the student: an image the map chose that cannot be pulled, and a claim no provisioner binds, are error and not graded', async () => {
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'kg-e2e-never-binds' }, provisioner: 'kubegrade.dev/nobody', volumeBindingMode: 'Immediate' };
    expect(kubectl(['apply', '-f', '-'], JSON.stringify(sc)).code).toBe(0);
    const root = mkdtempSync(join(tmp, 'infra-'));
    cpSync(GOOD, join(root, 'pull'), { recursive: true });
    // "bind": a class the cluster has, whose provisioner is not there (as when a CSI driver is down)
    foreignClass(join(root, 'bind'), 'kg-e2e-never-binds');
    const run = await kubegrade(['batch', root, '--live', '--deploy', '--jobs', '2', '--format', 'json', '--timeout-ready', '25', '--map-image', 'redis=redis:0.0.0-not-on-this-cluster']);
    const { reports } = JSON.parse(run.stdout) as { reports: Report[] };
    const [bind, pull] = reports as [Report, Report];
    expect(byId(pull).get('live.redis-ready')!.status, run.stderr).toBe('error');
    expect(byId(pull).get('live.redis-ready')!.message).toMatch(/^the cluster, not the submission: Deployment jdoe-test-redis-deployment: 0\/1 replicas available; pod \S+: (ImagePullBackOff|ErrImagePull): image (docker\.io\/library\/)?redis:0\.0\.0-not-on-this-cluster/);
    expect(pull.error).toMatch(/^the cluster failed, not the submission/);
    expect(byId(bind).get('live.pvc-bound')!.status).toBe('error');
    expect(byId(bind).get('live.pvc-bound')!.message).toMatch(/^the cluster, not the submission: PersistentVolumeClaim jdoe-test-redis-pvc is still Pending: its provisioner did not make a volume in time; events: .*kubegrade\.dev\/nobody/);
    // graded once more, then a row without a score; batch says some could not be graded
    expect(run.stderr).toMatch(/the cluster failed, not the submission .*: grading it once more/);
    expect(run.code).toBe(1);
    for (const r of reports) expect(kubectl(['get', 'namespace', r.live!.namespace]).code).not.toBe(0);
  });

  function foreignClass(dir: string, cls: string): void {
    cpSync(GOOD, dir, { recursive: true });
    const f = join(dir, 'jdoe-test-redis-pvc.yml');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/storageClassName: rdb/, `storageClassName: ${cls}`));
  }

  it('a student\'s pod cannot reach another student\'s; the probe (and the student\'s own pods) still reach them (kube-network-policies enforces the policy)', async () => {
    const dir = mkdtempSync(join(tmp, 'victim-'));
    cpSync(GOOD, dir, { recursive: true });
    const run = await kubegrade(['live', dir, '--deploy', '--keep', '--no-disrupt', '--format', 'json']);
    const ns = run.report!.live!.namespace;
    namespaces.push(ns);
    // the probe pod reached Redis and Flask with the policy in force: every live check passed (persistence is not tried: --no-disrupt)
    expect(live(run.report).map((c) => [c.id, c.status]), run.stderr).toEqual(live(run.report).map((c) => [c.id, c.id === 'live.redis-persistence' ? 'skip' : 'pass']));
    const ip = kubectl(['get', 'svc', '-n', ns, 'jdoe-test-redis-service', '-o', 'jsonpath={.spec.clusterIP}']).out;
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const ping = (from: string) =>
      kubectl(['run', '-n', from, `peek-${process.pid}`, '--image=python:3.9', '--restart=Never', '--attach', '--rm', '--quiet', '--command', '--', 'python3', '-c', `import socket\ntry:\n  s=socket.create_connection(("${ip}",6379),5); s.sendall(b"PING\\r\\n"); print(s.recv(20))\nexcept Exception as e: print("blocked", e)`]).out.trim();
    const other = `kg-e2e-other-${process.pid}`;
    namespaces.push(other);
    expect(kubectl(['create', 'namespace', other]).code).toBe(0);
    expect(ping(other)).toMatch(/^blocked timed out/);
    // the same pod in the student's namespace (where kubegrade's probe pod runs) gets Redis's answer through the Service
    expect(ping(ns)).toBe("b'+PONG\\r\\n'");
  });

  it('SIGINT in the middle of a class: exit 130, no row with a score for a student not graded to the end, nothing left behind', async () => {
    const root = mkdtempSync(join(tmp, 'sigint-'));
    for (const n of ['a', 'b', 'c', 'd']) cpSync(GOOD, join(root, n), { recursive: true });
    // Namespaces the cases before this one keep (--keep) until the file's cleanup: not this run's leftovers.
    const managed = () => kubectl(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=kubegrade', '-o', 'name']).out.trim().split('\n').filter(Boolean);
    const before = new Set(managed());
    let sent = 0;
    const t0 = Date.now();
    let signalAt = 0;
    const run = await kubegrade(['batch', root, '--live', '--deploy', '--jobs', '2', '--format', 'csv', '--timeout-cleanup', '60'], {
      onLine: (line, kill) => {
        if (!sent && /\/a: jdoe|\/b: jdoe/.test(line)) {
          sent = 1;
          setTimeout(() => {
            signalAt = Date.now();
            kill('SIGINT');
          }, 2000);
        }
      },
    });
    expect(sent, run.stderr).toBe(1);
    expect(run.code).toBe(130);
    expect(Date.now() - signalAt).toBeLessThan(60_000 + 15_000);
    // The CSV's header and its max row, then one row per student.
    const rows = run.stdout.trim().split('\n').filter((l) => !/^(submission|max),/.test(l));
    expect(rows).toHaveLength(4);
    const graded = rows.filter((r) => !/not graded/.test(r));
    // every row either has a score from a full live pass, or says it was not graded (no score)
    for (const r of rows.filter((r) => /not graded/.test(r))) expect(r).toMatch(/interrupted/);
    expect(graded.length).toBeLessThan(4);
    const left = managed().filter((n) => !before.has(n));
    expect(left).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThan(0);
  });
});
