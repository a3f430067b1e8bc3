/**
 * The live pass's part of the command line: the connection, SIGINT/SIGTERM
 * handling, and the step lines on stderr (its options are in options.ts).
 * Loaded only when a command talks to a cluster.
 */
import type { Params } from '../checks/types.js';
import type { LiveRunner, StaticResult } from '../grade.js';
import { UsageError } from '../util/errors.js';
import { connectKube } from './index.js';
import type { KubeApi } from './kube.js';
import { stepLines } from './progress.js';
import { liveRunner, type LiveOptions } from './runner.js';
import { clusterMapFrom, type ClusterMap } from './map.js';
import { camelParam, kebab, type LiveCliOptions } from './options.js';
import { DEFAULT_TIMEOUTS, Interrupted, SILENT, TIMEOUT_NAMES, type Timeouts } from './steps.js';

/** CLI flag, else rubric parameter (timeoutReady: 120), else the default. */
export function timeoutsFrom(o: LiveCliOptions, params: Params | undefined): Timeouts {
  const t = { ...DEFAULT_TIMEOUTS };
  for (const k of TIMEOUT_NAMES) {
    const fromParam = params?.[camelParam(k)];
    const flag = o[camelParam(k) as `timeout${string}`];
    const raw = flag ?? (fromParam === undefined || fromParam === null ? undefined : String(fromParam));
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout-${kebab(k)} ${raw}: expected a number of seconds`);
    t[k] = Math.round(n * 1000);
  }
  return t;
}

export interface LiveSession {
  kube: KubeApi;
  runner: LiveRunner;
  /** The runner with some options of one run (batch: a namespace prepared ahead, its run id). */
  runnerWith(more: Partial<LiveOptions>): LiveRunner;
  /** Aborted by SIGINT/SIGTERM: start nothing new. */
  signal: AbortSignal;
  /** Call when done: removes the signal handlers; says whether a signal came. */
  finish(): { interrupted: boolean };
}

/**
 * Makes the live runner for a command: connection, progress lines on
 * stderr, and SIGINT/SIGTERM → abort (the runner cleans up, then returns; a
 * second signal exits at once with 130).
 */
export function liveSession(o: LiveCliOptions, io: { stderr: (s: string) => void; tty: boolean; color: boolean }, extra: Partial<LiveOptions> = {}): LiveSession {
  if (o.keep && !o.deploy) throw new UsageError('--keep goes with --deploy');
  if (!o.deploy && (o.mapStorageClass?.length || o.mapImage?.length || o.clusterMap)) throw new UsageError('--map-storage-class, --map-image and --cluster-map go with --deploy (kubegrade changes only what it applies itself)');
  const maps = new Map<unknown, ClusterMap>();
  const mapFor = (param: unknown) => {
    let m = maps.get(param);
    if (!m) maps.set(param, (m = clusterMapFrom(o, param)));
    return m;
  };
  mapFor(undefined); // a bad --map-* or --cluster-map is a usage error before anything runs
  const kube = extra.kube ?? connectKube(o);
  const ac = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      io.stderr(`kubegrade: ${sig} again: exiting without cleanup (kubegrade cleanup removes what is left)\n`);
      process.exit(130);
    }
    io.stderr(`kubegrade: ${sig}: stopping and cleaning up (again to quit at once)\n`);
    ac.abort(new Interrupted(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const lines = o.progress === false ? undefined : stepLines(io.stderr, io.tty, io.color);
  const runnerWith = (more: Partial<LiveOptions>): LiveRunner => async (input: StaticResult) => {
    const timeouts = timeoutsFrom(o, input.params);
    const r = await liveRunner({ kube, namespace: o.namespace, strategy: o.probe ?? 'exec', disrupt: o.disrupt !== false, deploy: o.deploy, keep: o.keep, timeouts, progress: lines ?? SILENT, signal: ac.signal, map: mapFor(input.params.clusterMap), isolate: o.isolate !== false, ...extra, ...more })(input);
    if (lines && typeof r.info?.durationMs === 'number') lines.total(r.info.durationMs);
    return r;
  };
  return {
    kube,
    runner: runnerWith({}),
    runnerWith,
    signal: ac.signal,
    finish() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      return { interrupted: ac.signal.aborted };
    },
  };
}
