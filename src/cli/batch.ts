/**
 * `kubegrade batch ROOT`: every subfolder of ROOT (a plain folder or a git
 * clone, GitHub Classroom's `<assignment>-<github_username>`) is a
 * submission. One grading; every format asked for (`--format csv,canvas,…`)
 * is written from the same reports as they stream in order, into DIR with
 * `--out DIR` (each format's file, and the files of its own it writes), or to
 * stdout for one format. Then the class summary on stderr.
 *
 * Exit codes: 0 every submission was graded (lost points are not an error
 * for an instructor), 1 any could not be graded, 2 usage (a bad option,
 * roster, rubric or --out), 130 interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP).
 */
import { closeSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { REPORTERS, type Output, type RenderOptions, type ReporterRun } from '../reporters/index.js';
import { loadRubric, rubricTexts } from '../rubric/index.js';
import type { Report } from '../types.js';
import { osReason, UsageError } from '../util/errors.js';
import { forTerminalLine } from '../util/escape.js';
import { didYouMean } from '../util/text.js';
import { liveOptions, type LiveCliOptions } from '../live/options.js';
import { clusterOptionsGiven, collect, excerptsFor, importLive, SARIF_CATEGORY_HELP, sarifCategory, type Io } from './common.js';
import { deadlineFrom, deadlineOptions, type DeadlineCli } from './deadline.js';
import { defaultThreads } from '../batch/threads.js';
import { makeFolders, writeBehindFor } from '../batch/write-ahead.js';
import { FdSink, MANIFEST, OutTree } from './sink.js';
import type { Progress } from './progress.js';
import { studentLabel } from '../reporters/names.js';

interface BatchCli extends LiveCliOptions, DeadlineCli {
  roster?: string;
  env?: string;
  rubric?: string;
  set: string[];
  schema: string[];
  format: string;
  out?: string;
  assignment?: string;
  category?: string;
  quiet?: boolean;
  live?: boolean;
  jobs?: string;
  threads?: string;
  progressEvery?: string;
  usernameFrom: string;
  inCluster?: boolean;
  image?: string;
  gradingNamespace?: string;
}

export function batchCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  liveOptions(deadlineOptions(
    program
      .command('batch')
      .argument('<root>', 'a folder whose subfolders are submissions (one per student: plain folders or git clones)')
      .option('--roster <file>', 'who each submission is: a Canvas gradebook export with a folder (or username) column, a GitHub Classroom roster, or folder,username')
      .option('-e, --env <env>', 'the environment (default: the rubric\'s)')
      .option('-r, --rubric <file>', 'a rubric file')
      .option('-s, --set <key=value>', 'override a rubric parameter (repeatable)', collect, [] as string[])
      .option('--schema <dir>', 'a folder of JSON schemas for custom resources (kubeconform\'s layout: certificate-cert-manager.io-v1.json); repeatable', collect, [] as string[])
      .option('-f, --format <formats>', `output formats, comma-separated: ${[...REPORTERS.keys()].join(', ')}`, 'csv')
      .option('-o, --out <dir>', 'write every format into DIR (each its own file; markdown: a file per student)')
      .option('--username-from <source>', 'which username a submission is graded with when the roster\'s and the files\' differ: "files" (the default; the difference is said on stderr) or "roster"', 'files')
      .option('--assignment <column>', 'canvas: the assignment\'s column header as Canvas exports it, e.g. "HW6 (1234)"')
      .option('--category <id>', SARIF_CATEGORY_HELP)
      .option('--threads <n>', `grading threads (default ${defaultThreads()} here: one per core but one, at least one); more is faster on many cores and uses more memory`)
      .option('-q, --quiet', 'no progress on stderr (the summary and warnings still)')
      .addOption(new Option('--progress-every <n>', 'not on a terminal: a progress line every N submissions (default: a tenth of the class)').hideHelp())
      .option('--live', 'also run the live checks, each submission applied into a namespace of its own (with --deploy)')
      .option('-j, --jobs <n>', 'with --live: submissions on the cluster at once (default: what the nodes\' allocatable CPU and memory hold, at one student\'s quota each)')
      .option('--in-cluster', 'with --live --deploy: grade each submission in a Kubernetes Job of its own on the cluster (kubegrade\'s image, the ServiceAccount of deploy/), not in this process')
      .option('--image <ref>', 'with --in-cluster: kubegrade\'s image (scripts/build-kubegrade-image.sh prints it; default kubegrade/kubegrade:<version>)')
      .option('--grading-namespace <ns>', 'with --in-cluster: where the Jobs run (its ServiceAccount kubegrade: deploy/kubegrade-serviceaccount.yaml)', 'kubegrade'),
  ))
    .description('grade every submission under a folder into a gradebook and feedback (exit 0 when all were graded, 1 when any could not be, 2 usage)')
    .action(async (root: string, o: BatchCli) => setExit(await runBatch(root, o, io)));
}

