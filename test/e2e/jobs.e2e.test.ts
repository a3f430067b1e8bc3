/**
 * `kubegrade batch ROOT --live --deploy --in-cluster` on the real local
 * cluster (test/cluster/): no fakes. Runs only with KUBEGRADE_E2E=1.
 *
 * kubegrade's own image is the one scripts/build-kubegrade-image.sh builds and
 * pushes into the cluster's registry ($KUBEGRADE_IMAGE when .ci/run built it
 * already; else this file runs the script, which is cached). The Jobs run as
 * the ServiceAccount of deploy/kubegrade-serviceaccount.yaml, bound to
 * deploy/kubegrade-deploy-clusterrole.yaml and nothing else, in a grading
 * namespace of this file's own (--grading-namespace; the deploy/ files applied
 * with that namespace), so that live.e2e's cleanup of namespace kubegrade
 * never meets it.
 *
 * - a class (the fixtures' good submission and a known-faulty one) gets the
 *   same verdicts in a Job per student as in-process, and nothing of either
 *   run is left (Jobs, their pods and ConfigMaps, the students' namespaces);
 * - an image the cluster cannot pull is the row's `error`, not a lost point;
 * - SIGINT while the Jobs run: exit 130, no score for a student not graded to
 *   the end, nothing left.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD, materialize } from '../helpers/fixtures.js';

import { E2E, KUBECONFIG, kubectl, kubegrade, ROOT } from '../helpers/cluster.js';
const NS = 'kubegrade-jobs-e2e';

if (!E2E) console.warn('test/e2e/jobs.e2e.test.ts: skipped — set KUBEGRADE_E2E=1 with the local cluster up (npm run cluster:up)');

interface Check {
  id: string;
  status: string;
  message: string;
}
interface Report {
  dir: string;
  score: number;
  maxScore: number;
  error?: string;
  checks: Check[];
  live?: { namespace: string };
}
/** What a run of class `runId` left: its Jobs, their pods and ConfigMaps, and the namespaces its Jobs made. */
function leftovers(runId: string): string[] {
  const inNs = kubectl(['get', 'jobs,pods,configmaps', '-n', NS, '-l', `kubegrade.dev/run-id=${runId}`, '-o', 'name']).out;
  const namespaces = kubectl(['get', 'namespaces', '-l', `kubegrade.dev/class-run=${runId}`, '-o', 'name']).out;
  return `${inNs}\n${namespaces}`.split('\n').filter(Boolean);
}

const runIdOf = (stderr: string) => /--in-cluster: run ([0-9a-f]+),/.exec(stderr)?.[1] ?? '';
const verdicts = (reports: Report[]) => reports.map((r) => ({ dir: r.dir, score: r.score, error: r.error, checks: r.checks.map((c) => `${c.id}: ${c.status}`) }));

