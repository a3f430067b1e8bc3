/**
 * `kubegrade batch ROOT --live --deploy --in-cluster`: the class graded by the
 * cluster itself, one Kubernetes Job per student, so that a course's
 * multi-node cluster spreads the work across its nodes.
 *
 * The CLI (the instructor's identity, `deploy/kubegrade-jobs-role.yaml` in the
 * grading namespace) reads each submission here — the same discover() as the
 * in-process mode — and hands what it read to the Job as a ConfigMap (bounded:
 * MAX_JOB_CONFIGMAP_BYTES). The Job runs kubegrade's own image
 * (scripts/build-kubegrade-image.sh) as the ServiceAccount the RBAC in deploy/
 * binds (kubegrade-serviceaccount.yaml, kubegrade-deploy-clusterrole.yaml),
 * with `kubegrade job-run`, which grades that one student exactly as the
 * in-process class does (liveClass with one row: same namespace, isolation,
 * map, retry of infrastructure failures) and prints the report as one line of
 * its log. A Job starts its namespace's deletion and ends without waiting for
 * it (the run waits for them all at its end, as the in-process class waits for
 * its background deletions). The CLI follows the Jobs by watch, --jobs at a
 * time, reads each report from the Job's pod log into the same gradebook, and
 * deletes the Job.
 *
 * What the cluster does wrong is not the student's: a Job pod that cannot start
 * (its image cannot be pulled, it cannot be scheduled within the probe pod's
 * limit), a Job past its activeDeadlineSeconds, a pod that ends without a
 * report — each is a row without a score (`error`), with the cluster's words.
 *
 * Everything a run makes carries app.kubernetes.io/managed-by=kubegrade and
 * kubegrade.dev/run-id=<run> (Jobs, their pods and ConfigMaps), and the
 * namespaces the Jobs make carry kubegrade.dev/class-run=<run>: the run removes
 * them all at its end (on SIGINT too: the Jobs are deleted, their pods clean
 * up their namespaces on SIGTERM), ttlSecondsAfterFinished and the
 * ConfigMaps' owner reference (the Job) are the backstop when the CLI itself
 * dies, and `kubegrade cleanup --deployed` sweeps the rest.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { discover, type Discovered } from '../discover/index.js';
import { gradeStatic, notGraded } from '../grade.js';
import type { Row } from '../batch/roster.js';
import type { Report } from '../types.js';
import { mapLimit } from '../util/concurrency.js';
import { UsageError } from '../util/errors.js';
import { forTerminalLine } from '../util/escape.js';
import { classLines, NO_CLASS_PROGRESS, type ClassProgress } from './progress.js';
import { kubegradeVersion } from '../util/version.js';
import { classRequests, endedBeforeTurn, jobsFrom, liveClass, rowLabel, studentLine, withStudent, type ClassOptions, type ClassResult } from './class.js';
import { timeoutsFrom } from './cli.js';
import { stepCeilingMs } from './pace.js';
import { connectKube } from './index.js';
import { INFRA_PREFIX } from './infra.js';
import { conditionOf, isKubeError, oneLine, R, type Json, type KubeApi } from './kube.js';
import { MANAGED_BY, PROBE_RESOURCES, RUN_ID } from './probe.js';
import { CLASS_RUN, deleteNamespace, labelValue, newRunId } from './runner.js';
import { fmtMs, Interrupted, StepTimeout, withTimeout, type Timeouts } from './steps.js';
import { waitUntil } from './watch.js';

export interface JobsOptions extends ClassOptions {
  /** kubegrade's image (default DEFAULT_IMAGE). */
  image?: string;
  /** Where the Jobs run (default `kubegrade`, as deploy/ has it). */
  gradingNamespace?: string;
}

export const DEFAULT_GRADING_NAMESPACE = 'kubegrade';
/** The ServiceAccount deploy/kubegrade-serviceaccount.yaml makes and deploy/kubegrade-deploy-clusterrole.yaml binds. */
export const JOB_SERVICE_ACCOUNT = 'kubegrade';
export const defaultImage = () => `kubegrade/kubegrade:${kubegradeVersion()}`;
/**
 * The most a student's ConfigMap may hold (its JSON, the files as read): the API server refuses a
 * ConfigMap over 1 MiB (etcd's request limit, with room for the object's own fields).
 */