async function runBatch(root: string, o: BatchCli, io: Io): Promise<number> {
  const warn = (m: string) => io.stderr(`kubegrade: ${forTerminalLine(m)}\n`);
  if (o.live) liveUsage(o);
  inClusterUsage(o);
  const formats = parseFormats(o.format);
  if (formats.length > 1 && !o.out) throw new UsageError(`--format ${o.format}: several formats need --out DIR (one file each)`);
  const threads = o.threads === undefined ? undefined : Number(o.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256)) throw new UsageError(`--threads ${o.threads}: expected a whole number of grading threads, 1 to 256`);
  if (o.progressEvery !== undefined && !(Number.isInteger(Number(o.progressEvery)) && Number(o.progressEvery) > 0)) throw new UsageError(`--progress-every ${o.progressEvery}: expected a whole number, 1 or more`);
  if (formats.includes('canvas') && !o.assignment?.trim()) {
    throw new UsageError('the canvas format needs --assignment "<name> (<id>)": the assignment\'s column header as Canvas exports it (the number is its id), e.g. --assignment "HW6 (1234)"');
  }
  if (o.assignment && !/\(\d+\)\s*$/.test(o.assignment)) warn(`--assignment "${o.assignment}" has no "(<id>)": Canvas will offer to create a new assignment of that name`);
  const category = sarifCategory(o.category, formats);
  if (o.usernameFrom !== 'files' && o.usernameFrom !== 'roster') throw new UsageError(`--username-from ${o.usernameFrom}: expected "files" or "roster"`);
  const deadline = deadlineFrom(o);
  if (deadline && o.live) throw new UsageError('--deadline grades the static checks of a commit; it does not go with --live');
  if (!o.live && clusterOptionsGiven(o)) throw new UsageError('the cluster options (--deploy, --namespace, --probe, ...) go with --live');
  loadRubric(o.rubric, { set: o.set }); // a broken rubric is a usage error before anything is graded
  if (o.schema.length) (await import('../schema/custom.js')).schemaDirs(o.schema); // so is a --schema folder that is not there

  const { submissionsIn, readRoster, planRows } = await import('../batch/roster.js');
  const dirs = submissionsIn(root, warn);
  const roster = o.roster ? readRoster(o.roster) : undefined;
  const rows = planRows(root, dirs, roster, warn);
  if (formats.includes('canvas') && roster?.shape === 'canvas') canvasRosterChecks(roster, o.assignment!, loadRubric(o.rubric, { set: o.set }), warn);
  if (formats.includes('canvas')) {
    const unmatched = rows.filter((r) => !r.student?.id && !r.student?.sisUserId && !r.student?.sisLoginId).length;
    if (unmatched) warn(`canvas: ${unmatched} row${unmatched === 1 ? ' has' : 's have'} no Canvas ID, SIS User ID or SIS Login ID, so Canvas can match ${unmatched === 1 ? 'it' : 'them'} by name at best: give --roster the Canvas gradebook export with a folder column`);
  }

  const outDir = o.out ? prepareOut(o.out, root) : undefined;
  const tree = outDir ? new OutTree(outDir) : undefined;
  const { SummaryCounter, formatSummary } = await import('../batch/summary.js');
  const summary = new SummaryCounter();
  const sinks: { run?: ReporterRun; close(): void }[] = [];
  /** The formats run in the writing thread (OutTree.renderBehind): a class of 128 or more into --out, on 2 cores or more. */
  let rendering = false;
  // cli-progress (and the readline it loads) only when a batch runs, not at every start.
  const { batchProgress, classProgress } = await import('./progress.js');
  let progress: Progress | undefined;
  // Ctrl-C, or any stop (SIGTERM: kill, a CI job's timeout; SIGHUP: the terminal closed): the temporaries removed (the
  // previous outputs stay whole), the terminal as it was, one line, 128 + the signal's number (130, 143, 129).
  // (--live has its own handler for SIGINT and SIGTERM: it deletes what it deployed first, then the run ends below as interrupted.)
  const onSignal = (signal: NodeJS.Signals) => {
    progress?.stop();
    tree?.abort();
    try {
      io.stderr(`kubegrade: interrupted${signal === 'SIGINT' ? '' : ` (${signal})`}${outDir ? `: nothing written, the files in ${forTerminalLine(outDir)} are as they were` : ''}\n`);
    } catch {
      // No terminal to say it on any more (SIGHUP).
    }
    process.exit(128 + (SIGNAL_NUMBERS[signal as keyof typeof SIGNAL_NUMBERS] ?? 2));
  };
  const stops: NodeJS.Signals[] = o.live ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of stops) process.once(signal, onSignal);
  try {
    const extra = { assignment: o.assignment, ...(category ? { category } : {}) };
    // Each format's file, opened here in the formats' order (the manifest's), whichever thread writes it.
    const opened = tree ? formats.map((name) => ({ name, fd: tree.open(REPORTERS.get(name)!.fileName ?? `${name}.txt`) })) : [];
    // Every format but json in the writing thread, with the files of their own; json stays here, where it costs what it
    // costs with --format json alone: the writing thread carries the per-student files' system calls, and json's 20 KB
    // a student there made it the slower of the two threads (bench:batch).
    const behind = tree && writeBehindFor(rows.length) ? opened.filter((f) => f.name !== 'json') : [];
    rendering = behind.length > 0 && tree!.renderBehind({ outDir: outDir!, formats: behind, extra, rubric: o.rubric, set: o.set, rubricTexts: rubricTexts() }, warn);
    for (const [i, name] of formats.entries()) {
      const fd = opened[i]?.fd;
      if (rendering && behind.some((f) => f.name === name)) {
        // The writing thread writes into it until it has stopped: only then is it closed.
        sinks.push({ close: once(() => (tree!.stopBehind(), closeSync(fd!))) });
        continue;
      }
      const options: RenderOptions = {
        color: name === 'text' && !outDir && io.color,
        ...(outDir ? { outDir, files: tree! } : {}),
        extra,
        rubric: loadRubric(o.rubric, { set: o.set }),
        summary: () => summary.result(),
        warn,
      };
      const file = fd === undefined ? stdoutOutput(io) : fileOutput(fd);
      sinks.push({ run: REPORTERS.get(name)!.create(file, options), close: () => file.close() });
    }

    // --live has its own (classProgress: done, running, waiting).
    progress = batchProgress(rows.length, o.quiet || o.live || o.progress === false ? undefined : { write: io.stderr, ...(io.stderrTty ? { tty: process.stderr } : {}) }, o.progressEvery ? Number(o.progressEvery) : undefined);
    let notGraded = 0;
    let conflicts = 0;
    const emit = (r: Report) => {
      summary.add(r);
      const listed = r.student?.username;
      if (o.usernameFrom === 'files' && listed && r.username && listed !== r.username && r.error === undefined) {
        if (++conflicts <= MAX_CONFLICTS_LISTED) warn(`${r.student?.folder ?? r.dir}: the roster's username is "${listed}", the files' is "${r.username}": graded as "${r.username}" (--username-from roster grades with the roster's)`);
      }
      if (r.error !== undefined) {
        notGraded++;
        warn(`${r.dir || studentLabel(r)}: not graded: ${r.error}`);
      }
      if (rendering) tree!.render(r);
      for (const s of sinks) s.run?.write(r);
      progress!.tick(r.student?.folder ?? (r.dir ? relative(root, r.dir) : (r.student?.name ?? r.username)));
    };
    let interrupted = false;
    try {
      if (o.live) interrupted = await runLive(rows, o, io, emit, classProgress);
      else {
        const { gradeRows } = await import('../batch/rows.js');
        // The grading is synchronous in this thread: let the event loop in now and then, so that Ctrl-C is heard.
        let last = performance.now();
        for await (const r of gradeRows(rows, { usernameFrom: o.usernameFrom as 'files' | 'roster', env: o.env, rubric: o.rubric, set: o.set, schemaDirs: o.schema, excerpts: excerptsFor(formats), ...(threads ? { workers: threads } : {}), ...(deadline ? { deadline } : {}), ...(rendering ? { readAhead: false } : {}) })) {
          emit(r);
          if (performance.now() - last > 50) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            last = performance.now();
          }
        }
      }
    } finally {
      progress.stop();
    }
    if (interrupted) {
      tree?.abort();
      io.stderr(`kubegrade: interrupted${outDir ? `: nothing written, the files in ${forTerminalLine(outDir)} are as they were` : ''}\n`);
      return 130;
    }
    if (conflicts > MAX_CONFLICTS_LISTED) warn(`and ${conflicts - MAX_CONFLICTS_LISTED} more submissions whose files' username differs from the roster's (${conflicts} in all): each graded with the files' username`);
    if (rendering) tree!.finishRender();
    for (const s of sinks) s.run?.flush();
    for (const s of sinks.splice(0)) s.close();
    io.stderr(formatSummary(summary.result()));
    if (tree) {
      const removed = tree.commit();
      io.stderr(`kubegrade: wrote ${formats.map((f) => join(outDir!, REPORTERS.get(f)!.fileName ?? `${f}.txt`)).join(', ')}${removed ? `; removed ${removed} file${removed === 1 ? '' : 's'} the previous run wrote there that this one did not (${MANIFEST} lists what kubegrade wrote)` : ''}\n`);
    }
    return notGraded > 0 ? 1 : 0;
  } catch (err) {
    throw (tree && outError(err, tree)) || err;
  } finally {
    for (const s of sinks) {
      try {
        s.close();
      } catch {
        // The run failed already (that error is the one said); the temporary goes below.
      }
    }
    tree?.abort();
    for (const signal of stops) process.off(signal, onSignal);
  }
}

