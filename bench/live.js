#!/usr/bin/env node
// The live pass's speed on a real cluster (a benchmark, not a test):
//   1. the Redis pod's own delete → replacement Ready (and behind its Service)
//      time, measured by watch — the floor of live.redis-persistence;
//   2. `kubegrade live fixtures/good -n NS` wall time for one student
//      (process start included), and what it adds over (1) — goal ≤ 3 s;
//   3. 10 students' namespaces graded at once (10 processes) against one —
//      goal ≤ 2×; and the same in one process through the library API
//      (kubegrade/live), as an instructor's script would.
// Medians of several runs. Needs the cluster (npm run cluster:up) and a build.
//   node bench/live.js [--runs 5] [--students 10] [--probe exec|direct]
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { GOOD, KUBECONFIG, KUBECTL, ROOT, kubectl, opt } from './live-cluster.js';

const RUNS = Number(opt('runs', '5'));
const STUDENTS = Number(opt('students', '10'));
const PROBE = opt('probe', 'exec');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

function kubegrade(...a) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/kubegrade.js'), ...a], { env: { ...process.env, KUBECONFIG }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(out);
      } catch {}
      resolve({ code, ms: performance.now() - t0, report, err });
    });
  });
}

const kc = new k8s.KubeConfig();
kc.loadFromFile(KUBECONFIG);
const core = kc.makeApiClient(k8s.CoreV1Api);

/** Deletes the Redis pod and waits, by watch, until a new Redis pod is Ready and the Service's endpoints point at it only. */
async function redisBounce(ns) {
  const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=jdoe-test-redis' });
  const old = pods.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
  const w = new k8s.Watch(kc);
  let readyPod;
  const t0 = performance.now();
  const done = new Promise((resolve, reject) => {
    const ctl = [];
    const check = (slice) => {
      const eps = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).map((e) => e.targetRef?.name);
      if (eps.length && eps.every((n) => !old.includes(n))) {
        for (const c of ctl) c.abort();
        resolve(eps);
      }
    };
    w.watch(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, { labelSelector: 'kubernetes.io/service-name=jdoe-test-redis-service' }, (_t, s) => check(s), (e) => e && reject(e)).then((c) => ctl.push(c));
  });
  await new Promise((r) => setTimeout(r, 300)); // the watch is open
  const t1 = performance.now();
  for (const n of old) await core.deleteNamespacedPod({ name: n, namespace: ns });
  readyPod = await done;
  return { ms: performance.now() - t1, setupMs: t1 - t0, readyPod };
}

/** From now until a new TCP connection to ip:port succeeds from the helper pod (kube-proxy has caught up). */
function reachableAfter(ns, ip, port) {
  const t0 = performance.now();
  const prog = `import socket; socket.create_connection(("${ip}", ${port}), timeout=1).close()`;
  for (;;) {
    const r = spawnSync(KUBECTL, ['exec', '-n', ns, 'kg-bench-helper', '--', 'python3', '-c', prog], { env: { ...process.env, KUBECONFIG } });
    if (r.status === 0) return performance.now() - t0;
    if (performance.now() - t0 > 30_000) throw new Error(`${ip}:${port} not reachable from the helper pod after 30 s`);
  }
}

async function waitReady(ns) {
  kubectl('wait', '-n', ns, '--for=condition=Available', 'deployment', '--all', '--timeout=180s');
  kubectl('wait', '-n', ns, '--for=jsonpath={.status.phase}=Bound', 'pvc', '--all', '--timeout=120s');
}

