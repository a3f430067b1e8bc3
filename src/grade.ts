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
import { resolveHw6Roles } from './rubric/roles.js';
import { clusterObjects, expandLists } from './objects/index.js';
import { applySet, checkParam, loadRubric, render, type Rubric, type RubricCheck } from './rubric/index.js';
import { checkObject, schemaDirs, type SchemaDirs } from './schema/index.js';
import { score } from './score/index.js';
import type { CheckContext, Outcome, Params } from './checks/types.js';
import { inExpectedFile, missing, ROLE_INFO } from './checks/templates/common.js';
import { countFindings, ROLE_NAMES, type CheckResult, type Finding, type Fix, type IgnoredDocument, type Location, type Report, type RoleName, type UnvalidatedObject, type UsernameInfo } from './types.js';
import { get, usernameOfFileName } from './k8s/index.js';
import { coordinate, schemaFix } from './fix/coordinate.js';
import { engineApi } from './engine/load.js';
import type { DataRubric } from './engine/types.js';

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
  if (result.rubric.engine) throw new UsageError(`${result.rubric.name}: the live pass runs the HW6 rubrics' live checks only; grade this rubric without --live`);
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

  if (rubric.engine) return gradeWithEngine(dir, rubric, rubric.engine, options, found, parsed, parseFindings, ignored);
  const env = options.env ?? rubric.params.env;
  const usernameInfo = inferUsername(options.username ?? rubric.params.username, found.names, parsed, env);
  const params: Params = { ...rubric.params, env, username: usernameInfo.value };
  // A preloaded rubric with overrides of its own: apply them to this run's copy.
  if (options.set && typeof options.rubric === 'object') for (const s of options.set) applySet(params, s);

  // What the cluster would hold: one object per kind, namespace and name; the roles only from the namespace of the rest.
  const named = inExpectedFile(ROLE_NAMES, params);
  const cluster = clusterObjects(parsed, (o) => named(o.file));
  const objects = cluster.objects;

  const { roles, assignments } = resolveHw6Roles(cluster.candidates, rubric, params, Boolean(options.set?.length && typeof options.rubric === 'object'));
  const roleOf = new Map<KObject, RoleName>();
  for (const [role, obj] of Object.entries(roles)) if (obj) roleOf.set(obj, role as RoleName);

  // Kubernetes validity, per object, grouped by the role the object took.
  const schemas: SchemaDirs | undefined = options.schemaDirs?.length ? schemaDirs(options.schemaDirs) : undefined;
  const schemaFindings = new Map<string, Collected>();
  if (cluster.findings.length > 0) {
    const list = cluster.findings.slice(0, MAX_FINDINGS_PER_CHECK + 1);
    schemaFindings.set('schema.other', { list, total: cluster.findings.length });
  }
  const unvalidated: UnvalidatedObject[] = [];
  const unchecked = new Set<KObject>();
  for (const obj of objects) {
    const verdict = checkObject(obj.value, { schemas });
    const issues = verdict.issues;
    if (verdict.unvalidated !== undefined) {
      unchecked.add(obj);
      const u: UnvalidatedObject = { file: obj.file, document: obj.document, kind: obj.kind ?? '', apiVersion: obj.apiVersion ?? '', reason: verdict.unvalidated };
      if (obj.name) u.name = obj.name;
      unvalidated.push(u);
    }
    if (issues.length === 0) continue;
    const id = `schema.${roleOf.get(obj) ?? 'other'}`;
    const c = schemaFindings.get(id) ?? { list: [], total: 0 };
    for (const i of issues) {
      // Only what a report shows is made (and the first left out, where "and N more" points); the rest are counted.
      if (c.total++ > MAX_FINDINGS_PER_CHECK) continue;
      const f: Finding = { message: `${describeObject(obj)}: ${i.message}`, location: i.onKey ? obj.keyAt(i.path) : obj.at(i.path), hint: i.hint };
      if (i.fix) f.fix = schemaFix(obj, i.path, i.fix);
      c.list.push(f);
    }
    schemaFindings.set(id, c);
  }

  const ctx: CheckContext = { params, objects: cluster.candidates, roles, fileNames: found.names };
  const checks: CheckResult[] = rubric.checks.map((rc) => {
    if (rc.type === 'live') return toResult(rc.id, rc, params, { status: 'skip', message: 'live check: run with --live against a cluster' });
    if (options.passes === 'live') return toResult(rc.id, rc, params, { status: 'skip', message: 'static check: not run by kubegrade live (kubegrade check --live runs both)' });
    if (rc.type === 'pipeline') {
      const findings = rc.id === 'yaml.parse' ? { list: parseFindings, total: countFindings(parseFindings) } : (schemaFindings.get(rc.id) ?? { list: [], total: 0 });
      return toResult(rc.id, rc, params, fromFindings(rc.id, findings, found.names, objects, roles, params, unchecked));
    }
    return toResult(rc.id, rc, params, rc.check!.run(ctx));
  });
  // One cause, one instruction: a check whose fix another check's fix already makes says "see …".
  coordinate(checks);

  const report = scored(dir, rubric, env, params.username, checks, { usernameInfo, roles: assignments, files: found.names, ignored, ...(unvalidated.length ? { unvalidated } : {}) });
  if (options.excerpts !== undefined) report.excerpts = excerptsFor(found.files, checks, options.excerpts);
  return { dir, rubric, params, objects, roles, report };
}

