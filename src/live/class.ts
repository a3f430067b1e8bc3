/**
 * `kubegrade batch ROOT --live --deploy`: a class on one cluster, in one
 * process (one connection, one SIGINT handler).
 *
 * - **As many at once as the cluster can take**: `--jobs`, else the nodes'
 *   allocatable CPU and memory divided by one student's quota
 *   (isolation.ts jobsFor); 4 when kubegrade may not list nodes.
 * - **Namespace deletion off the critical path**: each student's namespace is
 *   deleted in the background (its pods first, without a grace period: the
 *   grading is over, and the course's Flask pods ignore SIGTERM, so a
 *   graceful deletion waits out 30 s); the class waits for them all before
 *   it ends, and a deletion that failed is listed in that student's
 *   live.cleanup.
 * - **Infrastructure failures are not the student's**: a student whose live
 *   pass failed on the cluster's side (infra.ts) is graded once more; if it
 *   fails again, the row is not graded (no score), with the cluster's reason.
 * - **SIGINT**: no student starts after it; the running ones stop and clean
 *   up; every student not graded to the end gets a row without a score
 *   ("not graded: interrupted"), never a score as if graded.
 */
import { grade, gradeStatic, notGraded, type StaticResult } from '../grade.js';
import type { Row } from '../batch/roster.js';
import type { Report } from '../types.js';
import type { Discovered } from '../discover/index.js';
import { forTerminalLine } from '../util/escape.js';
import { mapLimit } from '../util/concurrency.js';
import { liveSession, timeoutsFrom } from './cli.js';
import { isKubeError, R, type KubeApi } from './kube.js';
import { jobsFor, placedRequests, podRequests, studentRequests, type Requests } from './isolation.js';
import type { Json } from './errors.js';
import { PROBE_RESOURCES } from './probe.js';
import { deleteNamespace, deployNamespace, newRunId, prepareNamespace, startNamespaceDeletion } from './runner.js';
import type { LiveCliOptions } from './options.js';
import { fmtMs, withTimeout } from './steps.js';
import { classLines, NO_CLASS_PROGRESS, type ClassProgress } from './progress.js';

export interface ClassOptions extends LiveCliOptions {
  env?: string;
  rubric?: string;
  set: string[];
  schema: string[];
  /** --jobs as given (undefined: from the cluster). */
  jobs?: number;
  quiet?: boolean;
  /** Attempts for a student whose live pass failed on the cluster's side (default 2: one more try). */
  attempts?: number;
  /** The run of the whole class, on each namespace made (`batch --in-cluster`: set in each student's Job). */
  classRun?: string;
  /**
   * Namespace deletions started, not waited for (`batch --in-cluster`'s Jobs: the Job ends as soon as
   * its student is graded, and the class's run waits for its namespaces at its end, as the in-process
   * class does for its own).
   */
  leaveDeletions?: boolean;
  /** A row's files as discovered already (`batch --in-cluster`: discovered by the CLI, shipped in the Job's ConfigMap); default: read from row.dir. */
  sourceOf?: (row: Row) => Discovered | undefined;
}

export interface ClassResult {
  reports: Report[];
  interrupted: boolean;
  jobs: number;
}

/**
 * `io.progress`: how the class shows its progress (a bar on a terminal: src/cli/progress.ts);
 * by default a line per student on `io.stderr` (classLines), nothing with --quiet or --no-progress.
 */
