#!/usr/bin/env node
// A class on the local cluster (a benchmark, not a test): `npm run bench:live`.
//   1. `kubegrade batch CLASS --live --deploy --format json` on 12 students
//      (6 good, the 6 seeded live faults of fixtures/variants/live-*): wall
//      time, students per minute, the grader's peak RSS (/usr/bin/time),
//      every live verdict against what it must be, and the leftovers after
//      (the class's namespaces still there, and the pods, PVCs, Jobs and PVs
//      in them; another kubegrade run on a shared cluster is not counted).
//   2. The cluster's own floor for the same twelve, in the same run, with
//      kubectl alone: each of 12 good submissions at once: create the
//      namespace, apply, wait Available and Bound, bounce the Redis pod, wait
//      Available again, delete the pods (grace 0, as kubegrade does) and the
//      namespace, waited for. The ratio class / floor is the figure the issue
//      sets (≤ 1.3).
//   The row also says how the exec API kept pace (execS: the students' median ping, the slowest
//   transport of any step, the steps tried again).
//   node bench/live-class.js [--runs 1] [--jobs N] [--no-floor]
//                            [--in-cluster [--image IMG] [--grading-namespace NS]]
//   --in-cluster: the class as a Kubernetes Job per student (docs/live.md, "A Job
//   per student"); IMG defaults to what scripts/build-kubegrade-image.sh prints,
//   NS to kubegrade (its ServiceAccount applied from deploy/); the leftovers also
//   count the run's Jobs, pods and ConfigMaps there.
// Needs the cluster (npm run cluster:up) and a build (npm run bench:live builds).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, GOOD, KUBECONFIG, KUBECTL, ROOT, kubectl, opt } from './live-cluster.js';

const RUNS = Number(opt('runs', '1'));
const JOBS = opt('jobs', undefined);
const FLOOR = !flag('no-floor');
const VARIANTS = join(ROOT, 'fixtures/variants');
const IN_CLUSTER = flag('in-cluster');
const GRADING_NS = opt('grading-namespace', 'kubegrade');
const IMAGE = IN_CLUSTER ? (opt('image', undefined) ?? execFileSync('bash', [join(ROOT, 'scripts/build-kubegrade-image.sh')], { encoding: 'utf8' }).trim().split('\n').pop()) : undefined;

/** What each student's live checks must be: the ids that fail (every other live check passes). */
const CLASS = [
  ['good-1', undefined, []],
  ['good-2', undefined, []],
  ['good-3', undefined, []],
  ['good-4', undefined, []],
  ['good-5', undefined, []],
  ['good-6', undefined, []],
  ['emptydir', 'live-redis-emptydir', ['live.redis-persistence']],
  ['selects-flask', 'live-redis-selects-username-env', ['live.redis-endpoints']],
  ['targetport', 'live-redis-targetport-5000', ['live.redis-write', 'live.redis-persistence']],
  ['flask-port-80', 'live-flask-service-port-80', ['live.flask-http']],
  ['storage-rbd', 'live-pvc-storage-class-rbd', ['live.pvc-bound', 'live.redis-ready', 'live.redis-endpoints', 'live.redis-write', 'live.redis-persistence']],
  ['image-missing', 'live-redis-image-missing', ['live.redis-ready', 'live.redis-endpoints', 'live.redis-write', 'live.redis-persistence']],
];

