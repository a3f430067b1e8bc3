/**
 * The one library API under the CLI, the batch grader and the Action:
 * discover → parse → roles → checks → (live) → score → report.
 * Pure: no printing, no process.exit; bad input becomes findings, and only a
 * usage problem (no such folder, a broken rubric) throws a UsageError.
 */
import { discover, type Discovered } from './discover/index.js';
import { capFindings, parseFile, type KObject } from './parse/index.js';
import { collectGarbage } from './util/memory.js';
import { excerptsFor } from './parse/excerpts.js';
import { clip } from './util/text.js';
import { UsageError } from './util/errors.js';
import { clusterObjects, expandLists } from './objects/index.js';
import { applySet, checkParam, hw6Engine, loadRubric, render, type Rubric, type RubricCheck } from './rubric/index.js';
import { checkObject, schemaDirs, type SchemaDirs } from './schema/index.js';
import { score } from './score/index.js';
import type { CheckContext, Outcome, Params } from './checks/types.js';
import { type CheckResult, type Finding, type IgnoredDocument, type Location, type Report, type UnvalidatedObject, type UsernameInfo } from './types.js';
import { coordinate, schemaFix } from './fix/coordinate.js';
import { engineApi } from './engine/load.js';
import { gradeData, countedRest } from './engine/grade.js';
import { describeObject, inExpectedFiles } from './engine/findings.js';
import { inferUsername as inferFrom } from './engine/username.js';

/**
 * Bounds on what one check puts in a report: its findings (the rest counted in
 * one "(and N more findings, not listed)", capped once, in toResult), and the length of each message.
 * With the bounds of discover and parse, a report's size does not grow with
 * the size of bad input.
 */
export const MAX_FINDINGS_PER_CHECK = 50;
export const MAX_MESSAGE_CHARS = 600;
/** The most objects graded from one submission (the homework has five). */
export const MAX_OBJECTS = 5000;
/** The most entries of `ignored` in a report (documents not graded, entries passed over). */
export const MAX_IGNORED = 200;
/** A file this large (characters) is followed by a full garbage collection (util/memory.ts); a manifest is a few KiB. */
const LARGE_FILE = 64 * 1024;

export interface GradeOptions {
  /** The student's username; authoritative. Inferred from file names and labels when absent. */
  username?: string;
  /** The environment (`test`); overrides the rubric's `env`. */
  env?: string;
  /** A rubric file path, or a rubric already loaded with `loadRubric`. Default: the course's rubric. */
  rubric?: string | Rubric;
  /** `key=value` parameter overrides, as `--set`. */
  set?: readonly string[];
  /**
   * The live pass, when wanted. It receives the static result (roles, objects,
   * params) and returns the live checks' outcomes. Without it live checks are `skip`.
   */
  live?: LiveRunner;
  /** `live`: only the live checks count (`kubegrade live`); the static ones are `skip`. Default `all`. */
  passes?: 'all' | 'live';
  /** Files already in hand (the objects `kubegrade live` found in a namespace, a commit's files) instead of reading `dir`. */
  source?: Discovered;
  /** Put in the report the source lines around each finding, this many lines each side (`excerpts`). Default: none. */
  excerpts?: number;
  /**
   * Folders of JSON Schemas for custom resources (`--schema DIR`), in kubeconform's file layout
   * (`certificate-cert-manager.io-v1.json`, ...). A schema is compiled only for kinds present.
   */
  schemaDirs?: readonly string[];
}

/** A live check's outcome: `error` when it could not run (a cluster call failed, a step timed out). */
export interface LiveOutcome {
  status: 'pass' | 'fail' | 'error' | 'skip';
  message: string;
  location?: Location;
  hint?: string;
  findings?: Finding[];
  durationMs?: number;
}

/** What the live pass returns: the outcomes by check id, and facts about the run for the report's `live` field. */
export interface LiveResult {
  outcomes: Map<string, LiveOutcome>;
  info?: Record<string, unknown>;
  /** Set when the live pass is no grade (interrupted, or the cluster failed on its own): the report is then not graded (`error`), never a lost point. */
  error?: string;
}

export type LiveRunner = (input: StaticResult) => Promise<LiveResult>;

/** Everything the static pass learnt, for the live pass and for tools. */
export interface StaticResult {
  dir: string;
  rubric: Rubric;
  params: Params;
  objects: KObject[];
  roles: CheckContext['roles'];
  report: Report;
}