export const MAX_JOB_CONFIGMAP_BYTES = 900 * 1024;
/** The report's line in a Job's log. */
export const REPORT_MARK = 'kubegrade-report ';
/** Finished Jobs the CLI did not delete (it died) go after this long. */
export const JOB_TTL_SECONDS = 600;
/** The Job pod's container, and where its ConfigMap is mounted. */
const CONTAINER = 'kubegrade';
/** A Job's container (also counted in each student's requests for the default --jobs). */
const JOB_RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } };
const JOB_DIR = '/kubegrade/job';

/** The options a Job's run takes from the command line: every one plain data, each with its meaning in the pod. */
const PASSED = ['env', 'rubric', 'set', 'probe', 'disrupt', 'isolate', 'mapStorageClass', 'mapImage', 'clusterMap', 'attempts'] as const;

/** job.json in a student's ConfigMap: what `kubegrade job-run` grades. */
export interface JobSpec {
  /** The folder as the CLI named it (the report's dir); nothing is read from it in the pod. */
  dir: string;
  username?: string;
  classRun: string;
  options: Partial<Pick<ClassOptions, (typeof PASSED)[number]>> & { [timeout: `timeout${string}`]: string | undefined };
}

/**
 * activeDeadlineSeconds of a student's Job: every limit of a live pass once per attempt (the
 * steps that run one after another), the namespace's deletion, and a minute for the pod to start.
 * Past it the cluster ends the Job and the row is `error`, never a score.
 */
export function jobDeadlineSeconds(t: Timeouts, attempts: number): number {
  const attempt = t.connect * 7 + t.ready + 30_000 + stepCeilingMs(t) * 6 + t.disrupt + t.startup + t.cleanup;
  return Math.ceil((attempts * attempt + t.namespace + 60_000) / 1000);
}

/** IfNotPresent for an image named by digest or by content (the build script's 16-hex tag); else Always (a tag that moves). */
export function pullPolicy(image: string): 'IfNotPresent' | 'Always' {
  return /@sha256:[0-9a-f]{64}$/.test(image) || /:[0-9a-f]{16}$/.test(image) ? 'IfNotPresent' : 'Always';
}

/** A student's ConfigMap data, or why it cannot carry the submission (naming its largest files). */
export function jobConfigMapData(spec: JobSpec, source: Discovered): { data: Record<string, string> } | { tooLarge: string } {
  const data = { 'job.json': JSON.stringify(spec), 'source.json': JSON.stringify(source) };
  const bytes = Buffer.byteLength(data['job.json']) + Buffer.byteLength(data['source.json']);
  if (bytes <= MAX_JOB_CONFIGMAP_BYTES) return { data };
  const largest = source.files
    .map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.text) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((f) => `${f.path} (${kib(f.bytes)})`);
  return { tooLarge: `too large for its Job: its files as read come to ${kib(bytes)}, and a Job's ConfigMap carries at most ${kib(MAX_JOB_CONFIGMAP_BYTES)}${largest.length ? ` (the largest: ${largest.join(', ')})` : ''}; grade it without --in-cluster` };
}

const kib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

