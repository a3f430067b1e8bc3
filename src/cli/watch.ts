/**
 * `kubegrade check --watch`: grades, then grades again after every save
 * (debounced: an editor's save is several events), until Ctrl-C. On a
 * terminal each grade replaces the last one on the screen; elsewhere (a log,
 * a test) the reports follow one another, separated by a blank line.
 */
import { existsSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import type { Command } from 'commander';
import { grade, type GradeOptions } from '../grade.js';
import { exitCodeFor } from '../score/index.js';
import type { Report } from '../types.js';
import { UsageError } from '../util/errors.js';

/** Time to wait for an editor's burst of events to end before grading again. */
export const DEBOUNCE_MS = 150;
const IGNORED = /(^|[\\/])(\.git|node_modules)([\\/]|$)/;

export function addWatch(cmd: Command): Command {
  return cmd.option('-w, --watch', 'grade again on every save (Ctrl-C to stop)');
}

interface WatchIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/**
 * Resolves on SIGINT/SIGTERM (or `signal`) with the exit code of the last grade. The folder is
 * watched before the first grade starts: a save while it runs (or between its report and the
 * watch, had the watch come second) is graded after it, never missed.
 */
export async function watch(dir: string, options: GradeOptions, render: (r: Report) => string, io: WatchIo, signal?: AbortSignal): Promise<number> {
  const tty = Boolean(process.stdout.isTTY);
  const show = (r: Report) => io.stdout((tty ? '\x1b[H\x1b[2J' : '') + render(r) + (tty ? `\nwatching ${dir} for changes (Ctrl-C to stop)\n` : '\n'));
  let watcher: FSWatcher;
  try {
    watcher = fsWatch(dir, { recursive: true });
  } catch (err) {
    await grade(dir, options); // a missing folder, or a file: the usage error grading gives
    throw new UsageError(`${dir}: cannot watch the folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let last: Report | undefined;
  /** Grades and shows the report; a save while it runs is graded after it. The first grade's error is the caller's. */
  const regrade = async (first = false): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      last = await grade(dir, options);
      show(last);
    } catch (err) {
      if (first) {
        again = false;
        throw err;
      }
      io.stderr(`kubegrade: ${(err as Error).message}\n`);
      // The folder itself is gone (removed, moved): nothing is left to watch, and no grade stands.
      if (!existsSync(dir)) gone();
    } finally {
      running = false;
      if (again) {
        again = false;
        void regrade();
      }
    }
  };
  watcher.on('change', (_event, name) => {
    if (name && IGNORED.test(String(name))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void regrade(), DEBOUNCE_MS);
  });
  let stopped: Error | undefined; // a watch that failed during the first grade
  let onError = (err: Error) => void (stopped = err);
  /** The watched folder went away: said, and exit 2 (as a folder that is not there is), never the last grade's code. */
  let gone = () => void (stopped ??= new Error('the folder is gone'));
  watcher.on('error', (err) => onError(err));
  try {
    await regrade(true);
  } catch (err) {
    watcher.close();
    throw err;
  }
  return new Promise<number>((resolve) => {
    onError = (err) => {
      io.stderr(`kubegrade: stopped watching ${dir}: ${err.message}\n`);
      stop();
    };
    let code: number | undefined;
    const stop = () => {
      clearTimeout(timer);
      watcher.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? exitCodeFor([last!]));
    };
    gone = () => {
      if (code !== undefined) return;
      code = 2;
      io.stderr(`kubegrade: stopped watching ${dir}: the folder is gone\n`);
      stop();
    };
    // A watch the system ends by itself (its folder deleted or moved away) leaves nothing to keep the process
    // running: it would end with exit 0 whatever the last grade was.
    watcher.once('close', () => (existsSync(dir) ? stop() : gone()));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
    if (stopped) onError(stopped);
  });
}
