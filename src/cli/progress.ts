/**
 * batch's progress on stderr. On a terminal a bar (cli-progress): done/total,
 * rate, ETA and the submission just graded, redrawn in place. Elsewhere (CI,
 * a log file) a plain line every N submissions and one at the end, so a log
 * shows progress without a line per student. `--quiet`: nothing.
 *
 * `batch --live` (classProgress): on a terminal a bar with the students done,
 * running and waiting and the class's ETA, each student's line printed above
 * it as the student ends; elsewhere a line per student (src/live/progress.ts).
 */
import { MultiBar, SingleBar } from 'cli-progress';
import { forTerminalLine, shorten } from '../util/escape.js';
import { ClassTally, classLines, countsText, NO_CLASS_PROGRESS, type ClassProgress } from '../live/progress.js';

export interface Progress {
  /** One more row done; `label` names it. */
  tick(label: string): void;
  stop(): void;
}

export interface ProgressTarget {
  /** Plain lines (not a terminal). */
  write: (s: string) => void;
  /** A terminal to draw the bar on; undefined: plain lines. */
  tty?: NodeJS.WritableStream;
}

const NONE: Progress = { tick() {}, stop() {} };

/** Plain lines: every `every` rows (default: a tenth of the class, 1 to 100). */
export function batchProgress(total: number, target: ProgressTarget | undefined, every?: number): Progress {
  if (!target || total === 0) return NONE;
  const t0 = performance.now();
  const rate = (done: number) => done / Math.max((performance.now() - t0) / 1000, 1e-3);
  if (target.tty) {
    const bar = new SingleBar({
      stream: target.tty,
      format: 'kubegrade {bar} {value}/{total} · {rate}/s · ETA {eta_formatted} · {current}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    });
    bar.start(total, 0, { rate: '0', current: '' });
    let done = 0;
    return {
      tick(label) {
        done++;
        bar.increment(1, { rate: rate(done).toFixed(0), current: shorten(forTerminalLine(label), 40) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const n = every ?? Math.min(100, Math.max(1, Math.ceil(total / 10)));
  let done = 0;
  return {
    tick(label) {
      done++;
      if (done % n !== 0 && done !== total) return;
      const r = rate(done);
      const eta = done < total ? ` · ETA ${Math.ceil((total - done) / r)} s` : '';
      target.write(`kubegrade: ${done}/${total} · ${r.toFixed(0)}/s${eta} · ${shorten(forTerminalLine(label), 60)}\n`);
    },
    stop() {},
  };
}

/** batch --live's progress: a bar on a terminal, a line per student elsewhere, nothing without a target (--quiet). */
export function classProgress(total: number, target: ProgressTarget | undefined): ClassProgress {
  if (!target || total === 0) return NO_CLASS_PROGRESS;
  if (!target.tty) return classLines(total, target.write);
  const tally = new ClassTally(total);
  const bars = new MultiBar({ stream: target.tty, format: 'kubegrade live {bar} {counts}', barsize: 24, hideCursor: true, clearOnComplete: true, fps: 4, gracefulExit: false });
  const bar = bars.create(total, 0, { counts: countsText(tally.counts()) });
  const redraw = () => bar.update(tally.counts().done, { counts: countsText(tally.counts()) });
  // the ETA counts down between students
  const timer = setInterval(redraw, 1000);
  timer.unref();
  let stopped = false;
  return {
    lanes(n) {
      tally.lanes(n);
      redraw();
    },
    start(label) {
      tally.start(label);
      redraw();
    },
    end(label, line) {
      tally.end(label);
      bars.log(`${forTerminalLine(line)}\n`);
      redraw();
    },
    note(line) {
      bars.log(`kubegrade: ${forTerminalLine(line)}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      redraw();
      bars.update(); // the lines logged since the last redraw (stop alone drops them)
      bars.stop();
    },
  };
}