/** The Job of one student (`index` in the class), running `kubegrade job-run` on its ConfigMap, plus the run's files at their own paths. */
export function jobObject(p: { name: string; classRun: string; username: string; image: string; deadlineSeconds: number; graceSeconds: number; files: { key: string; path: string }[]; filesConfigMap?: string }): Json {
  const labels = { [MANAGED_BY]: 'kubegrade', [RUN_ID]: p.classRun, 'app.kubernetes.io/name': 'kubegrade-job', 'kubegrade.dev/username': labelValue(p.username) };
  const mounts: Json[] = [
    { name: 'job', mountPath: JOB_DIR, readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  const volumes: Json[] = [
    { name: 'job', configMap: { name: p.name } },
    { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
  ];
  if (p.filesConfigMap && p.files.length) {
    volumes.push({ name: 'files', configMap: { name: p.filesConfigMap } });
    for (const f of p.files) mounts.push({ name: 'files', mountPath: f.path, subPath: f.key, readOnly: true });
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: p.name, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: p.deadlineSeconds,
      ttlSecondsAfterFinished: JOB_TTL_SECONDS,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: JOB_SERVICE_ACCOUNT,
          restartPolicy: 'Never',
          // On SIGTERM (the Job deleted, its deadline) the run cleans up the student's namespace first.
          terminationGracePeriodSeconds: p.graceSeconds,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: CONTAINER,
              image: p.image,
              imagePullPolicy: pullPolicy(p.image),
              args: ['job-run', `${JOB_DIR}/job.json`],
              env: [
                { name: 'HOME', value: '/tmp' },
                { name: 'NODE_NO_WARNINGS', value: '1' },
              ],
              resources: JOB_RESOURCES,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}

type Followed = { kind: 'done'; pod?: string } | { kind: 'failed'; why: string; pod?: string } | { kind: 'nostart'; why: string };

/** Waiting reasons after which a Job's pod will not start whatever the wait (the others are waited out to the start limit). */
const NEVER_STARTS = new Set(['InvalidImageName', 'CreateContainerConfigError', 'ErrImageNeverPull']);

/** What a pod that has not started is doing, in the cluster's words. */
export function podState(pod: Json | undefined): string {
  if (!pod) return 'no pod was made for it';
  const w = pod.status?.containerStatuses?.[0]?.state?.waiting;
  if (w?.reason) return `pod ${pod.metadata?.name}: ${w.reason}${w.message ? `: ${oneLine(w.message)}` : ''}`;
  const sched = conditionOf(pod, 'PodScheduled', 'False');
  if (sched) return `pod ${pod.metadata?.name} is Pending: ${sched.reason}${sched.message ? `: ${oneLine(sched.message)}` : ''}`;
  return `pod ${pod.metadata?.name} is ${pod.status?.phase ?? 'Pending'}`;
}

/** A Job's state from its object and its pods: finished, or a pod that will never start, or undefined (running). */
export function jobState(job: Json | undefined, pods: Json[]): Followed | 'started' | undefined {
  const pod = pods.find((p) => !p.metadata?.deletionTimestamp) ?? pods[0];
  if (!job) return { kind: 'failed', why: 'its Job was deleted before it finished' };
  const done = conditionOf(job, 'Complete', 'True');
  if (done) return { kind: 'done', pod: pod?.metadata?.name };
  const failed = conditionOf(job, 'Failed', 'True');
  if (failed) {
    const why = failed.reason === 'DeadlineExceeded' ? `its Job ran past its activeDeadlineSeconds (${job.spec?.activeDeadlineSeconds} s)` : `its Job failed: ${failed.reason ?? 'Failed'}${failed.message ? `: ${oneLine(failed.message)}` : ''}`;
    return { kind: 'failed', why, pod: pod?.metadata?.name };
  }
  const waiting = pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
  if (waiting && NEVER_STARTS.has(waiting)) return { kind: 'nostart', why: podState(pod) };
  if (pod && ['Running', 'Succeeded', 'Failed'].includes(pod.status?.phase)) return 'started';
  return undefined;
}

/** Follows a Job by watch until it ends; a pod that has not started within `startMs` is `nostart`. */
async function follow(kube: KubeApi, ns: string, name: string, startMs: number, signal: AbortSignal): Promise<Followed> {
  const sources = [
    { r: R.jobs, ns, sel: { fieldSelector: `metadata.name=${name}` } },
    { r: R.pods, ns, sel: { labelSelector: `batch.kubernetes.io/job-name=${name}` } },
  ];
  const state = ([jobs, pods]: Map<string, Json>[]) => jobState(jobs!.get(name), [...pods!.values()]);
  let last: Json[] = [];
  try {
    const first = await withTimeout('start the Job\'s pod', startMs, signal, (s) =>
      waitUntil(kube, sources, (snap) => {
        last = [...snap[1]!.values()];
        return state(snap);
      }, s),
    );
    if (first !== 'started') return first;
  } catch (e) {
    if (e instanceof StepTimeout && !signal.aborted) return { kind: 'nostart', why: `${podState(last[0])} after ${fmtMs(startMs)}` };
    throw e;
  }
  const end = await waitUntil(kube, sources, (snap) => {
    const s = state(snap);
    return s === 'started' ? undefined : s;
  }, signal);
  return end as Followed;
}

/** The report in a Job pod's log (the last REPORT_MARK line), or why there is none. */
export function reportFromLog(log: string, dir: string): { report: Report } | { why: string } {
  const lines = log.split('\n');
  const line = lines.findLast((l) => l.startsWith(REPORT_MARK));
  if (!line) {
    const tail = lines.filter(Boolean).slice(-5).join(' | ');
    return { why: `its pod ended without a report${tail ? `; its last lines: ${tail}` : ''}` };
  }
  try {
    const { report } = JSON.parse(line.slice(REPORT_MARK.length)) as { report: Report };
    if (report?.dir !== dir || !Array.isArray(report.checks)) return { why: `its pod's report is not this submission's (${forTerminalLine(String(report?.dir))})` };
    return { report };
  } catch (e) {
    return { why: `its pod's report cannot be read (${oneLine(e)})` };
  }
}

/** The files a run hands every Job at their own paths: the rubric file and the cluster map file. */
function runFiles(o: JobsOptions): { key: string; path: string; text: string }[] {
  const out: { key: string; path: string; text: string }[] = [];
  const add = (p: string | undefined) => {
    if (!p || !existsSync(p) || !statSync(p).isFile()) return; // a shipped rubric's name: the image has it
    const path = resolve(p);
    if (!isAbsolute(path) || !path.startsWith('/')) throw new UsageError(`--in-cluster: ${p} must be a POSIX path to be mounted into the Jobs`);
    out.push({ key: `f${out.length}`, path, text: readFileSync(path, 'utf8') });
  };
  add(o.rubric);
  add(o.clusterMap);
  return out;
}

/** The options of a student's Job, from the command line's. */
function passedOptions(o: JobsOptions, files: { path: string }[]): JobSpec['options'] {
  const out: Record<string, unknown> = {};
  for (const k of PASSED) if (o[k] !== undefined) out[k] = o[k];
  for (const [k, v] of Object.entries(o)) if (k.startsWith('timeout') && typeof v === 'string') out[k] = v;
  // Files as the Jobs see them: mounted at their absolute paths.
  for (const k of ['rubric', 'clusterMap'] as const) {
    const p = o[k];
    if (p && files.some((f) => f.path === resolve(p))) out[k] = resolve(p);
  }
  return out as JobSpec['options'];
}

export async function liveJobs(rows: readonly Row[], o: JobsOptions, io: { stderr: (s: string) => void; progress?: ClassProgress }, missing: (row: Row) => Report, inject: { kube?: KubeApi; exitAfterSignal?: boolean } = {}): Promise<ClassResult> {
  const shown = io.progress ?? (o.progress === false || o.quiet ? NO_CLASS_PROGRESS : classLines(rows.length, io.stderr));
  const say = (s: string) => shown.note(s);
  if (o.keep) throw new UsageError('--keep does not go with --in-cluster: each Job deletes the namespace it made');
  if (o.schema?.length) throw new UsageError('--schema does not go with --in-cluster yet: the Jobs read the schemas kubegrade ships');
  const kube = inject.kube ?? connectKube(o);
  const ns = o.gradingNamespace ?? DEFAULT_GRADING_NAMESPACE;
  const image = o.image ?? defaultImage();
  const timeouts = timeoutsFrom(o, undefined);
  const attempts = Math.max(1, o.attempts ?? 2);
  const files = runFiles(o);
  const sa = await kube.get(R.serviceaccounts, ns, JOB_SERVICE_ACCOUNT).catch((e) => (isKubeError(e, 'forbidden') ? true : Promise.reject(e)));
  if (sa === undefined) {
    throw new UsageError(`--in-cluster: no ServiceAccount ${JOB_SERVICE_ACCOUNT} in namespace ${ns}, the identity the Jobs run as: kubectl apply -f deploy/kubegrade-serviceaccount.yaml -f deploy/kubegrade-deploy-clusterrole.yaml (and give yourself deploy/kubegrade-jobs-role.yaml)`);
  }
  const classRun = newRunId();
  const statics = { env: o.env, rubric: o.rubric, set: o.set, schemaDirs: o.schema };
  // A student's Job pod runs beside their namespace's pods: counted with them.
  const students = o.jobs === undefined ? classRequests(rows, (row) => gradeStatic(row.dir!, { ...statics, username: row.username }), [JOB_RESOURCES, PROBE_RESOURCES]) : undefined;
  const jobs = await jobsFrom(kube, o.jobs, say, students);
  say(`--in-cluster: run ${classRun}, a Job per student in namespace ${ns}, image ${image}, ${jobs} at once`);
  shown.lanes(jobs);
  const ac = new AbortController();
  let signals = 0;
  let signalAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) {
      io.stderr(`kubegrade: ${sig} again: exiting without cleanup (kubegrade cleanup --deployed removes what is left)\n`);
      process.exit(130);
    }
    signalAt = Date.now();
    io.stderr(`kubegrade: ${sig}: deleting the Jobs and cleaning up (again to quit at once)\n`);
    ac.abort(new Interrupted(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  /** Aborted when the run fails as a whole (its connection): the lanes stop following, as on a signal. */
  const stop = new AbortController();
  const following = AbortSignal.any([ac.signal, stop.signal]);
  const labels = { [MANAGED_BY]: 'kubegrade', [RUN_ID]: classRun };
  const deadlineSeconds = jobDeadlineSeconds(timeouts, attempts);
  const graceSeconds = Math.ceil((timeouts.cleanup + timeouts.namespace) / 1000) + 15;
  const filesConfigMap = files.length ? `kubegrade-${classRun}-files` : undefined;
  const options = passedOptions(o, files);
  let reports: Report[] = [];
  try {
    if (filesConfigMap) await kube.create(R.configmaps, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: filesConfigMap, labels }, data: Object.fromEntries(files.map((f) => [f.key, f.text])) });
    const index = new Map(rows.map((r, i) => [r, i]));
    reports = await mapLimit(rows, jobs, async (row): Promise<Report> => {
      const label = rowLabel(row);
      const before = endedBeforeTurn(row, shown, following.aborted, missing, { ...statics, username: row.username });
      if (before || !row.dir) return before!;
      shown.start(label);
      const t0 = Date.now();
      const r = await gradeInJob({ ...row, dir: row.dir }, index.get(row)!);
      withStudent(r, row);
      shown.end(label, studentLine(row.dir, r, Date.now() - t0));
      return r;
    });
  } catch (e) {
    stop.abort(e); // the other lanes stop following their Jobs; the sweep below deletes them
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const interrupted = ac.signal.aborted;
    const limit = interrupted ? Math.max(1000, signalAt + timeouts.cleanup - Date.now()) : timeouts.namespace;
    // Namespaces a Job left are looked for with a ClusterRole the Job runner's Role does not hold: without it, said
    // only when a Job may have left one (interrupted, or a Job that ended without its report).
    const mayHaveLeft = interrupted || reports.length < rows.length || reports.some((r) => r.error?.startsWith(INFRA_PREFIX));
    const left = await sweepRun(kube, ns, classRun, limit, mayHaveLeft).catch((e) => [(e as Error).message]);
    if (left.length) say(`${left.join('; ')}: kubegrade cleanup --deployed removes what is left`);
    if (interrupted && inject.exitAfterSignal !== false) setTimeout(() => process.exit(130), 5000).unref();
  }
  return { reports, interrupted: ac.signal.aborted, jobs };

  async function gradeInJob(row: Row & { dir: string }, i: number): Promise<Report> {
    let source: Discovered;
    try {
      source = discover(row.dir);
    } catch (e) {
      return notGraded(row.dir, (e as Error).message, { ...statics, username: row.username });
    }
    // A row the Job could not grade still names the student as the files do (as the in-process class's rows do).
    const opts = { ...statics, username: row.username || gradeStatic(row.dir, { ...statics, source }).params.username };
    const infra = (why: string) => notGraded(row.dir, `${INFRA_PREFIX}${why}`, opts);
    const spec: JobSpec = { dir: row.dir, ...(row.username ? { username: row.username } : {}), classRun, options };
    const cm = jobConfigMapData(spec, source);
    if ('tooLarge' in cm) return notGraded(row.dir, cm.tooLarge, opts);
    const name = `kubegrade-${classRun}-${String(i + 1).padStart(4, '0')}`;
    const username = opts.username ?? '';
    let created: Json;
    try {
      created = await kube.create(R.jobs, ns, jobObject({ name, classRun, username, image, deadlineSeconds, graceSeconds, files, filesConfigMap }));
      // Owned by its Job: the Job's TTL (or its deletion) takes the ConfigMap with it.
      await kube.create(R.configmaps, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: created.metadata.uid }] }, data: cm.data });
    } catch (e) {
      if (connectionTrouble(e)) throw e;
      return infra(`its Job could not be made: ${(e as Error).message}`);
    }
    try {
      const end = await follow(kube, ns, name, timeouts.probePod, following);
      if (end.kind === 'nostart') return infra(`kubegrade's Job pod could not start: ${end.why}`);
      const log = end.pod ? await kube.logs(ns, end.pod, CONTAINER, { tailLines: 20 }).catch((e) => `(its log could not be read: ${oneLine(e)})`) : '';
      const got = reportFromLog(log, row.dir);
      if ('report' in got) return got.report;
      return infra(end.kind === 'failed' ? `${end.why}; ${got.why}` : got.why);
    } catch (e) {
      if (following.aborted) return notGraded(row.dir, `the live pass was ${ac.signal.aborted ? (ac.signal.reason as Error).message : 'stopped'} before it finished (its Job deleted)`, opts);
      if (connectionTrouble(e)) throw e; // the run's connection, not this student: exit 2, as in-process
      return infra(`following its Job failed: ${(e as Error).message}`);
    } finally {
      // Its pod first, gracefully: interrupted, it deletes the student's namespace on SIGTERM.
      await kube.delete(R.jobs, ns, name, { propagationPolicy: following.aborted ? 'Foreground' : 'Background' }).catch(() => false);
    }
  }
}