async function main() {
  kubectl('version');
  const base = `kg-bench-${process.pid}`;
  const nss = Array.from({ length: STUDENTS }, (_, i) => `${base}-${i}`);
  console.log(`cluster: ${kc.getCurrentCluster()?.server}; probe ${PROBE}; ${RUNS} runs; ${STUDENTS} students`);
  try {
    for (const ns of nss) {
      kubectl('create', 'namespace', ns);
      kubectl('apply', '-n', ns, '-f', GOOD);
    }
    for (const ns of nss) await waitReady(ns);
    const ns0 = nss[0];
    // warm up: images, the probe image, the first exec
    await kubegrade('live', GOOD, '-n', ns0, '--format', 'json', '--probe', PROBE);

    // A helper pod to tell when the Redis ClusterIP answers again: the read of live.redis-persistence
    // has to wait for kube-proxy too, which the endpoints alone do not show.
    kubectl('run', '-n', ns0, 'kg-bench-helper', '--image=python:3.9', '--restart=Never', '--command', '--', 'python3', '-c', 'import time; time.sleep(3600)');
    kubectl('wait', '-n', ns0, '--for=condition=Ready', 'pod/kg-bench-helper', '--timeout=120s');
    const redisIp = kubectl('get', 'svc', '-n', ns0, 'jdoe-test-redis-service', '-o', 'jsonpath={.spec.clusterIP}').trim();
    const reach = [];
    const bounce = [];
    const one = [];
    for (let i = 0; i < RUNS; i++) {
      const bounced = await redisBounce(ns0);
      bounce.push(bounced.ms);
      reach.push(bounced.ms + reachableAfter(ns0, redisIp, 6379));
      await waitReady(ns0);
      const r = await kubegrade('live', GOOD, '-n', ns0, '--format', 'json', '--probe', PROBE);
      const bad = (r.report?.checks ?? []).filter((c) => c.id.startsWith('live.') && c.status !== 'pass');
      if (bad.length) throw new Error(`live pass not clean: ${JSON.stringify(bad)}\n${r.err}`);
      one.push(r.ms);
      await waitReady(ns0);
    }
    // The cluster's own floor for ten at once: every Redis pod deleted together, until each
    // replacement is Ready behind its Service (two cores run the control plane, the node and 30 pods).
    const bounceMany = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
      const rs = await Promise.all(nss.map((ns) => redisBounce(ns)));
      bounceMany.push(Math.max(...rs.map((r) => r.ms)));
      for (const ns of nss) await waitReady(ns);
    }
    const persist = [];
    const many = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
      const t0 = performance.now();
      const rs = await Promise.all(nss.map((ns) => kubegrade('live', GOOD, '-n', ns, '--format', 'json', '--probe', PROBE)));
      many.push(performance.now() - t0);
      for (const r of rs) {
        const p = r.report?.checks.find((c) => c.id === 'live.redis-persistence');
        if (p?.status !== 'pass') throw new Error(`concurrent run not clean: ${p?.message}\n${r.err}`);
        persist.push(p.durationMs);
      }
      for (const ns of nss) await waitReady(ns);
    }
    // The same, in one process through the library API (kubegrade/live): what an instructor's script
    // grading many namespaces pays, without ten process start-ups and ten cluster clients.
    const { grade } = await import('../dist/index.js');
    const live = await import('../dist/live/index.js');
    const kube = live.connectKube({ kubeconfig: KUBECONFIG });
    const gradeIn = async (list) => {
      const t0 = performance.now();
      const reports = await Promise.all(list.map((namespace) => grade(GOOD, { live: live.liveRunner({ kube, namespace, timeouts: live.DEFAULT_TIMEOUTS, progress: live.SILENT }) })));
      const bad = reports.flatMap((r) => r.checks.filter((c) => c.id.startsWith('live.') && c.status !== 'pass'));
      if (bad.length) throw new Error(`in-process run not clean: ${JSON.stringify(bad[0])}`);
      return performance.now() - t0;
    };
    const oneIn = [];
    const manyIn = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
      oneIn.push(await gradeIn([ns0]));
      await waitReady(ns0);
      manyIn.push(await gradeIn(nss));
      for (const ns of nss) await waitReady(ns);
    }
    const b = median(bounce);
    const o = median(one);
    const m = median(many);
    console.log(`Redis pod delete → replacement Ready behind its Service (median of ${bounce.length}): ${sec(b)}   [${bounce.map(sec).join(', ')}]`);
    console.log(`  … and until its ClusterIP takes a new connection again (kube-proxy caught up): ${sec(median(reach))}   [${reach.map(sec).join(', ')}]  → kubegrade adds ${sec(o - median(reach))} over that`);
    const bm = median(bounceMany);
    console.log(`  the same for ${STUDENTS} Redis pods at once (the cluster's own floor): ${sec(bm)}   [${bounceMany.map(sec).join(', ')}]  → ${(bm / b).toFixed(2)}× one`);
    console.log(`kubegrade live, one student, wall time incl. process start (median of ${one.length}): ${sec(o)}   [${one.map(sec).join(', ')}]`);
    console.log(`  → kubegrade adds ${sec(o - b)} over the Redis pod's own restart (goal ≤ 3 s)`);
    console.log(`${STUDENTS} students at once (median of ${many.length}): ${sec(m)}   [${many.map(sec).join(', ')}]  → ${(m / o).toFixed(2)}× one student (goal ≤ 2×)`);
    console.log(`  live.redis-persistence under load: median ${sec(median(persist))}, max ${sec(Math.max(...persist))}`);
    const oi = median(oneIn);
    const mi = median(manyIn);
    console.log(`one process, library API (kubegrade/live): one student ${sec(oi)}, ${STUDENTS} at once ${sec(mi)}   [${manyIn.map(sec).join(', ')}]  → ${(mi / oi).toFixed(2)}× (goal ≤ 2×)`);
  } finally {
    for (const ns of nss) spawnSync(KUBECTL, ['delete', 'namespace', ns, '--wait=false'], { env: { ...process.env, KUBECONFIG } });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench/live.js: ${e.message}`);
    process.exit(1);
  },
);