export async function grade(dir: string, options: GradeOptions = {}): Promise<Report> {
  const result = gradeStatic(dir, options);
  if (!options.live) return result.report;
  if (!result.rubric.checks.some((c) => c.type === 'live')) throw new UsageError(`${result.rubric.name}: the live pass runs the HW6 rubrics' live checks only; grade this rubric without --live`);
  const { outcomes, info, error } = await options.live(result);
  const checks = result.report.checks.map((c) => {
    const o = outcomes.get(c.id);
    if (!o) return c;
    return toResult(c.id, result.rubric.checks.find((r) => r.id === c.id)!, result.params, o);
  });
  const report = score({ ...result.report, checks });
  if (error !== undefined) report.error = error;
  return info ? Object.assign(report, { live: info }) : report;
}

/** The static pass alone, synchronously. */
export function gradeStatic(dir: string, options: GradeOptions = {}): StaticResult {
  const rubric = typeof options.rubric === 'object' ? options.rubric : loadRubric(options.rubric, { set: options.set });
  // --env and --username are parameters too: the same rules as in a rubric file (`--env ''` is refused as `--set env=` is).
  if (options.env !== undefined) checkParam('env', options.env, `--env ${JSON.stringify(options.env)}`);
  if (options.username) checkParam('username', options.username, `--username ${JSON.stringify(options.username)}`);
  const found = options.source ?? discover(dir);
  // No YAML file at all is no submission, not a submission that fails every check: score 0 with the reason.
  if (found.names.length === 0 && found.findings.length === 0) return noSubmission(dir, rubric, options, found);

  const parsed: KObject[] = [];
  const parseFindings: Finding[] = found.findings.slice();
  const ignored: IgnoredDocument[] = found.skipped.map((s) => ({ file: s.file, document: 0, line: 1, reason: s.reason }));
  // Loops, not push(...list): a list can be long (documents of a file), and a spread of a long one overflows the call.
  let capped = false;
  let ignoredMore = 0;
  for (const f of found.files) {
    const r = parseFile(f);
    // What the parse of a large file made is garbage now: collected before the next file adds its own (util/memory.ts).
    if (f.text.length >= LARGE_FILE) collectGarbage();
    for (const o of expandLists(r.objects)) {
      if (parsed.length < MAX_OBJECTS) parsed.push(o);
      else if (!capped) {
        capped = true;
        parseFindings.push({ message: `the submission holds more than ${MAX_OBJECTS} Kubernetes objects; kubegrade grades the first ${MAX_OBJECTS}`, location: o.at([]) });
      }
    }
    for (const x of r.findings) parseFindings.push(x);
    for (const x of r.ignored) {
      if (ignored.length < MAX_IGNORED) ignored.push(x);
      else ignoredMore++;
    }
  }
  if (ignoredMore > 0) {
    const last = ignored[ignored.length - 1]!;
    ignored.push({ file: last.file, document: last.document, line: last.line, reason: `(and ${ignoredMore} more entries, not listed)` });
  }

  return gradeWithEngine(dir, rubric, options, found, parsed, parseFindings, ignored);
}

