/**
 * `batch --live --deploy --in-cluster` on a fake cluster that plays the Job
 * controller and the kubelet: the Job and ConfigMap a student gets, the report
 * read back from the pod's log into the class, infrastructure failures of the
 * Job itself (a pod that cannot start, a deadline) as rows without a score,
 * and nothing of the run left. The real-cluster proof (kubegrade's image, the
 * RBAC of deploy/, the same verdicts as in-process) is test/e2e/jobs.e2e.test.ts.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../src/index.js';
import { KubeError, R, type Json } from '../src/live/kube.js';
import { jobConfigMapData, jobDeadlineSeconds, jobObject, liveJobs, MAX_JOB_CONFIGMAP_BYTES, pullPolicy, REPORT_MARK, reportFromLog, type JobSpec } from '../src/live/jobs.js';
import { discover } from '../src/discover/index.js';
import { cleanupLeftovers } from '../src/live/cleanup.js';
import { DEFAULT_TIMEOUTS } from '../src/live/steps.js';
import type { Report } from '../src/types.js';
import { FakeKube } from './live-fake.js';
import { GOOD, materialize } from './helpers/fixtures.js';

type PodPlay = 'report' | 'pull-backoff' | 'invalid-image' | 'deadline' | 'no-report';

/** The fake cluster, with a Job controller and a kubelet: each Job's pod does what `play` says for its student. */
class JobsKube extends FakeKube {
  readonly logsOf = new Map<string, string>();
  constructor(private readonly play: (dir: string) => PodPlay) {
    super();
    this.put(R.serviceaccounts, 'kubegrade', { metadata: { name: 'kubegrade' } });
  }
  override async create(r: Parameters<FakeKube['create']>[0], ns: string | undefined, body: Json): Promise<Json> {
    const made = await super.create(r, ns, body);
    // The kubelet starts the pod once its ConfigMap is there (the Job is made first, then its ConfigMap).
    if (r === R.configmaps && body.data?.['job.json']) setTimeout(() => void this.runPod(ns!, body), 5);
    return made;
  }
  override async delete(r: Parameters<FakeKube['delete']>[0], ns: string | undefined, name: string, opts: { uid?: string; propagationPolicy?: string } = {}): Promise<boolean> {
    const had = await super.delete(r, ns, name, opts);
    if (had && r === R.jobs) {
      // the garbage collector: the Job's pods and ConfigMap go with it
      for (const p of (await this.list(R.pods, ns, { labelSelector: `batch.kubernetes.io/job-name=${name}` })).items) this.remove(R.pods, ns, p.metadata.name);
      this.remove(R.configmaps, ns, name);
    }
    return had;
  }
  override async logs(_ns: string, pod: string): Promise<string> {
    return this.logsOf.get(pod) ?? '';
  }
  private async runPod(ns: string, cm: Json) {
    const name = cm.metadata.name as string;
    const spec = JSON.parse(cm.data['job.json']) as JobSpec;
    const job = await this.get(R.jobs, ns, name);
    if (!job) return; // the Job was deleted (a signal, the sweep) before its pod started: no pod, as on a cluster
    const pod = `${name}-x1`;
    const labels = { ...job.spec.template.metadata.labels, 'batch.kubernetes.io/job-name': name };
    const play = this.play(spec.dir);
    const setPod = (status: Json) => this.put(R.pods, ns, { metadata: { name: pod, labels }, status });
    const setJob = (cond: Json) => this.put(R.jobs, ns, { ...job, status: { conditions: [{ status: 'True', ...cond }] } });
    if (play === 'pull-backoff' || play === 'invalid-image') {
      const reason = play === 'pull-backoff' ? 'ImagePullBackOff' : 'InvalidImageName';
      setPod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason, message: `Back-off pulling image "${job.spec.template.spec.containers[0].image}"` } } }] });
      return;
    }
    setPod({ phase: 'Running' });
    await new Promise((r) => setTimeout(r, 5));
    if (play === 'deadline') {
      setJob({ type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
      return;
    }
    if (play === 'no-report') {
      this.logsOf.set(pod, 'node: cannot open /opt/kubegrade/bin/kubegrade.js\n');
      setPod({ phase: 'Failed' });
      setJob({ type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
      return;
    }
    // What job-run prints: the report of the files the ConfigMap carries (static here: the fake runs no live pass).
    const report = await grade(spec.dir, { source: JSON.parse(cm.data['source.json']), username: spec.username });
    this.logsOf.set(pod, `some line\n${REPORT_MARK}${JSON.stringify({ report, log: [] })}\n`);
    setPod({ phase: 'Succeeded' });
    setJob({ type: 'Complete' });
  }
  leftovers(): string[] {
    return ['jobs', 'configmaps', 'pods'].flatMap((k) => this.deletedOrLeft(k));
  }
  private deletedOrLeft(kind: string): string[] {
    const r = kind === 'jobs' ? R.jobs : kind === 'configmaps' ? R.configmaps : R.pods;
    const b = (this as unknown as { store: Map<string, Map<string, Json>> }).store;
    return [...(b.get(`${r.group}/${r.plural}/kubegrade`)?.keys() ?? [])].map((n) => `${kind}/${n}`);
  }
}

function classOf(names: Record<string, string | undefined>): { root: string; rows: { dir: string }[] } {
  const root = mkdtempSync(join(tmpdir(), 'kg-jobs-'));
  const rows = Object.entries(names).map(([n, variant]) => {
    const dir = join(root, n);
    if (variant) materialize(variant, dir);
    else cpSync(GOOD, dir, { recursive: true });
    return { dir };
  });
  return { root, rows };
}

const quiet = { stderr: () => undefined };
const base = { set: [], schema: [], deploy: true, jobs: 2, progress: false, timeoutProbePod: '0.3' } as const;

describe('batch --in-cluster: a Job per student', () => {
  it('a Job with a deadline, a TTL, the ServiceAccount of deploy/, no privileges, and the submission as its ConfigMap', () => {
    const job = jobObject({ name: 'kubegrade-abcd-0001', classRun: 'abcd', username: 'jdoe', image: 'kubegrade/kubegrade:0123456789abcdef', deadlineSeconds: 900, graceSeconds: 60, files: [{ key: 'f0', path: '/home/i/rubric.yml' }], filesConfigMap: 'kubegrade-abcd-files' });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 600 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'kubegrade', restartPolicy: 'Never', terminationGracePeriodSeconds: 60, securityContext: { runAsNonRoot: true } });
    expect(pod.containers[0]).toMatchObject({ image: 'kubegrade/kubegrade:0123456789abcdef', imagePullPolicy: 'IfNotPresent', args: ['job-run', '/kubegrade/job/job.json'], securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'files', mountPath: '/home/i/rubric.yml', subPath: 'f0', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'job', configMap: { name: 'kubegrade-abcd-0001' } });
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'kubegrade', 'kubegrade.dev/run-id': 'abcd' });
    expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
    expect(pullPolicy('kubegrade/kubegrade:0.1.0')).toBe('Always');
    // the deadline covers two attempts of every step, one after another
    expect(jobDeadlineSeconds(DEFAULT_TIMEOUTS, 2) * 1000).toBeGreaterThan(2 * (DEFAULT_TIMEOUTS.ready + DEFAULT_TIMEOUTS.disrupt + DEFAULT_TIMEOUTS.cleanup) + DEFAULT_TIMEOUTS.namespace);
  });

  it('a submission too large for a ConfigMap is refused, naming its largest file and the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-jobs-big-'));
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(join(dir, 'big.yml'), `# ${'x'.repeat(250 * 1024)}\n`);
    const source = discover(dir);
    source.files.push({ path: 'huge.yml', text: 'y'.repeat(MAX_JOB_CONFIGMAP_BYTES) });
    const r = jobConfigMapData({ dir, classRun: 'r', options: {} }, source);
    expect('tooLarge' in r && r.tooLarge).toMatch(/^too large for its Job: its files as read come to 1\.\d MiB, and a Job's ConfigMap carries at most 900 KiB \(the largest: huge\.yml \(900 KiB\), big\.yml \(251 KiB\), /);
    expect('data' in jobConfigMapData({ dir, classRun: 'r', options: {} }, discover(GOOD))).toBe(true);
  });

  it('each report comes back from its Job pod\'s log into the class, as graded from the files; then the Jobs and ConfigMaps are gone', async () => {
    const { rows } = classOf({ alice: undefined, bob: 'pvc-storage-class-rbd', carol: undefined });
    const kube = new JobsKube(() => 'report');
    const { reports, interrupted } = await liveJobs(rows, { ...base }, quiet, () => {
      throw new Error('no row is missing');
    }, { kube });
    expect(interrupted).toBe(false);
    expect(reports.map((r) => r.dir)).toEqual(rows.map((r) => r.dir));
    for (const [i, r] of reports.entries()) {
      const here = await grade(rows[i]!.dir);
      expect(r.checks.map((c) => [c.id, c.status])).toEqual(here.checks.map((c) => [c.id, c.status]));
      expect(r.score).toBe(here.score);
    }
    expect(reports[1]!.score).toBeLessThan(reports[0]!.score);
    expect(kube.leftovers()).toEqual([]);
    expect(kube.calls.filter((c) => c.startsWith('create jobs'))).toHaveLength(3);
  });

  it('the cluster\'s failures of the Job are rows without a score, in its words: a pod that cannot start, a deadline, a pod without a report', async () => {
    const { rows } = classOf({ a: undefined, b: undefined, c: undefined, d: undefined, e: undefined });
    const play: PodPlay[] = ['pull-backoff', 'invalid-image', 'deadline', 'no-report', 'report'];
    const kube = new JobsKube((dir) => play[rows.findIndex((r) => r.dir === dir)]!);
    const { reports } = await liveJobs(rows, { ...base, jobs: 5, image: 'kubegrade/kubegrade:nope' }, quiet, () => {
      throw new Error('no row is missing');
    }, { kube });
    const errors = reports.map((r) => r.error);
    expect(errors[0]).toMatch(/^the cluster, not the submission: kubegrade's Job pod could not start: pod kubegrade-\w+-0001-x1: ImagePullBackOff: Back-off pulling image "kubegrade\/kubegrade:nope" after 0\.3 s$/);
    expect(errors[1]).toMatch(/^the cluster, not the submission: kubegrade's Job pod could not start: pod kubegrade-\w+-0002-x1: InvalidImageName/);
    expect(errors[2]).toMatch(/^the cluster, not the submission: its Job ran past its activeDeadlineSeconds \(\d+ s\); its pod ended without a report$/);
    expect(errors[3]).toMatch(/^the cluster, not the submission: its Job failed: BackoffLimitExceeded: .*; its pod ended without a report; its last lines: node: cannot open/);
    expect(errors[4]).toBeUndefined();
    // not graded: no check is a lost point, each says why
    for (const r of reports.slice(0, 4)) expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(kube.leftovers()).toEqual([]);
  });

  it('a report line that is not this submission\'s, or not JSON, is not taken', () => {
    const r = { dir: '/x/alice', checks: [] } as unknown as Report;
    expect(reportFromLog(`${REPORT_MARK}${JSON.stringify({ report: r })}`, '/x/alice')).toEqual({ report: r });
    expect(reportFromLog(`${REPORT_MARK}${JSON.stringify({ report: r })}`, '/x/bob')).toEqual({ why: "its pod's report is not this submission's (/x/alice)" });
    expect(reportFromLog(`${REPORT_MARK}{"rep`, '/x/alice')).toMatchObject({ why: expect.stringMatching(/^its pod's report cannot be read/) });
  });

  it('without the Jobs\' ServiceAccount in the grading namespace: a usage error saying what to apply', async () => {
    const kube = new FakeKube();
    await expect(liveJobs([], { ...base }, quiet, () => ({}) as Report, { kube })).rejects.toThrow(/^--in-cluster: no ServiceAccount kubegrade in namespace kubegrade, the identity the Jobs run as: kubectl apply -f deploy\/kubegrade-serviceaccount\.yaml -f deploy\/kubegrade-deploy-clusterrole\.yaml/);
  });

  it('cleanup --deployed sweeps the Jobs and ConfigMaps a killed run left in the grading namespace; without the Role to list them it says nothing of them', async () => {
    const kube = new FakeKube();
    const labels = { 'app.kubernetes.io/managed-by': 'kubegrade', 'kubegrade.dev/run-id': 'r1' };
    kube.put(R.jobs, 'kubegrade', { metadata: { name: 'kubegrade-r1-0001', labels } });
    kube.put(R.configmaps, 'kubegrade', { metadata: { name: 'kubegrade-r1-0001', labels } });
    kube.put(R.configmaps, 'kubegrade', { metadata: { name: 'someone-elses' } });
    const signal = new AbortController().signal;
    const r = await cleanupLeftovers(kube, { deployed: true, timeoutMs: 1000, signal });
    expect(r.removed.sort()).toEqual(['configmap kubegrade/kubegrade-r1-0001 (run r1)', 'job kubegrade/kubegrade-r1-0001 (run r1)']);
    expect(r.failed).toEqual([]);
    expect(kube.deleted.sort()).toEqual(['configmaps/kubegrade-r1-0001', 'jobs/kubegrade-r1-0001']);
    const denied = new FakeKube();
    denied.forbid.add('list jobs').add('list configmaps');
    expect(await cleanupLeftovers(denied, { deployed: true, timeoutMs: 1000, signal })).toEqual({ removed: [], failed: [] });
  });

  it('an API server that goes away while the Jobs run is the run\'s connection problem (exit 2), not a row per student', async () => {
    const { rows } = classOf({ a: undefined, b: undefined, c: undefined });
    const kube = new JobsKube(() => 'pull-backoff');
    const list = kube.list.bind(kube);
    kube.list = async (r, ns, sel) => {
      if (r === R.pods) throw new KubeError('unreachable', 'cannot reach the API server at https://fake:6443: ECONNREFUSED');
      return list(r, ns, sel);
    };
    await expect(liveJobs(rows, { ...base, jobs: 2 }, quiet, () => ({}) as Report, { kube })).rejects.toThrow(/^cannot reach the API server at https:\/\/fake:6443: ECONNREFUSED$/);
    // the third student was never started
    expect(kube.calls.filter((c) => c.startsWith('create jobs'))).toHaveLength(2);
  });
});
