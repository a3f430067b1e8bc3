/**
 * The exec probe's pace: how long this cluster takes to carry one probe step
 * through the exec API — the API server, the kubelet, the container runtime,
 * python3 starting in the probe pod, and the answer back — apart from the
 * step's own work, which the probe program measures and reports (`t`).
 *
 * On a quiet node that transport is 0.1–0.3 s. On a starved one (twelve
 * probe pods exec'ing at once on two cores shared with other work, load
 * 20–53) it took more than the whole step limit, and every probe check of
 * every student was `error`. The step limit (--timeout-step) is the
 * student's budget: the probe program keeps to it inside the pod (its own
 * deadline). So the limit of one exec is that budget plus an allowance for
 * the transport, PACE_FACTOR times what this run has measured (a `ping` as
 * the probe pod is Ready, then every step), at most PACE_CAP times the step
 * limit; and a step whose exec still runs past its limit is tried once more
 * at that bound before it is `error`. The cluster's slowness lengthens the
 * wait, never the student's verdict; a step that hangs is `error` after at
 * most two tries at the bound (2 min with the defaults).
 */
import type { Timeouts } from './steps.js';

/** The allowance is this many times the transport measured (load comes and goes between two execs). */
export const PACE_FACTOR = 3;
/** The allowance is at most this many times the step limit (15 s → at most 45 s more). */
export const PACE_CAP = 3;

/** The most one exec of a step may take: the step limit and the largest allowance. */
export function stepCeilingMs(t: Pick<Timeouts, 'step'>): number {
  return t.step * (1 + PACE_CAP);
}

export class ExecPace {
  /** The transport's estimate: up at once when an exec is slower, down halfway when one is quicker. */
  private estimateMs = 0;
  /** Every transport measured, in order. */
  readonly seen: number[] = [];
  /** The ping's, when it answered. */
  pingMs?: number;
  /** Steps tried again after their first exec ran out of time. */
  retried = 0;

  constructor(private readonly stepMs: number) {}

  /** The time the transport may add to one exec now. */
  allowanceMs(): number {
    return Math.min(PACE_CAP * this.stepMs, Math.round(PACE_FACTOR * this.estimateMs));
  }

  /** The limit of a step's exec now. */
  limitMs(): number {
    return this.stepMs + this.allowanceMs();
  }

  /** The limit of a step's second try, and of the ping: the bound. */
  ceilingMs(): number {
    return stepCeilingMs({ step: this.stepMs });
  }

  /** One exec's round trip and, when it answered, the time the program inside says it ran. */
  observe(roundTripMs: number, programMs = 0): void {
    const o = Math.max(0, Math.round(roundTripMs - programMs));
    this.seen.push(o);
    this.estimateMs = o >= this.estimateMs ? o : (this.estimateMs + o) / 2;
  }

  /** An exec ran out of its limit: the transport is at least that slow, so the next ones get the bound. */
  timedOut(): void {
    this.estimateMs = Math.max(this.estimateMs, (PACE_CAP * this.stepMs) / PACE_FACTOR);
  }

  /** For the report's `live.exec`. */
  summary(): { pingMs?: number; slowestMs: number; retried: number } {
    return { ...(this.pingMs !== undefined ? { pingMs: this.pingMs } : {}), slowestMs: Math.max(0, ...this.seen), retried: this.retried };
  }
}
