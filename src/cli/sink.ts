/**
 * A batch's bulk output (its stdout, and each format's file under --out) to a file
 * descriptor through one buffer: each piece is encoded into it as UTF-8 as it comes (a piece
 * of one-byte text is a copy) and the buffer is written when full and at the end. The
 * alternative, a stream write or a join of the pieces per write, encodes every piece again
 * and, for a stream, allocates a Buffer per call: 45 µs a report more for a class's JSON.
 *
 * Written with writeSync, whole: a short write is continued, a descriptor that another
 * process left non-blocking is waited for (EAGAIN), and a reader that went away (EPIPE on
 * stdout) ends the run quietly, as bin/kubegrade.js does for the streams.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Output } from '../reporters/types.js';
import { makeFolder, makeFolders, sameBytes, startWriteBehind, type HandOff, type RenderSetup, type WriteBehind, type WriterJob } from '../batch/write-ahead.js';

const SIZE = 1 << 18;
/** OutTree.writeFile's encoding buffer, and the one it reads the file already there into. */
const SCRATCH = Buffer.allocUnsafe(1 << 18);
const BEFORE = Buffer.allocUnsafe(1 << 18);
/** `text` as UTF-8, in SCRATCH when it fits (a page is a few KB; a Buffer each is garbage for the GC): valid until the next call. */
const encode = (text: string): Buffer => (text.length * 3 <= SCRATCH.length ? SCRATCH.subarray(0, SCRATCH.write(text, 0, 'utf8')) : Buffer.from(text, 'utf8'));
const pause = new Int32Array(new SharedArrayBuffer(4));

export class FdSink implements Output {
  private buf = Buffer.allocUnsafe(SIZE);
  private used = 0;

  constructor(
    private readonly fd: number,
    /** On EPIPE: end the process quietly (stdout) rather than throw (a file). */
    private readonly quietOnEpipe = false,
  ) {}

  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: a piece that may not fit waits for a flush.
    if (text.length * 3 > SIZE - this.used) {
      this.flush();
      if (text.length * 3 > SIZE) return writeWhole(this.fd, Buffer.from(text, 'utf8'), this.quietOnEpipe);
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    writeWhole(this.fd, this.buf.subarray(0, n), this.quietOnEpipe);
  }
}

/** `bytes` to `fd`, all of them: see the top of this file. */
function writeWhole(fd: number, bytes: Uint8Array, quietOnEpipe: boolean): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE' && quietOnEpipe) process.exit(process.exitCode ?? 0);
      else throw err;
    }
  }
}

/**
 * The process's stdout, written at once with writeSync, as `process.stdout` does on Linux for a
 * file, pipe or terminal alike, without creating that stream (3 ms of a student's cold start).
 * On Windows a console needs the stream (it converts to the console's UTF-16).
 */
export function stdoutWriter(): (text: string) => void {
  if (process.platform === 'win32') return (s) => void process.stdout.write(s);
  return (s) => writeWhole(1, Buffer.from(s, 'utf8'), true);
}

/**
 * The files of one batch under `--out DIR`, written so that a run that stops (SIGINT, a crash, a
 * full disk) leaves the previous outputs whole: every file is written to a temporary name beside
 * its own (`.reports.json.kubegrade-<pid>.tmp`) and renamed over it only in `commit()`, after the
 * last report; `abort()` removes the temporaries. A rename within one folder is atomic, so each
 * file is either the previous run's or this run's, never a part.
 *
 * Stale files: the names written are kept in DIR/.kubegrade-manifest (one a line). The next
 * commit removes the files of the previous manifest that this run did not write (the per-student
 * pages of a student no longer in the class), then the folders that left empty. Files kubegrade
 * did not write (no manifest names them) are never touched.
 *
 * A folder of a reporter's own that is not in DIR yet (a first run: `gradescope/`, `students/`)
 * is made whole under a temporary name (`.gradescope.kubegrade-<pid>.tmp/`), its files written
 * there under their own names, and that folder renamed to its name in `commit()`: one rename
 * for the folder rather than one per file, and until then there is no folder of that name, so
 * an interrupted run leaves none (`abort()` removes the temporary one).
 *
 * A re-run: a file of a reporter's own (writeFile: a student's page, feedback, results.json)
 * whose bytes are those of the file of the same name the previous run wrote is left as it is,
 * not written again. It is this run's output already, so it is as atomic as a rename; and
 * making a file and freeing the one it replaces is most of what a class's thousands of
 * per-student files cost the file system (ext4 flushes a file renamed over another at once).
 */
