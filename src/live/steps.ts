/**
 * Steps, time limits and cleanup, like chainsaw's operations: every remote
 * step runs under its own time limit, and every thing a run creates (probe
 * pod, Redis key, namespace) registers its undo as it is made; the undos run
 * in reverse order, each waited for, under the cleanup time limit — on
 * success, failure, timeout, and on SIGINT/SIGTERM (the CLI aborts the run's
 * signal, and the runner still runs the cleanup before returning).
 */

/** Time limits of the live pass, in milliseconds. Defaults in DEFAULT_TIMEOUTS; docs/live.md lists them. */
export interface Timeouts {
  /** The first API call (is the server there, does the namespace exist). */
  connect: number;
  /** Waiting for the PVC to bind and the Deployments to be available (and the Services' endpoints). */
  ready: number;
  /** The probe pod from create to Ready (an image pull included). */
  probePod: number;
  /** One probe step (a Redis write, a read, an HTTP GET); an exec may take longer by what the exec API's round trip here allows (src/live/pace.ts). */
  step: number;
  /** From deleting the Redis pod to its replacement being Ready behind the Service. */
  disrupt: number;
  /** All the cleanup together (key, probe pod, namespace in --deploy). */
  cleanup: number;
  /** --deploy: the applied namespace's deletion, waited for. */
  namespace: number;
  /** How long after its container started a Ready pod may still refuse connections (an app still starting; the course's pods have no readiness probe). */
  startup: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connect: 10_000,
  ready: 120_000,
  probePod: 120_000,
  step: 15_000,
  disrupt: 120_000,
  cleanup: 60_000,
  namespace: 120_000,
  startup: 30_000,
};

export const TIMEOUT_NAMES = Object.keys(DEFAULT_TIMEOUTS) as (keyof Timeouts)[];

/** A step ran out of time. The message names the step and the limit. */
export class StepTimeout extends Error {
  override readonly name = 'StepTimeout';
  constructor(
    readonly step: string,
    readonly ms: number,
    /** Said after the limit (a step tried twice says so). */
    detail = '',
  ) {
    super(`step "${step}" timed out after ${fmtMs(ms)}${detail}`);
  }
}

/** The run was interrupted (SIGINT/SIGTERM). */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(signal = 'SIGINT') {
    super(`interrupted by ${signal}`);
  }
}

export function fmtMs(ms: number): string {
  if (ms >= 7_200_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * Runs `fn` with a signal that aborts after `ms` or when `parent` aborts.
 * Rejects with StepTimeout or Interrupted; `fn` must honour the signal (the
 * watches and execs here do) so nothing outlives the step.
 */
export async function withTimeout<T>(step: string, ms: number, parent: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (parent.aborted) throw parent.reason instanceof Error ? parent.reason : new Interrupted();
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onParent = () => ac.abort(parent.reason instanceof Error ? parent.reason : new Interrupted());
  parent.addEventListener('abort', onParent, { once: true });
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new StepTimeout(step, ms);
      ac.abort(e);
      reject(e);
    }, ms);
    ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
  });
  stop.catch(() => undefined);
  try {
    return await Promise.race([fn(ac.signal), stop]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParent);
    if (!ac.signal.aborted) ac.abort(new Error('step over'));
  }
}

/** Step lines as they happen: `onStep` gets each start and end. */
export interface Progress {
  start(step: string, detail?: string): void;
  end(step: string, ok: boolean | 'skip', detail?: string): void;
  note(line: string): void;
}

export const SILENT: Progress = { start() {}, end() {}, note() {} };

/** Undo actions, run last-in first-out, each waited for, all under one time limit. */
export class Cleanup {
  private readonly undos: { what: string; fn: (signal: AbortSignal) => Promise<void> }[] = [];
  readonly done: string[] = [];
  readonly failed: string[] = [];

  push(what: string, fn: (signal: AbortSignal) => Promise<void>): () => void {
    const entry = { what, fn };
    this.undos.push(entry);
    // Dropping an undo: the thing it undoes is gone already.
    return () => {
      const i = this.undos.indexOf(entry);
      if (i >= 0) this.undos.splice(i, 1);
    };
  }

  get pending(): number {
    return this.undos.length;
  }

  async run(ms: number, progress: Progress): Promise<void> {
    if (this.undos.length === 0) return;
    const deadline = Date.now() + ms;
    const never = new AbortController().signal;
    while (this.undos.length > 0) {
      const u = this.undos.pop()!;
      const left = Math.max(1, deadline - Date.now());
      progress.start(`cleanup: ${u.what}`);
      try {
        await withTimeout(`cleanup: ${u.what}`, left, never, u.fn);
        this.done.push(u.what);
        progress.end(`cleanup: ${u.what}`, true);
      } catch (e) {
        this.failed.push(`${u.what}: ${(e as Error).message}`);
        progress.end(`cleanup: ${u.what}`, false, (e as Error).message);
      }
    }
  }
}
