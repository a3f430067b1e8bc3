/**
 * The live pass's part of the command line: its options (shared by
 * `check --live` and `live`), the connection, SIGINT/SIGTERM handling, and
 * the step lines on stderr.
 */
import { Option, type Command } from 'commander';
import type { Params } from '../checks/types.js';
import type { LiveRunner, StaticResult } from '../grade.js';
import { UsageError } from '../util/errors.js';
import { ClientKube, loadKubeConfig, type KubeApi } from './kube.js';
import { stepLines } from './progress.js';
import { liveRunner } from './runner.js';
import { DEFAULT_TIMEOUTS, Interrupted, SILENT, TIMEOUT_NAMES, type Timeouts } from './steps.js';
import type { Strategy } from './probe.js';

export interface LiveCliOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  probe?: Strategy;
  disrupt?: boolean;
  deploy?: boolean;
  keep?: boolean;
  progress?: boolean;
  [timeout: `timeout${string}`]: string | undefined;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camelParam = (s: string) => `timeout${s[0]!.toUpperCase()}${s.slice(1)}`;

export const TIMEOUT_HELP: Record<keyof Timeouts, string> = {
  connect: 'first API call, and each apply with --deploy (x3)',
  ready: 'PVC bound, Deployments available',
  probePod: 'probe pod created → Ready',
  step: 'one probe step (write, read, GET)',
  disrupt: 'Redis pod deleted → replacement Ready behind the Service',
  cleanup: 'all the cleanup',
  namespace: '--deploy: namespace deletion',
};

/** Adds the connection options (also used by `kubegrade cleanup`). */
export function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <file>', 'the kubeconfig (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'the kubeconfig context (default: its current context)')
    .option('-n, --namespace <ns>', 'the namespace (default: the context\'s namespace, else "default")');
}

/** Adds the live pass's options. */
export function liveOptions(cmd: Command): Command {
  connectionOptions(cmd)
    .addOption(new Option('--probe <strategy>', 'how to reach the ClusterIPs: exec (a probe pod) or direct (from this process, inside the cluster network)').choices(['exec', 'direct']).default('exec'))
    .option('--no-disrupt', 'do not delete the Redis pod (live.redis-persistence is skipped)')
    .option('--deploy', 'apply the submission into a new namespace kubegrade-<username>-<run-id> first, and delete it after')
    .option('--keep', 'with --deploy: leave the namespace for a look')
    .option('--no-progress', 'no step lines on stderr');
  for (const t of TIMEOUT_NAMES) cmd.option(`--timeout-${kebab(t)} <seconds>`, `${TIMEOUT_HELP[t]} (default ${DEFAULT_TIMEOUTS[t] / 1000})`);
  return cmd;
}

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

export function connect(o: LiveCliOptions): ClientKube {
  const { kc } = loadKubeConfig({ kubeconfig: o.kubeconfig, context: o.context });
  return new ClientKube(kc, { namespace: o.namespace });
}

export interface LiveSession {
  kube: KubeApi;
  runner: LiveRunner;
  /** Call when done: removes the signal handlers; says whether a signal came. */
  finish(): { interrupted: boolean };
}

/**
 * Makes the live runner for a command: connection, progress lines on
 * stderr, and SIGINT/SIGTERM → abort (the runner cleans up, then returns; a
 * second signal exits at once with 130).
 */
export function liveSession(o: LiveCliOptions, io: { stderr: (s: string) => void; tty: boolean; color: boolean }): LiveSession {
  if (o.keep && !o.deploy) throw new UsageError('--keep goes with --deploy');
  const kube = connect(o);
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
  const runner: LiveRunner = async (input: StaticResult) => {
    const timeouts = timeoutsFrom(o, input.params);
    const r = await liveRunner({ kube, namespace: o.namespace, strategy: o.probe ?? 'exec', disrupt: o.disrupt !== false, deploy: o.deploy, keep: o.keep, timeouts, progress: lines ?? SILENT, signal: ac.signal })(input);
    if (lines && typeof r.info?.durationMs === 'number') lines.total(r.info.durationMs);
    return r;
  };
  return {
    kube,
    runner,
    finish() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      return { interrupted: ac.signal.aborted };
    },
  };
}