/** A refusal or an API server out of reach: the whole run's trouble (exit 2 with its one line), not a student's row. */
const connectionTrouble = (e: unknown) => isKubeError(e, 'forbidden') || isKubeError(e, 'unreachable') || isKubeError(e, 'unauthorized');

/**
 * Deletes what the run made and waits until it is gone, under `limit`: its Jobs (their pods first,
 * each given its grace period to delete its student's namespace), ConfigMaps, and any namespace a
 * Job made that is still there. Returns what is left, if anything.
 */
export async function sweepRun(kube: KubeApi, ns: string, classRun: string, limit: number, sayForbidden = true): Promise<string[]> {
  const sel = { labelSelector: `${MANAGED_BY}=kubegrade,${RUN_ID}=${classRun}` };
  const never = new AbortController().signal;
  const left: string[] = [];
  try {
    await withTimeout(`delete run ${classRun}'s Jobs`, limit, never, async (s) => {
      const jobs = await kube.list(R.jobs, ns, sel);
      await Promise.all(jobs.items.map((j) => kube.delete(R.jobs, ns, j.metadata.name, { propagationPolicy: 'Foreground' }).catch(() => false)));
      const cms = await kube.list(R.configmaps, ns, sel);
      await Promise.all(cms.items.map((c) => kube.delete(R.configmaps, ns, c.metadata.name).catch(() => false)));
      await waitUntil(kube, [{ r: R.jobs, ns, sel }, { r: R.pods, ns, sel }], ([j, p]) => (j!.size === 0 && p!.size === 0 ? true : undefined), s);
    });
  } catch (e) {
    left.push((e as Error).message);
  }
  try {
    const made = await kube.list(R.namespaces, undefined, { labelSelector: `${CLASS_RUN}=${classRun}` });
    await Promise.all(made.items.map((n) => deleteNamespace(kube, n.metadata.name, never, limit).catch((e) => left.push((e as Error).message))));
  } catch (e) {
    if (sayForbidden || !isKubeError(e, 'forbidden')) left.push(`the namespaces of run ${classRun}: ${(e as Error).message}`);
  }
  return left;
}

