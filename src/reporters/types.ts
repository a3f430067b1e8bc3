/**
 * Reporters turn reports into output; none of them computes a verdict. Each
 * is one file implementing this interface, registered in ./index.ts.
 *
 * Streaming, as kubeconform's Output (Write(result) / Flush()): a reporter is
 * created once per run, receives each report as soon as it is graded (in the
 * order given), and writes as it goes, so memory does not grow with the
 * class. A format that needs the whole class keeps only the counters it
 * needs and writes them in `flush()`.
 */
import type { ClassSummary } from '../batch/summary.js';
import type { Report } from '../types.js';
import type { Rubric } from '../rubric/index.js';

export interface RenderOptions {
  /** Use ANSI colours (the CLI decides: a TTY, and NO_COLOR unset). */
  color: boolean;
  /** Show passing checks too. */
  verbose?: boolean;
  /** Terminal width for wrapping (text); undefined: do not wrap. */
  width?: number;
  /**
   * A folder this reporter may write files of its own into (batch --out:
   * a page per student, a feedback file per student). Undefined: stdout only.
   */
  outDir?: string;
  /**
   * With `outDir`: where the files of a reporter's own go (batch: a temporary name each,
   * renamed into place when the run completes, src/cli/sink.ts OutTree). Paths are relative
   * to `outDir`, `/`-separated. Undefined: written straight into `outDir`.
   */
  files?: { writeFile(rel: string, text: string): void };
  /** A line for the user (stderr in batch): what a format left out or changed, and why. */
  warn?: (message: string) => void;
  /**
   * The rubric the reports were graded with (after `--set`), for formats that
   * describe every check, passed or not (sarif's rules: description, help).
   * Undefined: the checks' built-in text, with parameters named, not filled in.
   */
  rubric?: Rubric;
  /** Options a particular format takes (`--assignment` for canvas, ...), by name. */
  extra?: Readonly<Record<string, string | undefined>>;
  /**
   * batch: the class summary, complete once the last report has been
   * written (call it in `flush()`). Undefined for one submission (`check`).
   */
  summary?: () => ClassSummary;
}

/** Where a reporter's main stream goes (stdout, or its file under --out). */
export interface Output {
  write(text: string): void;
}

/** One run of a reporter. */
export interface ReporterRun {
  /** One report, as soon as it is ready. */
  write(report: Report): void;
  /** After the last report: write what needs the whole class, close what is open. */
  flush(): void;
}

export interface Reporter {
  name: string;
  /** One line for `--help`. */
  description: string;
  /** File name of the main stream under `--out DIR` (e.g. `gradebook.csv`). */
  fileName?: string;
  create(out: Output, options: RenderOptions): ReporterRun;
}