/** The static pass with a data rubric (src/engine): environments, roles and template checks. */
function gradeWithEngine(dir: string, rubric: Rubric, engine: DataRubric, options: GradeOptions, found: Discovered, objects: KObject[], parseFindings: Finding[], ignored: IgnoredDocument[]): StaticResult {
  const params = { ...engine.params } as Record<string, unknown>;
  if (options.set && typeof options.rubric === 'object') for (const s of options.set) engineApi().applyDataSet(params, s);
  const usernameInfo = dataUsername(options.username ?? (params.username as string | undefined), engine, found.names);
  params.username = usernameInfo.value;
  const schemas: SchemaDirs | undefined = options.schemaDirs?.length ? schemaDirs(options.schemaDirs) : undefined;
  const schemaFindings = new Map<KObject, Finding[]>();
  const unvalidated: UnvalidatedObject[] = [];
  for (const obj of objects) {
    const verdict = checkObject(obj.value, { schemas });
    if (verdict.unvalidated !== undefined) {
      const u: UnvalidatedObject = { file: obj.file, document: obj.document, kind: obj.kind ?? '', apiVersion: obj.apiVersion ?? '', reason: verdict.unvalidated };
      if (obj.name) u.name = obj.name;
      unvalidated.push(u);
    }
    if (verdict.issues.length === 0) continue;
    schemaFindings.set(obj, verdict.issues.map((i) => {
      const f: Finding = { message: i.message, location: i.onKey ? obj.keyAt(i.path) : obj.at(i.path), hint: i.hint };
      if (i.fix) f.fix = schemaFix(obj, i.path, i.fix);
      return f;
    }));
  }
  const g = engineApi().gradeData(engine, params, objects, found.names, parseFindings, schemaFindings, MAX_FINDINGS_PER_CHECK, MAX_MESSAGE_CHARS);
  const checks = options.passes === 'live' ? g.checks.map((c): CheckResult => ({ id: c.id, title: c.title, status: 'skip', points: 0, maxPoints: c.maxPoints, message: 'static check: not run by kubegrade live (kubegrade check --live runs both)' })) : g.checks;
  coordinate(checks);
  const env = g.world.graded.join(',');
  const report = scored(dir, rubric, env, usernameInfo.value, checks, { usernameInfo, roles: g.roles, files: found.names, ignored, ...(unvalidated.length ? { unvalidated } : {}) });
  if (engine.environments) report.environments = g.environments;
  if (options.excerpts !== undefined) report.excerpts = excerptsFor(found.files, checks, options.excerpts);
  const roles: CheckContext['roles'] = {};
  return { dir, rubric, params: params as Params, objects, roles, report };
}

