/**
 * `kubegrade fix`'s engine: grade, apply the certain fixes of the failed checks one check at a
 * time in memory, keep a check's fix only when the re-grade loses no check that passed and gains
 * points, and go round again (a file that parses now shows the faults it hid) until nothing more
 * is gained. Pure: it reads the submission once through `discover` and returns the new texts and
 * renames (a rename target is looked at on disk, by the test the write makes: write.ts
 * renameRefusal); writing them is src/fix/write.ts's job.
 */
import { discover, type Discovered, type SourceFile } from '../discover/index.js';
import { gradeStatic, type GradeOptions } from '../grade.js';
import type { KObject } from '../parse/index.js';
import type { CheckResult, FixEdit, Report } from '../types.js';
import { applyToText } from './apply.js';
import { editKey } from './coordinate.js';
import { renameRefusal, textRefusal } from './write.js';

export interface FixOptions extends Pick<GradeOptions, 'username' | 'env' | 'rubric' | 'set'> {
  /** Only the fixes of these check ids (`--only`). */
  only?: readonly string[];
  /** At most this many rounds of grade → fix (default 4). */
  rounds?: number;
  /** The submission already read (tests); default: `discover(dir)`. */
  source?: Discovered;
}

export interface AppliedFix {
  id: string;
  hint: string | undefined;
  edits: FixEdit[];
  /** Points the re-grade gained with it. */
  gained: number;
}

export interface FixPlan {
  before: Report;
  after: Report;
  applied: AppliedFix[];
  /** Certain fixes not applied, with why (they would lose a check that passed, or gain nothing). */
  refused: { id: string; reason: string }[];
  /** Files whose text changes: path (after renames) → [old path, old text, new text]. */
  changed: Map<string, { from: string; before: string; after: string }>;
  renames: { from: string; to: string }[];
  /** What the fixes could not carry through: an old name left in a file that does not parse. */
  notes: string[];
}

interface State {
  files: SourceFile[];
  /** Current path → the path the file had when read. */
  origin: Map<string, string>;
}

const passing = (r: Report) => new Set(r.checks.filter((c) => c.status === 'pass').map((c) => c.id));

export function planFixes(dir: string, options: FixOptions = {}): FixPlan {
  const source = options.source ?? discover(dir);

  let state: State = { files: source.files.map((f) => ({ ...f })), origin: new Map(source.files.map((f) => [f.path, f.path])) };
  const first = gradeStatic(dir, { username: options.username, env: options.env, rubric: options.rubric, set: options.set, source: toSource(source, state) });
  const before = first.report;
  // Once the username is known from the first grading, keep it: renames must not change who the student is.
  // It goes in as the rubric's parameter, as the first grading used it: an inferred one (from
  // labels such as "zz/jdoe") is graded as it is, not refused as a --username would be.
  const rubric = { ...first.rubric, params: { ...first.params, username: options.username ?? first.params.username } };
  const gradeAs = (s: State) => gradeStatic(dir, { env: options.env, rubric, source: toSource(source, s) }).report;
  const firstPassing = passing(before);
  let current = before;
  const applied: AppliedFix[] = [];
  const refused = new Map<string, string>();
  const tried = new Set<string>();
  /** Each file's textRefusal, as it was read: asked once per file, not once per fix tried. */
  const unwritable = new Map<string, string | undefined>();
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    let progress = false;
    for (const c of candidates(current, options.only)) {
      const key = c.fix!.edits.map(editKey).join('\n');
      if (tried.has(key)) continue;
      tried.add(key);
      const next = applyEdits(dir, state, c.fix!.edits, unwritable);
      if (typeof next === 'string') {
        refused.set(c.id, next);
        continue;
      }
      const report = gradeAs(next);
      const now = passing(report);
      const lost = [...passing(current)].filter((id) => !now.has(id)).concat([...firstPassing].filter((id) => !now.has(id)));
      if (lost.length > 0) {
        refused.set(c.id, `it would fail ${[...new Set(lost)].join(', ')}, which passed`);
        continue;
      }
      if (report.score <= current.score) {
        refused.set(c.id, 'it would gain no points');
        continue;
      }
      applied.push({ id: c.id, hint: c.hint, edits: c.fix!.edits, gained: report.score - current.score });
      refused.delete(c.id);
      state = next;
      current = report;
      progress = true;
    }
    if (!progress) break;
  }
  for (const a of applied) refused.delete(a.id);
  return { before, after: current, applied, refused: [...refused].map(([id, reason]) => ({ id, reason })), ...diffState(source, state), notes: leftBehind(first.objects, applied, current, state) };
}