function kubectlAsync(...a) {
  return new Promise((resolve, reject) => {
    const p = spawn(KUBECTL, a, { env: { ...process.env, KUBECONFIG }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${a.join(' ')}: ${err.trim()}`))));
  });
}

function makeClass() {
  const root = mkdtempSync(join(tmpdir(), 'kg-bench-class-'));
  for (const [name, variant] of CLASS) {
    cpSync(GOOD, join(root, name), { recursive: true });
    if (variant) for (const f of readdirSync(join(VARIANTS, variant))) if (f !== 'variant.yml') cpSync(join(VARIANTS, variant, f), join(root, name, f));
  }
  return root;
}

/**
 * What the class left: namespaces labelled by kubegrade that were not there before it (and are not another
 * kubegrade run's on a shared cluster: only names of this class's namespaces, or any if it named none), and
 * the pods, PVCs, Jobs and PVs in them.
 */
function leftovers(before, own) {
  const sel = 'app.kubernetes.io/managed-by=kubegrade';
  const mine = (n) => !before.has(n) && (own.size === 0 || own.has(n));
  const ns = managedNamespaces(sel).filter(mine);
  const inMine = (l) => mine(l.split('/')[0]);
  const all = (kind) => kubectl('get', kind, '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}').split('\n').filter((l) => l.startsWith('kubegrade-') && inMine(l));
  const pvs = kubectl('get', 'pv', '-o', 'jsonpath={range .items[*]}{.spec.claimRef.namespace}/{.metadata.name}{"\\n"}{end}').split('\n').filter((l) => l.startsWith('kubegrade-') && inMine(l));
  const run = IN_CLUSTER ? kubectl('get', 'jobs,pods,configmaps', '-n', GRADING_NS, '-l', sel, '-o', 'name').split('\n').filter(Boolean) : [];
  return { namespaces: ns, pods: all('pods'), pvcs: all('pvc'), jobs: all('jobs'), pvs, inGradingNamespace: run };
}

function managedNamespaces(sel = 'app.kubernetes.io/managed-by=kubegrade') {
  return kubectl('get', 'namespaces', '-l', sel, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}').split('\n').filter(Boolean);
}

/** The namespaces the class's reports name (each student's), and those its stderr names (made ahead, deleted). */
function ownNamespaces(out, err) {
  const own = new Set();
  try {
    for (const r of JSON.parse(out).reports) if (r.live?.namespace) own.add(r.live.namespace);
  } catch {
    // no report: the stderr's names only
  }
  for (const m of err.matchAll(/\bkubegrade-[a-z0-9-]+-[0-9a-f]{8}\b/g)) own.add(m[0]);
  return own;
}

function runClass(root) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const a = ['-f', '%U %S %M', process.execPath, join(ROOT, 'bin/kubegrade.js'), 'batch', root, '--live', '--deploy', '--format', 'json', ...(JOBS ? ['--jobs', JOBS] : []), ...(IN_CLUSTER ? ['--in-cluster', '--image', IMAGE, '--grading-namespace', GRADING_NS] : [])];
    const p = spawn('/usr/bin/time', a, { env: { ...process.env, KUBECONFIG }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      const ms = Date.now() - t0;
      const lines = err.trim().split('\n');
      const [user, sys, rssKiB] = lines.at(-1).split(' ').map(Number);
      resolve({ code, ms, out, err: lines.slice(0, -1).join('\n'), rssMiB: rssKiB / 1024, cpuS: user + sys });
    });
  });
}

function verdicts(out, root) {
  const { reports } = JSON.parse(out);
  let right = 0;
  let total = 0;
  const wrong = [];
  for (const [name, , fails] of CLASS) {
    const r = reports.find((x) => x.dir === join(root, name));
    for (const c of (r?.checks ?? []).filter((c) => c.id.startsWith('live.'))) {
      total++;
      const want = fails.includes(c.id) ? 'fail' : 'pass';
      if (c.status === want) right++;
      else wrong.push(`${name} ${c.id}: ${c.status} (want ${want}): ${c.message}`);
    }
    if (!r) wrong.push(`${name}: no report`);
  }
  const per = reports.map((r) => r.live?.durationMs).filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return { right, total, wrong, perStudentMedianS: per.length ? per[Math.floor(per.length / 2)] / 1000 : NaN, perStudentMaxS: per.length ? per.at(-1) / 1000 : NaN, steps: steps(reports), exec: execPace(reports) };
}

/**
 * The exec API's pace as the class saw it (live.exec, src/live/pace.ts): the median of the students' pings (an
 * exec that runs nothing), the slowest transport any step had, in seconds, and how many steps were tried again.
 */
function execPace(reports) {
  const ex = reports.map((r) => r.live?.exec).filter(Boolean);
  const pings = ex.map((e) => e.pingMs).filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return {
    pingMedianS: pings.length ? Math.round(pings[Math.floor(pings.length / 2)] / 100) / 10 : NaN,
    slowestS: Math.round(Math.max(0, ...ex.map((e) => e.slowestMs)) / 100) / 10,
    retried: ex.reduce((n, e) => n + e.retried, 0),
  };
}

/**
 * Where a good student's live pass goes, medians in seconds: the waits for the PVC and the Deployments
 * (the longest of the three), the endpoints, the write, the persistence step (SAVE, the Redis pod
 * replaced, the read), and the rest (namespace, apply, the HTTP check past the others, cleanup).
 */
function steps(reports) {
  const good = reports.filter((r) => /\/good-\d+$/.test(r.dir) && r.live?.durationMs);
  const med = (xs) => (xs.length ? Math.round(xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] / 100) / 10 : NaN);
  const ms = (r, id) => r.checks.find((c) => c.id === id)?.durationMs ?? 0;
  const parts = good.map((r) => {
    const ready = Math.max(ms(r, 'live.pvc-bound'), ms(r, 'live.redis-ready'), ms(r, 'live.flask-ready'));
    const endpoints = Math.max(ms(r, 'live.redis-endpoints'), ms(r, 'live.flask-endpoints'));
    const write = ms(r, 'live.redis-write');
    const persistence = ms(r, 'live.redis-persistence');
    return { ready, endpoints, write, persistence, rest: r.live.durationMs - ready - endpoints - write - persistence };
  });
  return Object.fromEntries(['ready', 'endpoints', 'write', 'persistence', 'rest'].map((k) => [k, med(parts.map((p) => p[k]))]));
}

/** The floor: kubectl alone, 12 good students at once. */
async function floor() {
  const t0 = Date.now();
  const id = Math.random().toString(16).slice(2, 8);
  await Promise.all(
    CLASS.map(async (_, i) => {
      const ns = `kg-floor-${id}-${i}`;
      await kubectlAsync('create', 'namespace', ns);
      await kubectlAsync('apply', '-n', ns, '-f', GOOD);
      await kubectlAsync('wait', '-n', ns, '--for=condition=Available', 'deployment', '--all', '--timeout=300s');
      await kubectlAsync('wait', '-n', ns, '--for=jsonpath={.status.phase}=Bound', 'pvc', '--all', '--timeout=300s');
      await kubectlAsync('delete', 'pod', '-n', ns, '-l', 'app=jdoe-test-redis', '--wait=true');
      await kubectlAsync('wait', '-n', ns, '--for=condition=Available', 'deployment', '--all', '--timeout=300s');
      await kubectlAsync('rollout', 'status', '-n', ns, 'deployment/jdoe-test-redis-deployment', '--timeout=300s');
      await kubectlAsync('delete', 'pods', '--all', '-n', ns, '--grace-period=0', '--force', '--wait=false');
      await kubectlAsync('delete', 'namespace', ns, '--wait=true', '--timeout=300s');
    }),
  );
  return Date.now() - t0;
}

async function main() {
  kubectl('version');
  const labels = readFileSync(join(GOOD, 'jdoe-test-redis-deployment.yml'), 'utf8');
  if (!labels.includes('app: jdoe-test-redis')) throw new Error('fixtures/good changed: the floor deletes the Redis pod by app=jdoe-test-redis');
  const rows = [];
  for (let run = 1; run <= RUNS; run++) {
    const root = makeClass();
    const before = new Set(managedNamespaces());
    const c = await runClass(root);
    const v = verdicts(c.out, root);
    const left = leftovers(before, ownNamespaces(c.out, c.err));
    const floorMs = FLOOR ? await floor() : NaN;
    rm(root);
    const jobsLine = c.err.split('\n').find((l) => /--jobs \d+/.test(l)) ?? '';
    const row = {
      run,
      exit: c.code,
      wallS: c.ms / 1000,
      studentsPerMin: (CLASS.length / (c.ms / 60000)).toFixed(1),
      peakRssMiB: Math.round(c.rssMiB),
      graderCpuS: Math.round(c.cpuS * 10) / 10,
      verdicts: `${v.right}/${v.total}`,
      perStudentMedianS: v.perStudentMedianS,
      perStudentMaxS: v.perStudentMaxS,
      goodStudentStepsS: v.steps,
      execS: v.exec,
      leftovers: Object.values(left).reduce((n, l) => n + l.length, 0),
      floorS: floorMs / 1000,
      ratio: (c.ms / floorMs).toFixed(2),
      jobs: jobsLine.replace(/^kubegrade: /, ''),
      load: loadavg().map((x) => x.toFixed(1)).join(' '),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    for (const w of v.wrong) console.log(`  wrong: ${w}`);
    for (const [k, l] of Object.entries(left)) if (l.length) console.log(`  left over ${k}: ${l.join(', ')}`);
    if (c.code !== 0 && c.code !== 1) console.log(c.err.split('\n').slice(-10).join('\n'));
  }
  if (RUNS > 1) {
    const med = (k) => rows.map((r) => Number(r[k])).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
    console.log(`median of ${RUNS}: wall ${med('wallS')} s, ${med('studentsPerMin')} students/min, peak RSS ${med('peakRssMiB')} MiB, floor ${med('floorS')} s, ratio ${med('ratio')}`);
  }
}

function rm(d) {
  rmSync(d, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
