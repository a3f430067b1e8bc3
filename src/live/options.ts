/**
 * The live pass's command-line options (shared by `check --live`, `live`,
 * `batch --live` and `cleanup`). Light on purpose: the CLI defines them on every start, and a
 * static run must not load the cluster client (src/live/cli.ts does that).
 */
import { Option, type Command } from 'commander';
import type { Strategy } from './probe.js';
import { DEFAULT_TIMEOUTS, TIMEOUT_NAMES, type Timeouts } from './steps.js';

export interface LiveCliOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  probe?: Strategy;
  disrupt?: boolean;
  deploy?: boolean;
  keep?: boolean;
  progress?: boolean;
  mapStorageClass?: string[];
  mapImage?: string[];
  clusterMap?: string;
  isolate?: boolean;
  [timeout: `timeout${string}`]: string | undefined;
}

const collectList = (v: string, prev: string[]) => [...prev, v];

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const camelParam = (s: string) => `timeout${s[0]!.toUpperCase()}${s.slice(1)}`;

export const TIMEOUT_HELP: Record<keyof Timeouts, string> = {
  connect: 'first API call, and each apply with --deploy (x3)',
  ready: 'PVC bound, Deployments available',
  probePod: 'probe pod created → Ready',
  step: 'one probe step (write, read, GET)',
  disrupt: 'Redis pod deleted → replacement Ready behind the Service',
  cleanup: 'all the cleanup',
  namespace: '--deploy: namespace deletion',
  startup: 'a just-started pod may refuse connections this long after its container started',
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
    .option('--map-storage-class <from=to>', 'with --deploy: apply a claim\'s storageClassName FROM as TO (rbd=rdb; *=rdb for any); repeatable', collectList, [] as string[])
    .option('--map-image <from=to>', 'with --deploy: run image FROM as TO (redis=redis:5.0.0 for every tag; \'*flask*=stand-in\': a server answering the rubric\'s path); repeatable', collectList, [] as string[])
    .option('--cluster-map <file>', 'with --deploy: a YAML file of storageClasses: and images: (FROM: TO)')
    .option('--no-isolate', 'with --deploy: no ResourceQuota, LimitRange or NetworkPolicy in the namespace')
    .option('--no-progress', 'no step lines on stderr');
  for (const t of TIMEOUT_NAMES) cmd.option(`--timeout-${kebab(t)} <seconds>`, `${TIMEOUT_HELP[t]} (default ${DEFAULT_TIMEOUTS[t] / 1000})`);
  return cmd;
}

