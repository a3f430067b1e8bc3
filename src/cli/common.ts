/** What the command files under src/cli/ share: the process's outputs, and small option helpers. */
import type { LiveCliOptions } from '../live/options.js';
import { UsageError } from '../util/errors.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The descriptor behind `stdout` (the real process's: 1), for a batch's bulk output (cli/sink.ts); absent: through `stdout`. */
  stdoutFd?: number;
  /** Colour on stdout: a TTY and NO_COLOR unset (FORCE_COLOR forces it). */
  color: boolean;
  /** stderr is a TTY (the live pass's step lines get marks and colour; batch draws a progress bar). */
  stderrTty?: boolean;
  /** Columns to wrap the text report to (a TTY's width); undefined: no wrapping. */
  width?: number;
}

/** commander's collector for a repeatable option. */
export const collect = (v: string, prev: string[]) => [...prev, v];

/** Whether any option that only means something against a cluster was given. */
export function clusterOptionsGiven(o: LiveCliOptions): boolean {
  return Boolean(o.deploy || o.namespace || o.context || o.kubeconfig || o.disrupt === false || (o.probe ?? 'exec') !== 'exec' || o.mapStorageClass?.length || o.mapImage?.length || o.clusterMap);
}

/** The source lines around each finding that the formats need in the report (html shows them), or none. */
export function excerptsFor(formats: string | readonly string[]): number | undefined {
  return (typeof formats === 'string' ? [formats] : formats).includes('html') ? 3 : undefined;
}

/**
 * The live pass's part of the CLI (src/live/cli.ts by default). Its cluster, Redis and HTTP
 * clients are bundled into the installed command (dist/bundle); from the per-module build they
 * are optional peer dependencies, and a missing one is a usage error saying what to install.
 */
export async function importLive<T = typeof import('../live/cli.js')>(load: () => Promise<T> = () => import('../live/cli.js') as Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const missing = /['"](@kubernetes\/client-node|ioredis|undici)['"]/.exec(e?.message ?? '');
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && missing) {
      throw new UsageError(`--live needs the live pass's dependencies, and ${missing[1]} is not installed: npm install @kubernetes/client-node ioredis undici (the kubegrade command installed from npm has them bundled)`);
    }
    throw err;
  }
}

export const SARIF_CATEGORY_HELP = 'sarif: the code scanning category (automationDetails.id), as the Action\'s `category` input; default none, so upload-sarif\'s own `category` applies';

/**
 * `--category`, trimmed (undefined when not given or blank): the SARIF run's automationDetails.id
 * (the sarif reporter adds the trailing `/` upload-sarif adds). Only the sarif format has one.
 */
export function sarifCategory(category: string | undefined, formats: readonly string[]): string | undefined {
  const c = category?.trim();
  if (category !== undefined && !formats.includes('sarif')) throw new UsageError(`--category ${JSON.stringify(category)} names the SARIF file's code scanning category: it goes with --format sarif`);
  return c || undefined;
}