export const MANIFEST = '.kubegrade-manifest';

/** A `..` segment of a relative path. */
const DOTDOT = /(?:^|[/\\])\.\.(?:[/\\]|$)/;

export class OutTree {
  /**
   * Final relative path → its temporary file, or undefined for a file with nothing to rename
   * (already there with the same bytes, kept; or in a folder made under a temporary name).
   */
  private readonly temps = new Map<string, string | undefined>();
  /** A reporter's folder that was not in DIR (its first path segment) → the temporary folder it is made in, or undefined: it was there. */
  private readonly staged = new Map<string, string | undefined>();
  /** What the previous run wrote (its manifest), read when this run starts. */
  private readonly previous: Set<string>;
  private readonly made = new Set<string>();
  /** Folders this run created (the first of each mkdir), removed again by abort() when left empty. */
  private readonly created: string[] = [];
  /** commit() has begun to put files in place: from then on DIR may hold some of this run's files (an error there cannot be undone). */
  placing = false;

  /** The writing thread, once started (with `writeBehind`, at the first file of a reporter's own). */
  private behind: WriteBehind | undefined;
  private behindWanted: boolean;

  /** `writeBehind`: the files of reporters' own made by a thread of their own (src/batch/write-ahead.ts), not by this one. */
  constructor(
    readonly dir: string,
    options: { writeBehind?: boolean } = {},
  ) {
    this.previous = new Set(this.readManifest());
    this.behindWanted = options.writeBehind === true;
  }

  /**
   * The formats rendered by the writing thread (RenderSetup: their files opened with open()), which
   * makes their files of their own itself; `warn`: the formats' lines for the user. False when there
   * is no thread to start (no built script): the caller renders.
   */
  renderBehind(setup: RenderSetup, warn: (message: string) => void): boolean {
    if (this.behind) throw new Error('OutTree: the writing thread is running already');
    this.behindWanted = false;
    this.behind = startWriteBehind(setup, warn);
    return this.behind !== undefined;
  }

  /** A report for the formats of renderBehind(). */
  render(report: import('../types.js').Report): void {
    this.behind!.write({ report });
  }

  /** The formats of renderBehind() ended (their files flushed, the caller closes them), and their files of their own adopted. */
  finishRender(): void {
    this.behind!.write({ flush: true });
    const { created, handOff } = this.behind!.settle();
    this.created.push(...created);
    if (!handOff) throw new Error('OutTree: the writing thread handed nothing over');
    this.adopt(handOff);
  }

  /** The writing thread stopped (it starts nothing more; with renderBehind(), what it made and did not hand over is removed). Safe to call twice. */
  stopBehind(): void {
    if (!this.behind) return;
    this.created.push(...this.behind.stop());
    this.behind = undefined;
  }

  /** The files this tree made with writeFile(), for another tree's commit() (adopt()), no longer this one's to commit or abort. */
  handOff(): HandOff {
    const h: HandOff = { temps: [...this.temps], staged: [...this.staged], created: this.created.splice(0), made: [...this.made] };
    this.temps.clear();
    this.staged.clear();
    this.made.clear();
    return h;
  }

  /** The files of another tree into the same DIR (handOff()), committed and aborted with this one's. */
  adopt(h: HandOff): void {
    for (const [rel, tmp] of h.temps) this.temps.set(rel, tmp);
    for (const [top, folder] of h.staged) this.staged.set(top, folder);
    for (const d of h.made) this.made.add(d);
    this.created.push(...h.created);
  }

  /** A temporary file beside `rel` (relative to DIR, `/`-separated), opened for writing. */
  open(rel: string): number {
    const final = this.path(rel);
    const tmp = join(dirname(final), `.${basename(final)}.kubegrade-${process.pid}.tmp`);
    this.makeFolder(dirname(final), true);
    this.temps.set(rel, tmp);
    return openSync(tmp, 'w');
  }