export async function liveClass(rows: readonly Row[], o: ClassOptions, io: { stderr: (s: string) => void; progress?: ClassProgress }, missing: (row: Row) => Report, inject: { kube?: KubeApi; exitAfterSignal?: boolean } = {}): Promise<ClassResult> {
  const shown = io.progress ?? (o.progress === false || o.quiet ? NO_CLASS_PROGRESS : classLines(rows.length, io.stderr));
  const say = (s: string) => shown.note(s);
  const deletions: Promise<void>[] = [];
  /** Namespace deletions that failed, by namespace: put in that student's report when they end. */
  const deleteFailed = new Map<string, string>();
  const never = new AbortController().signal;
  const session = liveSession({ ...o, progress: false }, { stderr: io.stderr, tty: false, color: false }, {
    ...(inject.kube ? { kube: inject.kube } : {}),
    ...(o.classRun ? { classRun: o.classRun } : {}),
    deferDeletion: (ns, del) => {
      deletions.push(
        (o.leaveDeletions ? withTimeout(`delete namespace ${ns}`, timeouts.connect * 2, never, () => startNamespaceDeletion(session.kube, ns)).then(() => undefined) : del(never)).catch((e) => {
          deleteFailed.set(ns, (e as Error).message);
        }),
      );
    },
  });
  const timeouts = timeoutsFrom(o, undefined);
  const statics = { env: o.env, rubric: o.rubric, set: o.set, schemaDirs: o.schema };
  const sourceOf = (row: Row) => {
    const source = o.sourceOf?.(row);
    return source ? { source } : {};
  };
  const students = o.jobs === undefined && o.deploy ? classRequests(rows, (row) => gradeStatic(row.dir!, { ...statics, username: row.username, ...sourceOf(row) }), [PROBE_RESOURCES]) : undefined;
  const jobs = await jobsFrom(session.kube, o.jobs, say, students);
  shown.lanes(jobs);
  const attempts = Math.max(1, o.attempts ?? 2);
  // Namespaces prepared ahead (made, isolated, their quota counted) for the student after the one
  // that starts, so that a lane that frees up starts its next student at once.
  const ahead = new Map<number, { runId: string; ns: Promise<{ ns: string }> }>();
  const prepare = (i: number) => {
    const row = rows[i];
    if (!o.deploy || o.keep || !row?.dir || ahead.has(i) || session.signal.aborted) return;
    let username = row.username ?? '';
    try {
      username ||= gradeStatic(row.dir, { ...statics, username: row.username, ...sourceOf(row) }).params.username;
    } catch {
      return; // its own turn says why
    }
    const runId = newRunId();
    const ns = deployNamespace(username || 'student', runId);
    const made = withTimeout('prepare a namespace', timeouts.connect * 4, never, (s) => prepareNamespace(session.kube, { ns, runId, username, isolate: o.isolate !== false, allowNamespace: o.probe === 'direct' ? session.kube.namespace : undefined, classRun: o.classRun }, s)).then(() => ({ ns }));
    made.catch(() => undefined);
    ahead.set(i, { runId, ns: made });
  };
  const taken = new Set<number>();
  // After a signal, everything left (the running students' cleanup, then the namespaces still going) shares one cleanup limit.
  let signalAt = 0;
  session.signal.addEventListener('abort', () => (signalAt = Date.now()), { once: true });
  let reports: Report[] = [];
  let interrupted = false;
  try {
    const index = new Map(rows.map((r, i) => [r, i]));
    reports = await mapLimit(rows, jobs, async (row): Promise<Report> => {
      const label = rowLabel(row);
      const opts = { ...statics, username: row.username, ...sourceOf(row) };
      const before = endedBeforeTurn(row, shown, session.signal.aborted, missing, opts);
      if (before || !row.dir) return before!;
      const i = index.get(row)!;
      shown.start(label);
      for (let k = i + 1; k <= i + jobs; k++) if (!taken.has(k)) prepare(k);
      const t0 = Date.now();
      let r: Report | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const mine = attempt === 1 ? ahead.get(i) : undefined;
        taken.add(i);
        r = await grade(row.dir, { ...opts, live: mine ? session.runnerWith({ prepared: mine.ns, runId: mine.runId }) : session.runner });
        const infra = ((r as { live?: unknown }).live as { infrastructure?: string[] } | undefined)?.infrastructure;
        if (!infra || session.signal.aborted || attempt === attempts) break;
        say(`${forTerminalLine(row.dir)}: the cluster failed, not the submission (${forTerminalLine(infra.join('; '))}): grading it once more`);
      }
      withStudent(r!, row);
      shown.end(label, studentLine(row.dir, r!, Date.now() - t0));
      return r!;
    });
  } finally {
    interrupted = session.finish().interrupted;
    // Namespaces made ahead for students who never started (a signal): deleted with the rest.
    for (const [i, p] of ahead) {
      if (taken.has(i)) continue;
      deletions.push(p.ns.then(({ ns }) => deleteNamespace(session.kube, ns, never, timeouts.namespace)).catch(() => undefined));
    }
    await drain(deletions, interrupted ? Math.max(1000, signalAt + timeouts.cleanup - Date.now()) : timeouts.namespace, say, o.leaveDeletions ? 'whose deletion was started' : 'deleted in the background');
    // A signal means "stop now": once the cleanup and the gradebook are done, nothing may keep the process alive
    // (a connection kept alive, a watch a server has not closed yet): exit 130 a moment after, whatever is open.
    if (interrupted && inject.exitAfterSignal !== false) setTimeout(() => process.exit(130), 5000).unref();
  }
  for (const r of reports) {
    const live = (r as { live?: unknown }).live as { namespace?: string; cleanup?: { done: string[]; failed: string[] } } | undefined;
    const why = live?.namespace ? deleteFailed.get(live.namespace) : undefined;
    if (why && live?.cleanup) live.cleanup.failed.push(`delete namespace ${live.namespace}: ${why}`);
  }
  return { reports, interrupted, jobs };
}