/** The static pass's checks: the rubric's roles and template checks on what parse and schema found (src/engine). */
function gradeWithEngine(dir: string, rubric: Rubric, options: GradeOptions, found: Discovered, parsed: KObject[], parseFindings: Finding[], ignored: IgnoredDocument[]): StaticResult {
  let engine = rubric.engine;
  const params = { ...engine.params } as Record<string, unknown>;
  if (options.env !== undefined && Object.hasOwn(params, 'env')) params.env = options.env;
  const env = String(params.env ?? '');
  const spec = engine.username;
  const usernameInfo = inferFrom(options.username ?? (params.username as string | undefined), found.names, parsed, spec?.marker ? { ...spec, marker: spec.marker.replace(/\{\{\s*env\s*\}\}/g, env) } : (spec ?? {}), spec?.roleFiles ? engine.roles.map((r) => r.name.split('-')[0]!) : []);
  params.username = usernameInfo.value;
  // A preloaded rubric with overrides of its own: apply them to this run's copy (an HW6-form rubric's roles read them).
  if (options.set?.length && typeof options.rubric === 'object') {
    for (const s of options.set) (rubric.roles ? applySet : engineApi().applyDataSet)(params as Params, s);
    if (rubric.roles) engine = hw6Engine(rubric.name, rubric.title, rubric.file, params as Params, rubric.roles, rubric.checks);
  }

  // What the cluster would hold: one object per kind, namespace and name; the roles only from the namespace of the rest.
  const cluster = engine.objects === 'applied' ? clusterObjects(parsed, inExpectedFiles(engine, params)) : undefined;
  const objects = cluster ? cluster.objects : parsed;

  // Kubernetes validity, per object.
  const schemas: SchemaDirs | undefined = options.schemaDirs?.length ? schemaDirs(options.schemaDirs) : undefined;
  const schemaFindings = new Map<KObject, Finding[]>();
  const unvalidated: UnvalidatedObject[] = [];
  const unchecked = new Set<KObject>();
  for (const obj of objects) {
    const verdict = checkObject(obj.value, { schemas });
    if (verdict.unvalidated !== undefined) {
      unchecked.add(obj);
      const u: UnvalidatedObject = { file: obj.file, document: obj.document, kind: obj.kind ?? '', apiVersion: obj.apiVersion ?? '', reason: verdict.unvalidated };
      if (obj.name) u.name = obj.name;
      unvalidated.push(u);
    }
    if (verdict.issues.length === 0) continue;
    const what = describeObject(obj);
    schemaFindings.set(obj, verdict.issues.map((i) => {
      const f: Finding = { message: `${what}: ${i.message}`, location: i.onKey ? obj.keyAt(i.path) : obj.at(i.path), hint: i.hint };
      if (i.fix) f.fix = schemaFix(obj, i.path, i.fix);
      return f;
    }));
  }
  const stage = { schemaFindings, validated: objects, unvalidated: unchecked, appliedFindings: cluster?.findings ?? [] };
  const g = gradeData(engine, params, cluster ? cluster.candidates : parsed, found.names, parseFindings, stage, MAX_FINDINGS_PER_CHECK, MAX_MESSAGE_CHARS);
  const live = new Set(engine.checks.filter((c) => c.live).map((c) => c.id));
  const checks = options.passes === 'live' ? g.checks.map((c): CheckResult => (live.has(c.id) ? c : { id: c.id, title: c.title, status: 'skip', points: 0, maxPoints: c.maxPoints, message: 'static check: not run by kubegrade live (kubegrade check --live runs both)' })) : g.checks;
  // One cause, one instruction: a check whose fix another check's fix already makes says "see …".
  coordinate(checks);
  const report = scored(dir, rubric, engine.environments ? g.world.graded.join(',') : env, usernameInfo.value, checks, { usernameInfo, roles: g.roles, files: found.names, ignored, ...(unvalidated.length ? { unvalidated } : {}) });
  if (engine.environments) report.environments = g.environments;
  if (options.excerpts !== undefined) report.excerpts = excerptsFor(found.files, checks, options.excerpts);
  // The live pass reads the roles of a rubric without environments.
  const roles: CheckContext['roles'] = engine.environments ? {} : (Object.fromEntries(g.world.roles.get('') ?? []) as CheckContext['roles']);
  return { dir, rubric, params: params as Params, objects, roles, report };
}

/**
 * The report of a submission that could not be graded (batch: one row of the
 * class, never the end of the batch): every static check `error` saying why,
 * live checks `skip`, score 0, and `error` set. `options.rubric` must load (a
 * broken rubric is a usage error of the whole run, found before).
 */
export function notGraded(dir: string, why: string, options: GradeOptions = {}): Report {
  const rubric = typeof options.rubric === 'object' ? options.rubric : loadRubric(options.rubric, { set: options.set });
  const env = options.env ?? rubric.params.env;
  const username = options.username ?? rubric.params.username ?? '';
  const params: Params = { ...rubric.params, env, username };
  const message = clip(`not graded: ${why}`, MAX_MESSAGE_CHARS);
  const failed: LiveOutcome = { status: 'error', message, hint: 'grade this folder alone (kubegrade check DIR) to see more' };
  const checks = rubric.checks.map((rc) => toResult(rc.id, rc, params, rc.type === 'live' ? { status: 'skip', message: 'live check: run with --live against a cluster' } : failed));
  const usernameInfo: UsernameInfo = username ? { value: username, source: 'option' } : { value: '', source: 'none', note: 'not graded' };
  return { ...scored(dir, rubric, env, username, checks, { usernameInfo, roles: [], files: [], ignored: [] }), error: clip(why, MAX_MESSAGE_CHARS) };
}

