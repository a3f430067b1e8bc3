/**
 * Reporters turn reports into text; none of them computes a verdict. Each is
 * one file implementing this interface, registered in ./index.ts.
 */
import type { Report } from '../types.js';

export interface RenderOptions {
  /** Use ANSI colours (the CLI decides: a TTY, and NO_COLOR unset). */
  color: boolean;
  /** Show passing checks too. */
  verbose?: boolean;
}

export interface Reporter {
  name: string;
  /** One line for `--help`. */
  description: string;
  render(reports: readonly Report[], options: RenderOptions): string;
}