/** The errors of the system that say --out cannot be written (no permission, a read-only or full disk, a file in the way), not that kubegrade is wrong. */
const OUT_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EFBIG', 'ENAMETOOLONG', 'ELOOP', 'EMLINK']);
/** Of those, the ones a write to a file already open gives (no path: the format's file under DIR). */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * A write into --out that the system refused, as a usage error: one line with the file (its final name, not the
 * temporary's) and the system's reason. Undefined for anything else (a bug: said as one). The temporaries are
 * removed by the caller (OutTree.abort()), so nothing was written, unless the refusal came while the files were
 * being put in place.
 */
function outError(err: unknown, tree: OutTree): UsageError | undefined {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || !OUT_ERRORS.has(e.code)) return undefined;
  const dir = resolve(tree.dir);
  const inDir = (p: string) => {
    const r = relative(dir, resolve(p));
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  if (e.path === undefined ? !FULL.has(e.code) : !inDir(e.path)) return undefined;
  // `.feedback.kubegrade-<pid>.tmp/x.md` and `.gradebook.csv.kubegrade-<pid>.tmp`: the names they were written for.
  const named = e.path === undefined ? undefined : e.path.replace(/(^|[/\\])\.([^/\\]+)\.kubegrade-\d+\.tmp(?=[/\\]|$)/g, '$1$2');
  const what = named === undefined ? `cannot write into ${tree.dir}` : e.syscall === 'mkdir' ? `cannot make the folder ${named}` : `cannot write ${named}`;
  const after = tree.placing
    ? `; it came while this run's files were put in place, so ${tree.dir} may hold some of them beside the previous run's: run again once it can be written`
    : `; nothing written, the files in ${tree.dir} are as they were`;
  return new UsageError(forTerminalLine(`--out ${tree.dir}: ${what}: ${osReason(e)}${after}`));
}

/** The signals that stop a batch, by their numbers (the same on Linux, macOS and in libuv on Windows; node:os's table would load net, dgram and child_process into every run). */
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** Roster/username conflicts named one by one on stderr; the rest counted. */
const MAX_CONFLICTS_LISTED = 20;

/**
 * A Canvas export given with --format canvas: the --assignment column should be one of its
 * columns (else Canvas makes a new assignment of that name), and its "Points Possible" should
 * be the rubric's maximum (else a 47 lands in a 100-point assignment as 47%).
 */
function canvasRosterChecks(roster: import('../batch/roster.js').Roster, assignment: string, rubric: ReturnType<typeof loadRubric>, warn: (m: string) => void): void {
  const name = assignment.trim();
  if (!roster.header.includes(name)) {
    const id = /\((\d+)\)\s*$/.exec(name)?.[1];
    const sameId = id ? roster.header.find((h) => h.endsWith(`(${id})`)) : undefined;
    warn(`--assignment "${name}" is not a column of the roster ${roster.file}${sameId ? ` (its column for assignment ${id} is "${sameId}")` : ''}: Canvas's import matches the column by name and id, and would offer to make a new assignment`);
    return;
  }
  const possible = roster.pointsPossible?.[name];
  const max = rubric.checks.reduce((n, c) => (c.type === 'live' ? n : n + c.points), 0);
  if (possible && Number(possible) !== max) warn(`--assignment "${name}" has ${possible} points possible in ${roster.file}, the rubric ${max} (static checks): Canvas would read each score out of ${possible}; change the assignment's points or the rubric`);
}

/** `csv,canvas` → the reporters' names, each known (a typo gets a did-you-mean). */
function parseFormats(list: string): string[] {
  const names = [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
  if (names.length === 0) throw new UsageError(`--format "${list}": name at least one format (${[...REPORTERS.keys()].join(', ')})`);
  for (const n of names) {
    if (REPORTERS.has(n)) continue;
    const meant = didYouMean(n, [...REPORTERS.keys()]);
    throw new UsageError(`--format ${n}: unknown format${meant ? `; did you mean "${meant}"?` : ''} (formats: ${[...REPORTERS.keys()].join(', ')})`);
  }
  return names;
}

/**
 * The --out folder, made when missing. ROOT itself would have its folders (feedback/, gradescope/, …) graded as
 * submissions next time, and a folder inside ROOT would be one: refused, but for a hidden one. Both as written and
 * as real paths (`ROOT/`, `.`, a link to ROOT or into it; a link in ROOT to a folder elsewhere is graded too).
 */
function prepareOut(out: string, root: string): string {
  const elsewhere = `write it elsewhere (or into a hidden folder such as ${join(root, '.kubegrade')})`;
  for (const [r, o] of [
    [resolve(root), resolve(out)],
    [realPath(root), realPath(out)],
  ] as const) {
    const rel = relative(r, o);
    if (rel === '') throw new UsageError(forTerminalLine(`--out ${out} is the folder of submissions ${root} itself: the next run would grade the folders this one writes there (feedback/, gradescope/, …) as students; ${elsewhere}`));
    const first = rel.split(/[/\\]/)[0]!;
    if (first !== '..' && !isAbsolute(rel) && !first.startsWith('.')) throw new UsageError(forTerminalLine(`--out ${out} is inside ${root}, where it would be taken for a submission: ${elsewhere}`));
  }
  let st;
  try {
    st = statSync(out);
  } catch {
    // Missing (or not to be looked at: making it says why).
  }
  if (st && !st.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder`);
  if (!st) {
    try {
      makeFolders(realPath(out)); // through a link to a folder not there yet, the folder it names
    } catch (err) {
      throw new UsageError(`--out ${out}: cannot make the folder ${forTerminalLine((err as NodeJS.ErrnoException).path ?? out)}: ${osReason(err)}`);
    }
  }
  return out;
}

/**
 * `p` with every link resolved: of the nearest folder above it that is there when it is not (yet), and where a
 * link to what is not there yet points (at most 40 links, as the system follows).
 */
function realPath(p: string, links = 0): string {
  const rest: string[] = [];
  for (let d = resolve(p); ; d = dirname(d)) {
    try {
      return join(realpathSync(d), ...rest.reverse());
    } catch {
      // Not there, or not to be looked at: the folder above, unless this is a link.
    }
    try {
      if (links < 40 && lstatSync(d).isSymbolicLink()) return realPath(join(resolve(dirname(d), readlinkSync(d)), ...rest.reverse()), links + 1);
    } catch {
      // Not there at all.
    }
    if (dirname(d) === d) return resolve(p);
    rest.push(basename(d));
  }
}

/** A reporter's file under --out (`fd`: its temporary, OutTree.open), written through one buffer (FdSink). */
function fileOutput(fd: number): Output & { close(): void } {
  const sink = new FdSink(fd);
  return {
    write: (s) => sink.write(s),
    close: once(() => {
      try {
        sink.flush();
      } finally {
        closeSync(fd);
      }
    }),
  };
}

/** `f` on the first call only. */
function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

/**
 * stdout: through one buffer when it is the process's own (FdSink); else through io.stdout
 * (Windows' console stream, a test's), the pieces joined 64 KiB at a time.
 */
function stdoutOutput(io: Io): Output & { close(): void } {
  if (io.stdoutFd === undefined) {
    let parts: string[] = [];
    let size = 0;
    const drain = () => {
      if (size === 0) return;
      io.stdout(parts.join(''));
      parts = [];
      size = 0;
    };
    return {
      write(s) {
        parts.push(s);
        size += s.length;
        if (size >= 1 << 16) drain();
      },
      close: drain,
    };
  }
  const sink = new FdSink(io.stdoutFd, true);
  return { write: (s) => sink.write(s), close: () => sink.flush() };
}

/** batch --live --deploy: each submission on the cluster, --jobs at a time (src/live/class.ts), then the rows in order. */
function liveUsage(o: BatchCli): number | undefined {
  const jobs = o.jobs === undefined ? undefined : Number(o.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs ${o.jobs}: expected a whole number of submissions, 1 or more`);
  if (!o.deploy) throw new UsageError('batch --live needs --deploy: each submission is applied into a namespace of its own, graded there, and deleted');
  if (o.namespace) throw new UsageError('batch --live --deploy makes a namespace per submission: --namespace does not apply');
  return jobs;
}

/** --image and --grading-namespace mean something only with --in-cluster. */
function inClusterUsage(o: BatchCli): void {
  if (o.inCluster && !o.live) throw new UsageError('--in-cluster goes with --live --deploy: it runs the live pass of each submission in a Job on the cluster');
  if (!o.inCluster && (o.image !== undefined || (o.gradingNamespace !== undefined && o.gradingNamespace !== 'kubegrade'))) throw new UsageError('--image and --grading-namespace go with --in-cluster');
}

async function runLive(rows: readonly import('../batch/roster.js').Row[], o: BatchCli, io: Io, emit: (r: Report) => void, classProgress: typeof import('./progress.js').classProgress): Promise<boolean> {
  const jobs = liveUsage(o);
  const { missingReport } = await import('../batch/rows.js');
  const progress = classProgress(rows.length, o.quiet || o.progress === false ? undefined : { write: io.stderr, ...(io.stderrTty ? { tty: process.stderr } : {}) });
  const shown = { stderr: io.stderr, progress };
  try {
    const { reports, interrupted } = o.inCluster
      ? await (await importLive(() => import('../live/jobs.js'))).liveJobs(rows, { ...o, jobs }, shown, (row) => missingReport(row, o))
      : await (await importLive(() => import('../live/class.js'))).liveClass(rows, { ...o, jobs }, shown, (row) => missingReport(row, o));
    for (const r of reports) emit(r);
    return interrupted;
  } finally {
    progress.stop();
  }
}