/** The namespaces still going, waited for under `limit`. */
async function drain(deletions: Promise<void>[], limit: number, say: (s: string) => void, done: string): Promise<void> {
  if (deletions.length === 0) return;
  const t0 = Date.now();
  try {
    await withTimeout("delete the class's namespaces", limit, new AbortController().signal, () => Promise.all(deletions));
    say(`${deletions.length} namespace${deletions.length === 1 ? '' : 's'} ${done}; the last ${fmtMs(Date.now() - t0)} after the last student ended`);
  } catch (e) {
    say(`${(e as Error).message}: kubegrade cleanup --deployed removes what is left`);
  }
}

/**
 * --jobs as given, else from the nodes' allocatable CPU and memory less what their pods request
 * already, over what the students' pods request (isolation.ts jobsFor), else 4; says which.
 */
export async function jobsFrom(kube: KubeApi, given: number | undefined, say: (s: string) => void, students?: Requests[]): Promise<number> {
  if (given !== undefined) return given;
  try {
    const nodes = await kube.list(R.nodes, undefined);
    // Optional: an identity that may not list every pod sizes by the allocatable alone.
    const pods = await kube.list(R.pods, undefined).catch(() => undefined);
    const j = jobsFor(nodes.items, { students, ...(pods ? { placed: placedRequests(nodes.items, pods.items) } : {}) });
    say(`--jobs ${j.jobs}: ${j.why}`);
    return j.jobs;
  } catch (e) {
    say(`--jobs 4: the nodes could not be read (${isKubeError(e) ? e.message : (e as Error).message})`);
    return 4;
  }
}

/**
 * What each row's student takes from the cluster when deployed (isolation.ts studentRequests), with
 * kubegrade's own pods in their namespace (`extra`: the probe pod, a Job's pod); rows without a
 * submission, or whose files do not grade, are left out (their turn says why).
 */
export function classRequests(rows: readonly Row[], statics: (row: Row) => StaticResult, extra: readonly Json[]): Requests[] {
  const out: Requests[] = [];
  const ours = extra.map((resources) => podRequests({ containers: [{ resources }] }));
  for (const row of rows) {
    if (!row.dir) continue;
    try {
      out.push(studentRequests(statics(row).objects, ours));
    } catch {
      // its own turn says why
    }
  }
  return out;
}

/** The line a class prints as a student ends: its folder, username, and score or why it was not graded. */
/** What the class's display calls a row: its folder, else the roster's folder or username. */
export function rowLabel(row: Row): string {
  return row.dir ?? row.student?.folder ?? row.username ?? '';
}

/**
 * A row that ends before its live pass, shown as it ends: no submission (the gradebook's row for it), or
 * interrupted before its turn (not graded). Undefined for a row whose turn has come.
 */
export function endedBeforeTurn(row: Row, shown: ClassProgress, aborted: boolean, missing: (row: Row) => Report, opts: Parameters<typeof notGraded>[2]): Report | undefined {
  const label = rowLabel(row);
  if (!row.dir) {
    shown.end(label, `${forTerminalLine(label)}: no submission`);
    return missing(row);
  }
  if (!aborted) return undefined;
  shown.end(label, `${forTerminalLine(row.dir)}: not graded: interrupted before its turn`);
  return withStudent(notGraded(row.dir, 'interrupted before its turn (no live pass ran)', opts), row);
}

export function studentLine(dir: string, r: Report, ms: number): string {
  return `${forTerminalLine(dir)}: ${forTerminalLine(r.username)} ${r.error !== undefined ? `not graded: ${forTerminalLine(r.error)}` : `${r.score}/${r.maxScore}`} (${(ms / 1000).toFixed(1)} s)`;
}

export function withStudent(r: Report, row: Row): Report {
  if (row.student) r.student = row.student;
  return r;
}