describe.skipIf(!E2E)('batch --in-cluster: a Job per student on the local cluster', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kg-jobs-e2e-'));
  let image = '';

  beforeAll(() => {
    const v = kubectl(['version', '-o', 'json']);
    if (v.code !== 0) throw new Error(`the cluster does not answer (KUBECONFIG=${KUBECONFIG}): ${v.err.trim()} — npm run cluster:up`);
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed: ${b.stdout}${b.stderr}`);
    image = process.env.KUBEGRADE_IMAGE ?? '';
    if (!image) {
      const s = spawnSync('bash', [join(ROOT, 'scripts/build-kubegrade-image.sh')], { encoding: 'utf8' });
      if (s.status !== 0) throw new Error(`scripts/build-kubegrade-image.sh failed: ${s.stderr}`);
      image = s.stdout.trim().split('\n').pop()!;
    }
    // The RBAC of deploy/, in this file's grading namespace: the ServiceAccount, and the deploy ClusterRole bound to it.
    const inNs = (file: string) => readFileSync(join(ROOT, 'deploy', file), 'utf8').replace(/namespace: kubegrade$/gm, `namespace: ${NS}`);
    const sa = inNs('kubegrade-serviceaccount.yaml').replace(/^  name: kubegrade$/m, `  name: ${NS}`);
    const role = inNs('kubegrade-deploy-clusterrole.yaml').replace(/kind: ClusterRoleBinding\nmetadata:\n  name: kubegrade-deploy/, `kind: ClusterRoleBinding\nmetadata:\n  name: ${NS}`);
    for (const y of [sa, role]) {
      const r = kubectl(['apply', '-f', '-'], y);
      if (r.code !== 0) throw new Error(`kubectl apply: ${r.err}`);
    }
  });

  afterAll(() => {
    kubectl(['delete', 'clusterrolebinding', NS, '--ignore-not-found']);
    kubectl(['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']);
    rmSync(tmp, { recursive: true, force: true });
  });

  function aClass(name: string, students: Record<string, string | undefined>): string {
    const root = mkdtempSync(join(tmp, `${name}-`));
    for (const [who, variant] of Object.entries(students)) {
      if (variant) materialize(variant, join(root, who));
      else cpSync(GOOD, join(root, who), { recursive: true });
    }
    return root;
  }

  it('the same verdicts as in-process, from kubegrade\'s image in a Job per student; nothing of either run is left', async () => {
    const root = aClass('same', { alice: undefined, bob: 'live-redis-emptydir' });
    const [here, jobs] = [
      await kubegrade(['batch', root, '--live', '--deploy', '--jobs', '2', '--format', 'json']),
      await kubegrade(['batch', root, '--live', '--deploy', '--in-cluster', '--image', image, '--grading-namespace', NS, '--jobs', '2', '--format', 'json']),
    ];
    expect(here.code, here.stderr).toBe(0);
    expect(jobs.code, jobs.stderr).toBe(0);
    const a = (JSON.parse(here.stdout) as { reports: Report[] }).reports;
    const b = (JSON.parse(jobs.stdout) as { reports: Report[] }).reports;
    expect(verdicts(b)).toEqual(verdicts(a));
    const [alice, bob] = b as [Report, Report];
    expect(alice.checks.filter((c) => c.id.startsWith('live.') && c.status !== 'pass')).toEqual([]);
    expect(bob.checks.filter((c) => c.id.startsWith('live.') && c.status !== 'pass').map((c) => c.id)).toEqual(['live.redis-persistence']);
    expect(bob.checks.find((c) => c.id === 'live.redis-persistence')!.message).toMatch(/^kubegrade:[0-9a-f]+ is gone after pod jdoe-test-redis-deployment-\S+ was replaced by/);
    // the same lines per student as in-process
    expect(jobs.stderr).toMatch(/^kubegrade: .*\/alice: jdoe (\d+)\/\1 \([\d.]+ s\) · [12]\/2 done · [01] running · 0 waiting · ETA (\d+ s|\?)$/m);
    const runId = runIdOf(jobs.stderr);
    expect(runId, jobs.stderr).not.toBe('');
    expect(leftovers(runId)).toEqual([]);
    for (const r of [...a, ...b]) expect(kubectl(['get', 'namespace', r.live!.namespace]).code, `namespace ${r.live!.namespace} is gone`).not.toBe(0);
  });

  it('an image the cluster cannot pull: the row is not graded (error, the cluster\'s words), not a lost point', async () => {
    const root = aClass('nopull', { carol: undefined });
    const run = await kubegrade(['batch', root, '--live', '--deploy', '--in-cluster', '--image', 'kubegrade/kubegrade:0000000000000000', '--grading-namespace', NS, '--jobs', '1', '--timeout-probe-pod', '20', '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const [carol] = (JSON.parse(run.stdout) as { reports: Report[] }).reports as [Report];
    expect(carol.error).toMatch(/^the cluster, not the submission: kubegrade's Job pod could not start: pod kubegrade-[0-9a-f]+-0001-\w+: (ErrImagePull|ImagePullBackOff)/);
    expect(carol.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(leftovers(runIdOf(run.stderr))).toEqual([]);
  });

  it('SIGINT while the Jobs run: exit 130, no score for a student not graded to the end, nothing left', async () => {
    const root = aClass('sigint', { a: undefined, b: undefined, c: undefined });
    let signalAt = 0;
    const run = await kubegrade(['batch', root, '--live', '--deploy', '--in-cluster', '--image', image, '--grading-namespace', NS, '--jobs', '2', '--format', 'csv', '--timeout-cleanup', '60'], {
      onLine: (line, kill) => {
        if (!signalAt && /--in-cluster: run /.test(line)) {
          signalAt = Date.now() + 12_000;
          setTimeout(() => kill('SIGINT'), 12_000);
        }
      },
    });
    expect(signalAt, run.stderr).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(130);
    expect(Date.now() - signalAt).toBeLessThan(60_000 + 20_000);
    const rows = run.stdout.trim().split('\n').filter((l) => !/^(submission|max),/.test(l));
    expect(rows).toHaveLength(3);
    for (const r of rows.filter((r) => /not graded/.test(r))) expect(r).toMatch(/interrupted/);
    expect(rows.filter((r) => !/not graded/.test(r)).length).toBeLessThan(3);
    expect(leftovers(runIdOf(run.stderr))).toEqual([]);
  });
});
