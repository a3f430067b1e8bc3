/** What the command files under src/cli/ share: the process's outputs, and small option helpers. */
import type { LiveCliOptions } from '../live/options.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
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
  return Boolean(o.deploy || o.namespace || o.context || o.kubeconfig || o.disrupt === false || (o.probe ?? 'exec') !== 'exec');
}

/** The source lines around each finding that the formats need in the report (html shows them), or none. */
export function excerptsFor(formats: string | readonly string[]): number | undefined {
  return (typeof formats === 'string' ? [formats] : formats).includes('html') ? 3 : undefined;
}
