/**
 * The kubegrade command line. A thin layer over the library: parse the
 * arguments (commander), call grade(), render with a reporter, exit with
 * 0 (full marks), 1 (points lost) or 2 (usage or rubric error).
 */
import { Command, CommanderError, Option } from 'commander';
import { grade, type GradeOptions } from '../grade.js';
import { checkParam, DEFAULT_RUBRIC, knownChecks, loadRubric, render, shippedRubrics } from '../rubric/index.js';
import { kubegradeVersion } from '../util/version.js';
import { REPORTERS, renderAll, type RenderOptions } from '../reporters/index.js';
import { forShell, forTerminalLine } from '../util/escape.js';
import { homeworkToGrade, looksLikeClass } from './class-folder.js';
import { discover } from '../discover/index.js';
import { addWatch, watch } from './watch.js';
import { exitCodeFor } from '../score/index.js';
import { UsageError } from '../util/errors.js';
import { didYouMean } from '../util/text.js';
import { KubeError } from '../live/errors.js';
import { connectionOptions, liveOptions, type LiveCliOptions } from '../live/options.js';
import { batchCommand } from './batch.js';
import { clusterOptionsGiven, collect, excerptsFor, importLive, SARIF_CATEGORY_HELP, sarifCategory, type Io } from './common.js';
import { registerFix } from './fix.js';
import { stdoutWriter } from './sink.js';
// The cluster client (src/live/cli.ts and what it loads) is imported only by
// the commands that talk to a cluster: it is most of a cold start otherwise.

interface GradeCli {
  username?: string;
  env?: string;
  rubric?: string;
  set: string[];
  schema: string[];
  format: string;
  verbose?: boolean;
  category?: string;
}

async function runStatic(dir: string, options: GradeOptions, o: GradeCli, io: Io): Promise<number> {
  // One student's homework06/ and homework07/: the rubric's homework alone, or a refusal (class-folder.ts).
  const source = discover(dir);
  const one = homeworkToGrade(dir, source.names, loadRubric(o.rubric, { set: o.set }).name);
  if (one) io.stderr(`kubegrade: ${forTerminalLine(one.note)}\n`);
  const report = await grade(one ? one.dir : dir, one ? options : { ...options, source });
  // A folder with no YAML file is no submission: one line and exit 2, not a report of 39 failed checks. A machine
  // format is read by a program that asked for its file whatever happens (PrairieLearn's grader fails the job on an
  // empty results.json): it gets the format's "no submission" (score 0 with the reason; PrairieLearn gradable: false), exit 1.
  if (report.missing !== undefined) {
    const why = `${report.missing}: give the folder that holds the homework's .yml files`;
    if (o.format === 'text') throw new UsageError(why);
    io.stdout(renderAll(REPORTERS.get(o.format)!, [report], renderOptions(o, io)));
    io.stderr(`kubegrade: ${forTerminalLine(why)}\n`);
    return 1;
  }
  io.stdout(renderAll(REPORTERS.get(o.format)!, [report], renderOptions(o, io)));
  const cls = looksLikeClass(report.files);
  if (cls) io.stderr(`kubegrade: ${forTerminalLine(dir)} looks like a class, not one submission: ${cls}. Grade each subfolder with: kubegrade batch ${forTerminalLine(forShell(dir))}\n`);
  return exitCodeFor([report]);
}

function renderOptions(o: GradeCli, io: Io): RenderOptions {
  const text = o.format === 'text';
  const category = sarifCategory(o.category, [o.format]);
  return { color: text && io.color, verbose: o.verbose, width: text ? io.width : undefined, rubric: loadRubric(o.rubric, { set: o.set }), ...(category ? { extra: { category } } : {}) };
}

/** Both passes (check --live) or the live one (live [DIR]); without DIR the objects come from the namespace. */
async function runWithLive(dir: string | undefined, options: GradeOptions, o: GradeCli & LiveCliOptions, io: Io): Promise<number> {
  const { liveSession } = await importLive();
  const session = liveSession(o, { stderr: io.stderr, tty: io.stderrTty ?? false, color: io.color && Boolean(io.stderrTty) });
  try {
    let report;
    if (dir) report = await grade(dir, { ...options, live: session.runner });
    else {
      const ns = o.namespace ?? session.kube.namespace;
      const rubric = loadRubric(o.rubric, { set: o.set });
      const { discoverInCluster } = await import('../live/cluster-source.js');
      const source = await discoverInCluster(session.kube, ns, o.username, o.env ?? rubric.params.env).catch((e: Error) => {
        throw new UsageError(e.message);
      });
      if (source.files.length === 0) throw new UsageError(`no PVC, Deployment or Service in namespace ${ns} (context ${session.kube.context}); pass --namespace, or the submission folder`);
      report = await grade(`namespace ${ns}`, { ...options, source, live: session.runner });
    }
    const { interrupted } = session.finish();
    io.stdout(renderAll(REPORTERS.get(o.format)!, [report], renderOptions(o, io)));
    return interrupted ? 130 : exitCodeFor([report]);
  } finally {
    session.finish();
  }
}