/**
 * `kubegrade job-run JOB.json` — inside a student's Job: grades the one submission as the
 * in-process class does (liveClass with one row) from the files the CLI read (source.json beside
 * it), and prints the report as one line (REPORT_MARK + JSON) on stdout; its own lines go into
 * that JSON, not to stderr, so that nothing else is interleaved with the report in the pod's log.
 */
export async function jobRun(specFile: string, io: { stdout: (s: string) => void }): Promise<number> {
  let spec: JobSpec;
  let source: Discovered;
  try {
    spec = JSON.parse(readFileSync(specFile, 'utf8')) as JobSpec;
    source = JSON.parse(readFileSync(join(dirname(specFile), 'source.json'), 'utf8')) as Discovered;
  } catch (e) {
    throw new UsageError(`${specFile}: not a Job's spec (${oneLine(e)})`);
  }
  const log: string[] = [];
  const row: Row = { dir: spec.dir, ...(spec.username ? { username: spec.username } : {}) };
  const { reports, interrupted } = await liveClass(
    [row],
    { ...spec.options, set: spec.options.set ?? [], schema: [], deploy: true, jobs: 1, classRun: spec.classRun, sourceOf: () => source, leaveDeletions: true },
    { stderr: (s) => log.push(s.replace(/\n$/, '')) },
    () => {
      throw new Error('a Job has its submission');
    },
  );
  io.stdout(`\n${REPORT_MARK}${JSON.stringify({ report: reports[0], log })}\n`);
  return interrupted ? 130 : 0;
}