/** The failed checks with a certain fix, causes before the checks that follow from them. */
function candidates(report: Report, only: readonly string[] | undefined): CheckResult[] {
  return report.checks.filter((c) => c.status === 'fail' && c.fix?.certain && c.fix.edits.length > 0 && (!only || only.includes(c.id) || (c.cause !== undefined && only.includes(c.cause))));
}

/** Applies edits to a copy of the state; a string says why it could not. */
function applyEdits(dir: string, state: State, edits: readonly FixEdit[], unwritable: Map<string, string | undefined>): State | string {
  const files = state.files.map((f) => ({ ...f }));
  const origin = new Map(state.origin);
  const byFile = new Map<string, FixEdit[]>();
  for (const e of edits) {
    if (e.kind === 'rename-file') continue;
    byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  }
  for (const [file, list] of byFile) {
    const f = files.find((x) => x.path === file);
    if (!f) return `${file} is not in the submission`;
    const was = origin.get(file) ?? file;
    if (!unwritable.has(was)) unwritable.set(was, textRefusal(dir, was));
    const why = unwritable.get(was);
    if (why) return why;
    const r = applyToText(f.text, list);
    if (r.skipped.length > 0) return r.skipped.map((s) => s.reason).join('; ');
    f.text = r.text;
  }
  for (const e of edits) {
    if (e.kind !== 'rename-file') continue;
    const to = e.to!;
    if (to.split('/').some((seg) => seg === '..' || seg === '') || to.startsWith('/')) return `${to} is outside the submission`;
    if (files.some((x) => x.path === to)) return `${to} is there already`;
    // What is on disk, read or not (a symbolic link, dangling or not, a folder): the write's own test.
    const refused = renameRefusal(dir, to);
    if (refused) return refused;
    const f = files.find((x) => x.path === e.file);
    if (!f) return `${e.file} is not in the submission`;
    origin.set(to, origin.get(f.path) ?? f.path);
    origin.delete(f.path);
    f.path = to;
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, origin };
}

function toSource(source: Discovered, state: State): Discovered {
  const renamed = new Map([...state.origin].map(([now, was]) => [was, now]));
  const names = source.names.map((n) => renamed.get(n) ?? n).sort();
  return { ...source, files: state.files, names };
}

function diffState(source: Discovered, state: State): Pick<FixPlan, 'changed' | 'renames'> {
  const changed: FixPlan['changed'] = new Map();
  const renames: FixPlan['renames'] = [];
  for (const f of state.files) {
    const from = state.origin.get(f.path) ?? f.path;
    const was = source.files.find((x) => x.path === from)!;
    if (from !== f.path) renames.push({ from, to: f.path });
    if (was.text !== f.text) changed.set(f.path, { from, before: was.text, after: sameEndings(was.text, f.text) });
  }
  return { changed, renames };
}

/** `after` with `before`'s line endings where `before` used CRLF throughout (the edits write LF). */
export function sameEndings(before: string, after: string): string {
  const crlf = before.split('\r\n').length - 1;
  const lf = before.split('\n').length - 1;
  return crlf > 0 && crlf === lf ? after.replace(/\r?\n/g, '\r\n') : after;
}

/**
 * An object renamed by a fix is referred to by its old name in a file that does not parse (its
 * claimName, selector or value could not be read, so not changed): said, with file and line.
 */
function leftBehind(objects: readonly KObject[], applied: readonly AppliedFix[], after: Report, state: State): string[] {
  const parse = after.checks.find((c) => c.id === 'yaml.parse');
  const broken = new Set((parse?.findings ?? (parse?.location ? [{ location: parse.location }] : [])).flatMap((f) => (f.location ? [f.location.file] : [])));
  if (parse?.status !== 'fail' || broken.size === 0) return [];
  const notes: string[] = [];
  for (const a of applied) {
    for (const e of a.edits) {
      if (e.kind !== 'set' || e.path?.length !== 2 || e.path[0] !== 'metadata' || e.path[1] !== 'name') continue;
      const old = objects.find((o) => o.file === (state.origin.get(e.file) ?? e.file) && o.document === (e.document ?? 0))?.name;
      if (!old || old === e.value) continue;
      for (const f of state.files) {
        if (!broken.has(f.path)) continue;
        const i = f.text.split('\n').findIndex((l) => new RegExp(`(^|[^A-Za-z0-9._-])${old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9._-])`).test(l));
        if (i >= 0) notes.push(`${f.path}:${i + 1} still says ${old}, the old name of what is now ${String(e.value)}: the file does not parse, so kubegrade could not change it; fix the file, then run kubegrade fix again`);
      }
    }
  }
  return [...new Set(notes)];
}