/** A data rubric's username: given, else the part of a file name before the rubric's marker (`-hw7-`), else before the first `-` of a role's file. */
function dataUsername(given: string | undefined, engine: DataRubric, names: readonly string[]): UsernameInfo {
  if (given) return { value: given, source: 'option' };
  const marker = engine.usernameMarker;
  if (!marker) return { value: '', source: 'none' };
  const bases = names.map((n) => n.slice(n.lastIndexOf('/') + 1));
  const hit = bases.find((b) => b.indexOf(marker) > 0);
  if (hit) {
    const value = hit.slice(0, hit.indexOf(marker));
    return { value, source: 'file-names', note: `inferred "${value}" from the file names (pass --username to set it)` };
  }
  const words = engine.roles.map((r) => r.name.split('-')[0]!);
  const role = bases.find((b) => b.indexOf('-') > 0 && words.some((w) => b.toLowerCase().includes(w)));
  if (role) {
    const value = role.slice(0, role.indexOf('-'));
    return { value, source: 'file-names', note: `inferred "${value}" from the file names (pass --username to set it)` };
  }
  return { value: '', source: 'none', note: 'could not infer the username from file names: pass --username' };
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

function describeObject(obj: KObject): string {
  return `${obj.kind ?? 'object'}${obj.name ? ` ${obj.name}` : ''}`;
}

/** A check's findings as far as a report shows them (the first MAX_FINDINGS_PER_CHECK, and one more), and how many there are. */
interface Collected {
  list: Finding[];
  total: number;
}

/** The "(and N more findings, not listed)" entries made here: a list that ends in one is capped already (toResult). */
const countedRest = new WeakSet<Finding>();

/** The first MAX_FINDINGS_PER_CHECK of `c`, then one that counts the rest of its total, at the first one left out. */
function capped(c: Collected): Finding[] {
  if (c.total <= MAX_FINDINGS_PER_CHECK) return c.list;
  const out = c.list.slice(0, MAX_FINDINGS_PER_CHECK);
  const leftOut = c.total - countFindings(out);
  const rest: Finding = { message: `(and ${leftOut} more findings, not listed)`, leftOut };
  const at = c.list[MAX_FINDINGS_PER_CHECK]?.location;
  if (at) rest.location = at;
  countedRest.add(rest);
  out.push(rest);
  return out;
}

function fromFindings(
  id: string,
  collected: Collected,
  fileNames: readonly string[],
  objects: KObject[],
  roles: CheckContext['roles'],
  params: Params,
  unchecked: ReadonlySet<KObject>,
): Outcome {
  if (collected.total > 0) {
    const findings = capped(collected);
    const first = findings[0]!;
    const more = collected.total > 1 ? ` (and ${collected.total - 1} more)` : '';
    const message = id === 'yaml.parse' && first.location ? `${first.location.file}: ${first.message}${more}` : `${first.message}${more}`;
    return { status: 'fail', message, location: first.location, hint: first.hint, findings, ...(first.fix ? { fix: mergeFixes(findings) } : {}) };
  }
  if (id === 'yaml.parse') return { status: 'pass', message: `${fileNames.length} YAML file${fileNames.length === 1 ? '' : 's'} parsed` };
  const role = id.slice('schema.'.length) as RoleName | 'other';
  if (role === 'other') {
    const others = objects.filter((o) => !Object.values(roles).includes(o));
    const n = others.length;
    const notChecked = others.filter((o) => unchecked.has(o));
    const counted = `${n} other object${n === 1 ? '' : 's'}`;
    if (notChecked.length === 0) return { status: 'pass', message: `${counted}, all valid` };
    const kinds = [...new Set(notChecked.map((o) => o.kind ?? 'object'))];
    const shown = kinds.slice(0, 3).map((k) => `kind ${k}`).join(', ') + (kinds.length > 3 ? `, and ${kinds.length - 3} more kinds` : '');
    return {
      status: 'pass',
      message: `${counted}: ${n - notChecked.length} valid, ${notChecked.length} not validated (${shown}: no schema; pass --schema DIR)`,
    };
  }
  const obj = roles[role];
  if (obj && unchecked.has(obj)) return { status: 'pass', message: `${describeObject(obj)} not validated: no schema for its kind (${obj.apiVersion ?? 'no apiVersion'}); pass --schema DIR` };
  if (obj) return { status: 'pass', message: `${describeObject(obj)} is valid for the Kubernetes API` };
  // A missing object: the instruction of its other checks (one cause, one row in the report).
  return { ...missing(role, params, fileNames), message: `no ${ROLE_INFO[role].label} found, so there is nothing to validate` };
}

/** A pipeline check's fix: the edits of every finding that has one; certain when all of its findings are. */
function mergeFixes(findings: Finding[]): Fix {
  return { edits: findings.flatMap((f) => f.fix?.edits ?? []), certain: findings.every((f) => f.fix?.certain === true) };
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
  const fromFiles = mostCommon(
    names.flatMap((n) => {
      const u = usernameOfFileName(n, env);
      return u === undefined ? [] : [u];
    }),
  );
  const fromLabels = mostCommon(
    objects.flatMap((o) => {
      const v = get(o.value, ['metadata', 'labels', 'username']);
      return typeof v === 'string' && v ? [v] : [];
    }),
  );
  if (given) {
    // Still authoritative, but a value the files contradict (a typo, a login) is said, naming both.
    const files = fromFiles ?? fromLabels;
    if (!files || files === given) return { value: given, source: 'option' };
    const carried = names.some((n) => n.includes(given)) || objects.some((o) => (o.name ?? '').includes(given) || get(o.value, ['metadata', 'labels', 'username']) === given);
    if (!carried && !(fromFiles && fromLabels && fromFiles !== fromLabels)) {
      // Nothing in the submission carries it, while its files and labels agree on another: likely a typo.
      return { value: given, source: 'option', inferred: files, note: `--username "${given}" is in no file name, object name or username label, while the ${fromFiles && fromLabels ? 'file names and labels say' : fromFiles ? 'file names say' : 'labels say'} "${files}"; grading as "${given}" (a typo? pass --username ${files})` };
    }
    const where = fromFiles ? 'file names' : 'username labels';
    return { value: given, source: 'option', inferred: files, note: `the username given, "${given}", is not the "${files}" of the ${where}; grading as "${given}"` };
  }
  if (fromFiles && fromLabels && fromFiles !== fromLabels) {
    return {
      value: fromFiles,
      source: 'file-names',
      note: `file names say "${fromFiles}" but the username labels say "${fromLabels}"; grading as "${fromFiles}" (pass --username to choose)`,
    };
  }
  if (fromFiles) return { value: fromFiles, source: 'file-names', note: `inferred "${fromFiles}" from the file names (pass --username to set it)` };
  if (fromLabels) return { value: fromLabels, source: 'labels', note: `inferred "${fromLabels}" from the username labels (pass --username to set it)` };
  return { value: '', source: 'none', note: 'could not infer the username from file names or labels: pass --username' };
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) (best = v), (n = c);
  return best;
}