/** The reason a folder with no YAML file is no submission, naming what was passed over (folders too deep, links). */
export function noSubmissionReason(dir: string, found: Pick<Discovered, 'skipped'>): string {
  const skipped = found.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`).join('; ') + (found.skipped.length > 3 ? `; and ${found.skipped.length - 3} more` : '');
  return `no submission: no .yml or .yaml file in ${dir}${skipped ? ` (passed over: ${skipped})` : ''}`;
}

/**
 * The result for a folder without a YAML file (`report.missing` set, as for a roster student without
 * a folder): every static check `fail` with the reason, live ones `skip`, score 0, no findings.
 */
function noSubmission(dir: string, rubric: Rubric, options: GradeOptions, found: Discovered): StaticResult {
  const env = options.env ?? rubric.params.env;
  const username = options.username ?? rubric.params.username ?? '';
  const params: Params = { ...rubric.params, env, username };
  if (options.set && typeof options.rubric === 'object') for (const s of options.set) applySet(params, s);
  const reason = clip(noSubmissionReason(dir, found), MAX_MESSAGE_CHARS);
  const checks = rubric.checks.map((rc) => toResult(rc.id, rc, params, rc.type === 'live' ? { status: 'skip', message: 'live check: run with --live against a cluster' } : { status: 'fail', message: reason, hint: 'put the homework\'s .yml files in this folder, or give the folder that holds them' }));
  const usernameInfo: UsernameInfo = username ? { value: username, source: 'option' } : { value: '', source: 'none', note: 'no submission' };
  const ignored = found.skipped.map((s) => ({ file: s.file, document: 0, line: 1, reason: s.reason }));
  const report = { ...scored(dir, rubric, env, username, checks, { usernameInfo, roles: [], files: [], ignored }), missing: reason };
  return { dir, rubric, params, objects: [], roles: {}, report };
}

/** A report of these checks, scored. */
function scored(dir: string, rubric: Rubric, env: string, username: string, checks: CheckResult[], rest: Pick<Report, 'usernameInfo' | 'roles' | 'files' | 'ignored' | 'unvalidated'>): Report {
  return score({ username, env, score: 0, maxScore: 0, checks, dir, rubric: { name: rubric.name, title: rubric.title }, ...rest });
}

function toResult(id: string, rc: RubricCheck, params: Params, o: Outcome | (Omit<Outcome, 'status'> & { status: string })): CheckResult {
  const status = o.status as CheckResult['status'];
  const r: CheckResult = {
    id,
    title: render(rc.meta.title, params),
    status,
    points: status === 'pass' ? rc.points : 0,
    maxPoints: rc.points,
    message: clip(o.message, MAX_MESSAGE_CHARS),
  };
  const loc = 'location' in o ? o.location : undefined;
  if (loc) r.location = loc;
  if (status === 'fail' || status === 'error') r.hint = ('hint' in o && o.hint) || render(rc.meta.hint, params);
  const findings = 'findings' in o ? o.findings : undefined;
  if (findings && findings.length > 1) {
    const once = countedRest.has(findings[findings.length - 1]!) ? findings : capFindings(findings.slice(), MAX_FINDINGS_PER_CHECK, 'findings');
    r.findings = once.map((f) => (f.message.length > MAX_MESSAGE_CHARS ? { ...f, message: clip(f.message, MAX_MESSAGE_CHARS) } : f));
  }
  const fix = 'fix' in o ? o.fix : undefined;
  if (fix && fix.edits.length > 0 && (status === 'fail' || status === 'error')) r.fix = fix;
  if ('durationMs' in o && typeof o.durationMs === 'number') r.durationMs = o.durationMs;
  if ('actual' in o && o.actual && status === 'fail') r.actual = o.actual;
  return r;
}

/**
 * `--username` (or the rubric's) is authoritative. Otherwise the prefix of
 * `<u>-<env>-…` file names, then the `username` labels; when both exist and
 * disagree, the file-name one is used and the conflict is reported.
 */
export function inferUsername(given: string | undefined | null, names: readonly string[], objects: readonly KObject[], env: string): UsernameInfo {
  return inferFrom(given, names, objects, { marker: `-${env}-`, label: 'username' });
}
