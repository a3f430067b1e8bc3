/**
 * Step lines on stderr as the live pass goes: on a TTY, coloured marks and
 * the time each step took; otherwise plain `kubegrade: …` lines that a CI log
 * keeps. stdout is left to the report (so --format json stays clean).
 */
import { styleText } from 'node:util';
import { fmtMs, type Progress } from './steps.js';

export function stepLines(write: (s: string) => void, tty: boolean, color: boolean): Progress & { total(ms: number): void } {
  const started = new Map<string, number>();
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (color ? styleText(style, s, { validateStream: false }) : s);
  const short = (s: string | undefined) => (s ? s.replace(/\s+/g, ' ').slice(0, tty ? 160 : 400) : '');
  return {
    start(step, detail) {
      started.set(step, Date.now());
      write(tty ? `${paint('dim', '…')} ${step}${detail ? paint('dim', `  ${short(detail)}`) : ''}\n` : `kubegrade: start ${step}${detail ? `: ${short(detail)}` : ''}\n`);
    },
    end(step, ok, detail) {
      const t = started.has(step) ? fmtMs(Date.now() - started.get(step)!) : '';
      if (tty) {
        const mark = ok === 'skip' ? paint('dim', '-') : ok ? paint('green', '✓') : paint('red', '✗');
        write(`${mark} ${step} ${paint('dim', t)}${detail ? `  ${ok === true ? paint('dim', short(detail)) : short(detail)}` : ''}\n`);
      } else write(`kubegrade: ${ok === 'skip' ? 'skip' : ok ? 'ok' : 'FAIL'} ${step} (${t})${detail ? `: ${short(detail)}` : ''}\n`);
    },
    note(line) {
      write(tty ? `  ${paint('dim', short(line))}\n` : `kubegrade: ${short(line)}\n`);
    },
    total(ms) {
      write(tty ? `${paint('bold', 'live pass')} ${fmtMs(ms)}\n` : `kubegrade: live pass took ${fmtMs(ms)}\n`);
    },
  };
}

/**
 * A class's progress (`batch --live --deploy`): who is done, running and
 * waiting, and when the class should end. What a display needs; how it is
 * drawn is the caller's (src/cli/progress.ts: a bar on a terminal, else
 * classLines below).
 */
export interface ClassProgress {
  /** Students on the cluster at once (known once the class has read the nodes). */
  lanes(n: number): void;
  /** A student's live pass starts. */
  start(label: string): void;
  /** A student is done (graded or not): `line` says how it went. */
  end(label: string, line: string): void;
  /** Anything else the class says (--jobs and why, a retry, the deletions). */
  note(line: string): void;
  stop(): void;
}

export interface ClassCounts {
  done: number;
  running: number;
  waiting: number;
  total: number;
  /** Milliseconds until the class should end; undefined until a student is done (nothing to go by). */
  etaMs: number | undefined;
}

/**
 * The counts and the ETA. The ETA simulates the lanes: each running student
 * takes the mean time of those done (what it has had already counted), each
 * waiting one a mean time in the lane that frees up first; the class ends
 * when the last lane does.
 */
export class ClassTally {
  private readonly running = new Map<string, number>();
  private readonly durations: number[] = [];
  /** Rows done without a live pass (no submission). */
  private skipped = 0;
  private jobs = 1;
  constructor(
    readonly total: number,
    private readonly now: () => number = Date.now,
  ) {}

  lanes(n: number): void {
    this.jobs = Math.max(1, n);
  }
  start(label: string): void {
    this.running.set(label, this.now());
  }
  end(label: string): void {
    const t0 = this.running.get(label);
    this.running.delete(label);
    // a row without a live pass (no submission) is done without having run: it says nothing about the time one takes
    if (t0 !== undefined) this.durations.push(this.now() - t0);
    else this.skipped++;
  }

  counts(): ClassCounts {
    const done = this.durations.length + this.skipped;
    const running = this.running.size;
    return { done, running, waiting: Math.max(0, this.total - done - running), total: this.total, etaMs: this.eta(running, this.total - done - running) };
  }

  private eta(running: number, waiting: number): number | undefined {
    if (running + waiting <= 0) return 0;
    if (this.durations.length === 0) return undefined;
    const mean = this.durations.reduce((a, b) => a + b, 0) / this.durations.length;
    const now = this.now();
    const free = [...this.running.values()].map((t0) => Math.max(0, mean - (now - t0)));
    while (free.length < this.jobs) free.push(0);
    for (let i = 0; i < waiting; i++) {
      free.sort((a, b) => a - b);
      free[0]! += mean;
    }
    // a student past the mean is not done yet: never 0 while any is left
    return Math.max(1000, Math.round(Math.max(...free)));
  }
}

/** "3/12 done · 4 running · 5 waiting · ETA 1 min 20 s" */
export function countsText(c: ClassCounts): string {
  return `${c.done}/${c.total} done · ${c.running} running · ${c.waiting} waiting · ETA ${c.etaMs === undefined ? '?' : fmtEta(c.etaMs)}`;
}

function fmtEta(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Not on a terminal: a line per student as each ends, with the class's counts; the notes as they come. */
export function classLines(total: number, write: (s: string) => void, now?: () => number): ClassProgress & { tally: ClassTally } {
  const tally = new ClassTally(total, now);
  return {
    tally,
    lanes: (n) => tally.lanes(n),
    start: (label) => tally.start(label),
    end(label, line) {
      tally.end(label);
      write(`kubegrade: ${line} · ${countsText(tally.counts())}\n`);
    },
    note: (line) => write(`kubegrade: ${line}\n`),
    stop() {},
  };
}

/** Nothing shown (--quiet). */
export const NO_CLASS_PROGRESS: ClassProgress = { lanes() {}, start() {}, end() {}, note() {}, stop() {} };