function useColor(): boolean {
  const env = process.env;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY);
}

/** The terminal's width when stdout is one (COLUMNS when set, as shells export it). */
function terminalWidth(): number | undefined {
  const cols = Number(process.env.COLUMNS);
  if (Number.isInteger(cols) && cols >= 20) return cols;
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/**
 * The process's outputs. What they are (a TTY? how wide?) is asked when a format needs it:
 * creating process.stdout or process.stderr costs a few ms that `check --format json` need not pay.
 */
function processIo(): Io {
  return {
    stdout: stdoutWriter(),
    stdoutFd: process.platform === 'win32' ? undefined : 1,
    stderr: (s) => void process.stderr.write(s),
    get color() {
      return useColor();
    },
    get stderrTty() {
      return Boolean(process.stderr.isTTY);
    },
    get width() {
      return terminalWidth();
    },
  };
}

export async function main(
  argv: string[],
  io: Io = processIo(),
): Promise<number> {
  let exit = 0;
  const program = new Command('kubegrade')
    .description('Grades Kubernetes homework (a Flask API and its Redis) against a rubric, with file:line:column on every finding.')
    .version(kubegradeVersion(), '-V, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showSuggestionAfterError(true)
    // An empty --username is refused as an empty --env is, by every command that takes one (it was taken for none given).
    .hook('preAction', (_program, action) => {
      const { username } = action.opts() as { username?: string };
      if (username !== undefined) checkParam('username', username, `--username ${JSON.stringify(username)}`);
    });

  const gradeOptions = (cmd: Command) =>
    cmd
      .option('-u, --username <name>', 'the student\'s username (inferred from file names and labels when absent)')
      .option('-e, --env <env>', 'the environment, as in <username>-<env>-… (default: the rubric\'s, "test")')
      .option('-r, --rubric <name|file>', 'a shipped rubric by name (kubegrade rubric --list), or a rubric file (default: coe332-hw6)')
      .option('-s, --set <key=value>', 'override a rubric parameter, e.g. --set storageClassName=rbd (repeatable)', collect, [] as string[])
      .addOption(new Option('-f, --format <format>', 'output format').choices([...REPORTERS.keys()].filter((f) => f !== 'canvas')).default('text'))
      .option('-v, --verbose', 'list every check, passed ones too')
      .option('--category <id>', SARIF_CATEGORY_HELP)
      .option('--schema <dir>', 'a folder of JSON schemas for custom resources (kubeconform\'s layout: certificate-cert-manager.io-v1.json); repeatable', collect, [] as string[]);

  const check = gradeOptions(program.command('check').argument('[dir]', 'the submission folder', '.').description('grade a submission folder (static checks; --live adds the cluster checks)'));
  addWatch(check);
  liveOptions(check.option('--live', 'also run the live checks against a cluster (options below)').optionsGroup('Cluster options (with --live; see docs/live.md):')).action(
    async (dir: string, o: GradeCli & LiveCliOptions & { live?: boolean; watch?: boolean }) => {
      const options: GradeOptions = { username: o.username, env: o.env, rubric: o.rubric, set: o.set, schemaDirs: o.schema, excerpts: excerptsFor(o.format) };
      if (!o.live && clusterOptionsGiven(o)) throw new UsageError('the cluster options (--namespace, --deploy, --probe, ...) go with --live');
      sarifCategory(o.category, [o.format]); // a usage error before anything is graded
      if (o.watch) {
        if (o.live) throw new UsageError('--watch re-grades the files on every save: it does not go with --live');
        // One student's homework06/ and homework07/: the rubric's homework is watched alone, or the run is
        // refused naming the folder to give (the rule check and fix take, class-folder.ts).
        const one = homeworkToGrade(dir, discover(dir).names, loadRubric(o.rubric, { set: o.set }).name, ' --watch');
        if (one) io.stderr(`kubegrade: ${forTerminalLine(one.note)}\n`);
        exit = await watch(one ? one.dir : dir, options, (report) => renderAll(REPORTERS.get(o.format)!, [report], renderOptions(o, io)), io);
        return;
      }
      exit = o.live ? await runWithLive(dir, options, o, io) : await runStatic(dir, options, o, io);
    },
  );

  liveOptions(gradeOptions(program.command('live').argument('[dir]', 'the submission folder (without it: the objects labelled username=<u>[,env=<env>] in the namespace)')).description('run the live checks alone against a cluster'))
    .action(async (dir: string | undefined, o: GradeCli & LiveCliOptions) => {
      const options: GradeOptions = { username: o.username, env: o.env, rubric: o.rubric, set: o.set, schemaDirs: o.schema, passes: 'live' };
      if (!dir && o.deploy) throw new UsageError('--deploy needs the submission folder: kubegrade live DIR --deploy');
      sarifCategory(o.category, [o.format]);
      exit = await runWithLive(dir, options, o, io);
    });

  registerFix(program, io, (code) => (exit = code));

  connectionOptions(program.command('cleanup'))
    .option('--deployed', 'also delete the namespaces --deploy made and left (cluster-wide; --keep, or a killed run)')
    .option('--timeout <seconds>', 'time limit of each deletion', '60')
    .option('--grading-namespace <ns>', 'with --deployed: where batch --in-cluster ran its Jobs (their Jobs and ConfigMaps are deleted too)', 'kubegrade')
    .description('remove what earlier kubegrade runs left: probe pods (label app.kubernetes.io/managed-by=kubegrade), and with --deployed their namespaces and batch --in-cluster\'s Jobs')
    .action(async (o: LiveCliOptions & { deployed?: boolean; timeout: string; gradingNamespace: string }) => {
      const [{ connectKube }, { cleanupLeftovers }] = await importLive(() => Promise.all([import('../live/index.js'), import('../live/cleanup.js')]));
      const kube = connectKube(o);
      const r = await cleanupLeftovers(kube, { namespace: o.namespace, deployed: o.deployed, gradingNamespace: o.gradingNamespace, timeoutMs: Number(o.timeout) * 1000, signal: new AbortController().signal });
      for (const x of r.removed) io.stdout(`removed ${x}\n`);
      for (const x of r.failed) io.stderr(`kubegrade: could not remove ${x}\n`);
      if (r.removed.length === 0 && r.failed.length === 0) io.stdout(`nothing to clean up in namespace ${o.namespace ?? kube.namespace}${o.deployed ? ' (and no namespace made by --deploy)' : ''}\n`);
      exit = r.failed.length ? 1 : 0;
    });

  batchCommand(program, io, (code) => (exit = code));

  // Inside a student's Job of `batch --in-cluster` (src/live/jobs.ts): not for people.
  program
    .command('job-run', { hidden: true })
    .argument('<job-json>')
    .action(async (file: string) => {
      const { jobRun } = await importLive(() => import('../live/jobs.js'));
      exit = await jobRun(file, io);
    });

  program
    .command('explain')
    .argument('[check-id]', 'a check id, e.g. redis-pvc.access-modes')
    .option('-l, --list', 'list every check id')
    .option('-r, --rubric <file>', 'a rubric file')
    .option('-s, --set <key=value>', 'override a rubric parameter', collect, [] as string[])
    .option('-u, --username <name>', 'the student\'s username, as in <username>-<env>-… (default: shown as <username>)')
    .option('-e, --env <env>', 'the environment (default: the rubric\'s, "test")')
    .description('say what a check wants and why')
    .action((id: string | undefined, o: { list?: boolean; rubric?: string; set: string[]; username?: string; env?: string }) => {
      const loaded = loadRubric(o.rubric, { set: o.set });
      if (o.username !== undefined) checkParam('username', o.username, `--username ${JSON.stringify(o.username)}`);
      if (o.env !== undefined) checkParam('env', o.env, `--env ${JSON.stringify(o.env)}`);
      // Names are shown with the username given, else with a placeholder, never with a blank ("name it -test-redis-service").
      const rubric = { ...loaded, params: { ...loaded.params, username: o.username || loaded.params.username || '<username>', env: o.env ?? loaded.params.env } };
      const known = knownChecks();
      if ((o.list || !id) && !rubric.roles) {
        for (const c of rubric.checks) io.stdout(`${c.id.padEnd(44)} ${c.meta.title}\n`);
        return;
      }
      if (o.list || !id) {
        for (const [cid, k] of known) io.stdout(`${cid.padEnd(36)} ${render(k.meta.title, rubric.params)}\n`);
        return;
      }
      const k = known.get(id);
      const data = !rubric.roles ? rubric.checks.find((c) => c.id === id) : undefined;
      if (data) {
        io.stdout([`${id} — ${data.meta.title}`, '', wrap(data.meta.description), '', `fix: ${data.meta.hint}`, `points: ${data.points} (${rubric.name})`, ''].join('\n'));
        return;
      }
      if (!k) {
        const meant = didYouMean(id, [...known.keys()]);
        throw new UsageError(`unknown check id "${id}"${meant ? `; did you mean "${meant}"?` : ''} (kubegrade explain --list)`);
      }
      const inRubric = rubric.checks.find((c) => c.id === id);
      const p = rubric.params;
      // A static check is data in its rubric (issue 19): the code is its template's.
      const template = inRubric?.template;
      const where = k.type === 'static' ? (template ? `src/engine/templates/${template}.ts (template ${template}; its data in rubric ${rubric.name})` : `rubric ${rubric.name}`) : k.type === 'live' ? 'src/live/' : 'src/grade.ts (pipeline)';
      io.stdout(
        [
          `${id} — ${render(inRubric?.meta.title ?? k.meta.title, p)}`,
          '',
          wrap(render(k.meta.description, p)),
          '',
          `fix: ${render(inRubric?.meta.hint ?? k.meta.hint, p)}`,
          `points: ${inRubric ? inRubric.points : 'not in this rubric'} (${rubric.name})`,
          `kind: ${k.type}${k.meta.role ? `, reads the ${k.meta.role}` : ''}; code: ${where}`,
          '',
        ].join('\n'),
      );
    });

  program
    .command('rubric')
    .option('-r, --rubric <name|file>', 'a shipped rubric\'s name (kubegrade rubric --list) or a rubric file', DEFAULT_RUBRIC)
    .option('-s, --set <key=value>', 'override a rubric parameter', collect, [] as string[])
    .option('-l, --list', 'list the shipped rubrics')
    .option('--templates', 'list the check templates a data rubric may use, with their parameters')
    .addOption(new Option('-f, --format <format>', 'output format (default: yaml for a data rubric or a variant, the complete rubric to save and edit; text for the HW6 form)').choices(['text', 'json', 'yaml']))
    .description('print the rubric in force (parameters, checks, points); --list the shipped ones')
    .action(async (o: { rubric: string; set: string[]; format?: string; list?: boolean; templates?: boolean }) => {
      if (o.list) {
        for (const name of shippedRubrics()) {
          const r = loadRubric(name);
          io.stdout(`${name.padEnd(22)} ${r.title ?? ''}${name === 'coe332-hw6' ? ' (the default)' : ''}\n`);
        }
        return;
      }
      // What prints a data rubric and the templates: loaded by this command only, like the engine it reads.
      const { completeRubric, isLayeredRubric, templateList } = await import('./rubric-print.js');
      if (o.templates) {
        io.stdout(templateList());
        return;
      }
      const r = loadRubric(o.rubric, { set: o.set });
      const format = o.format ?? (isLayeredRubric(r.file) ? 'yaml' : 'text');
      if (format === 'yaml') {
        io.stdout(completeRubric(r.file, o.set));
        return;
      }
      if (format === 'json') {
        io.stdout(JSON.stringify({ name: r.name, title: r.title, file: r.file, params: r.params, checks: r.checks.map((c) => ({ id: c.id, points: c.points, type: c.type, title: render(c.meta.title, r.params) })) }, null, 2) + '\n');
        return;
      }
      const total = r.checks.reduce((s, c) => s + c.points, 0);
      const lines = [`${r.name}: ${r.title ?? ''}`, `file: ${r.file}`, '', 'parameters:'];
      for (const [k, v] of Object.entries(r.params)) lines.push(`  ${k.padEnd(18)} ${Array.isArray(v) ? `[${v.join(', ')}]` : v === '' ? '(per student)' : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      lines.push('', `checks (${r.checks.length}, ${total} points):`);
      for (const c of r.checks) lines.push(`  ${String(c.points).padStart(3)}  ${c.id.padEnd(36)} ${render(c.meta.title, r.params)}`);
      io.stdout(lines.join('\n') + '\n');
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (err instanceof UsageError || err instanceof KubeError) {
      // One line, student text (file and folder names) shown escaped, never acted on by the terminal.
      io.stderr(`kubegrade: ${forTerminalLine(err.message)}\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr(`kubegrade: internal error: ${e?.message ?? String(err)}\n  this is a bug in kubegrade; please report it with the command you ran${process.env.KUBEGRADE_DEBUG ? `\n${e?.stack ?? ''}` : ' (KUBEGRADE_DEBUG=1 shows the trace)'}\n`);
    return 3;
  }
}

function wrap(s: string, width = 78): string {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