  /**
   * `folder` and those above it up to DIR, made when missing (remembered: a student's folder beside
   * one made is one mkdir), now or, with `later`, by the caller (the writing thread). `record`:
   * abort() removes those it made again (a temporary folder's are removed with it).
   */
  private makeFolder(folder: string, record = true, later = false): WriterJob | undefined {
    if (this.made.has(folder)) return undefined;
    // A student's folder under one already made (gradescope/<folder>/): one mkdir, not a walk from the root.
    const job = { folder, recursive: !this.made.has(dirname(folder)), note: record };
    // The folder and those above it, up to DIR, are there now (or will be, before any file in them): a student's folder beside this one is one mkdir.
    for (let d = folder; d.length >= this.dir.length && !this.made.has(d); d = dirname(d)) this.made.add(d);
    if (later) return job as WriterJob;
    const first = makeFolder(folder, job.recursive);
    if (first && record) this.created.push(first);
    return undefined;
  }

  /**
   * Where `rel` is written when its reporter's folder was not in DIR when the run first wrote into
   * it: under the temporary folder made for it, with its own name. Undefined: beside its final
   * place, under a temporary name (open()).
   */
  private stagedPath(rel: string): string | undefined {
    const slash = rel.indexOf('/');
    if (slash <= 0) return undefined;
    const top = rel.slice(0, slash);
    let folder = this.staged.get(top);
    if (folder === undefined && !this.staged.has(top)) {
      const final = this.path(top);
      try {
        lstatSync(final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        folder = join(this.dir, `.${top}.kubegrade-${process.pid}.tmp`);
        mkdirSync(folder);
        this.made.add(folder);
      }
      this.staged.set(top, folder);
    }
    return folder === undefined ? undefined : join(folder, rel.slice(slash + 1));
  }

  /** `rel`'s whole text, to its temporary file (or its place in a temporary folder). */
  writeFile(rel: string, text: string): void {
    const final = this.path(rel);
    const staged = this.stagedPath(rel);
    // A file the previous run wrote here is compared with this one's (see the top): kept when it has the same bytes.
    const compare = staged === undefined && this.previous.has(rel);
    if (this.behindWanted && !this.behind) {
      this.behindWanted = false;
      this.behind = startWriteBehind();
    }
    if (compare && !this.behind && sameBytes(final, encode(text), BEFORE)) {
      this.temps.set(rel, undefined);
      return;
    }
    const path = staged ?? join(dirname(final), `.${basename(final)}.kubegrade-${process.pid}.tmp`);
    this.temps.set(rel, staged === undefined ? path : undefined);
    if (this.behind) {
      // The writing thread compares, and says which it kept (commit()).
      const folder = this.makeFolder(dirname(path), staged === undefined, true);
      this.behind.write({ ...folder, path, text, ...(compare ? { unless: final } : {}) });
      return;
    }
    this.makeFolder(dirname(path), staged === undefined);
    const fd = openSync(path, 'w');
    try {
      writeWhole(fd, encode(text), false);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The temporaries of a run that was killed (SIGKILL, a power cut: no abort() ran) and is no longer
   * running: `.NAME.kubegrade-<pid>.tmp`, a file or a folder, in DIR and in the folders this run and
   * the previous one wrote into (a walk of those only, so the sweep is bounded by the outputs), but for
   * those under a folder of `placed` (made by this run under a temporary name: a class's 2,000 student
   * folders were 100 ms of readdir). A process of that pid still alive is taken to be another run into
   * the same DIR: its temporaries stay.
   */
  private sweepKilled(previous: ReadonlySet<string>, written: readonly string[], placed: ReadonlySet<string>): void {
    const folders = new Set<string>([this.dir]);
    for (const rel of [...previous, ...written]) {
      const slash = rel.indexOf('/');
      if (slash > 0 && placed.has(rel.slice(0, slash))) continue;
      for (let d = dirname(this.path(rel)); d.startsWith(this.dir + sep); d = dirname(d)) folders.add(d);
    }
    const alive = new Map<number, boolean>();
    const isAlive = (pid: number): boolean => {
      let a = alive.get(pid);
      if (a === undefined) {
        try {
          process.kill(pid, 0);
          a = true;
        } catch (err) {
          a = (err as NodeJS.ErrnoException).code === 'EPERM';
        }
        alive.set(pid, a);
      }
      return a;
    };
    for (const folder of folders) {
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue; // gone, or not a folder
      }
      for (const name of names) {
        const m = /^\..*\.kubegrade-(\d+)\.tmp$/.exec(name);
        if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
        rmSync(join(folder, name), { recursive: true, force: true });
      }
    }
  }

  /** Every file into place, the manifest updated, the previous run's files that this one did not write removed. Returns how many were removed. */
  commit(): number {
    let kept: Set<string> | undefined;
    if (this.behind) {
      const settled = this.behind.settle();
      this.created.push(...settled.created, ...this.behind.stop());
      this.behind = undefined;
      kept = new Set(settled.kept);
    }
    const previous = this.previous;
    this.placing = true;
    for (const [rel, tmp] of this.temps) if (tmp !== undefined && !kept?.has(tmp)) renameSync(tmp, this.path(rel));
    const written = [...this.temps.keys()];
    /** Reporters' folders this run made whole and renamed into place: nothing in them is another run's. */
    const placed = new Set<string>();
    for (const [top, folder] of this.staged) if (folder !== undefined && this.placeStaged(top, folder, written)) placed.add(top);
    this.staged.clear();
    const manifestTmp = join(this.dir, `${MANIFEST}.kubegrade-${process.pid}.tmp`);
    const fd = openSync(manifestTmp, 'w');
    try {
      writeWhole(fd, Buffer.from(written.join('\n') + '\n', 'utf8'), false);
    } finally {
      closeSync(fd);
    }
    renameSync(manifestTmp, join(this.dir, MANIFEST));
    this.sweepKilled(previous, written, placed);
    this.temps.clear();
    this.created.length = 0;
    let removed = 0;
    const folders = new Set<string>();
    const now = new Set(written);
    for (const rel of previous) {
      if (now.has(rel)) continue;
      try {
        unlinkSync(this.path(rel));
        removed++;
      } catch {
        continue; // already gone, or not a file: nothing of ours to remove
      }
      for (let d = dirname(this.path(rel)); d !== this.dir && d.startsWith(this.dir + sep); d = dirname(d)) folders.add(d);
    }
    // Deepest first; a folder that holds anything else stays.
    for (const d of [...folders].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(d);
      } catch {
        /* not empty */
      }
    }
    return removed;
  }

  /** The temporaries removed; the previous outputs are as they were. Safe to call from a signal handler, and twice. */
  abort(): void {
    // The writing thread first: once it has stopped, every file this run made is known.
    this.stopBehind();
    for (const tmp of this.temps.values()) {
      if (tmp === undefined) continue; // a file kept as the previous run wrote it
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
    this.temps.clear();
    for (const folder of this.staged.values()) if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    this.staged.clear();
    const roots = this.created.splice(0);
    const mine = [...this.made].filter((d) => roots.some((r) => d === r || d.startsWith(r + sep)));
    for (const d of new Set([...mine, ...roots].sort((a, b) => b.length - a.length))) {
      try {
        rmdirSync(d);
      } catch {
        /* holds something else */
      }
    }
  }

  /**
   * A folder made under a temporary name, to its own name: one rename. Should a folder of that name
   * have appeared since (another program, another run into DIR), its files are moved into it one by one.
   * Returns whether it was the one rename.
   */
  private placeStaged(top: string, folder: string, written: readonly string[]): boolean {
    try {
      renameSync(folder, this.path(top));
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
    }
    for (const rel of written) {
      if (!rel.startsWith(top + '/')) continue;
      const final = this.path(rel);
      makeFolders(dirname(final));
      renameSync(join(folder, rel.slice(top.length + 1)), final);
    }
    rmSync(folder, { recursive: true, force: true });
    return false;
  }

  /** DIR/rel, refusing a path that would leave DIR (a name is built from student text). */
  private path(rel: string): string {
    const p = join(this.dir, rel);
    // A name without a `..` segment stays in DIR once joined (relative() is 20 µs a file): DIR itself (segments all `.` or empty) is the one to refuse.
    if (!DOTDOT.test(rel)) {
      if (rel.split(/[/\\]/).every((seg) => seg === '' || seg === '.')) throw new Error(`output path ${rel} is outside ${this.dir}`);
      return p;
    }
    const back = relative(this.dir, p);
    if (!back || back.startsWith('..') || back.split(/[/\\]/).some((s) => s === '..')) throw new Error(`output path ${rel} is outside ${this.dir}`);
    return p;
  }

  /** The previous run's file names; none without a manifest (an older kubegrade, or a new folder). */
  private readManifest(): string[] {
    let text: string;
    try {
      text = readFileSync(join(this.dir, MANIFEST), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((l) => l && !l.split(/[/\\]/).includes('..') && !l.startsWith('/'));
  }
}
