/**
 * Where the submissions of a batch are, and who wrote them.
 *
 * A roster (`--roster FILE`) is read with a real CSV parser (csv-parse: a
 * BOM, quoted cells, CRLF), columns by header name, in one of three shapes:
 *
 * - Canvas's gradebook export (`Student, ID, SIS User ID, SIS Login ID,
 *   Section, …`) with a `folder` and/or `username` column added; its
 *   "Points Possible" row and a row with neither Student nor ID (the
 *   muted/posting row) are skipped, as Canvas's own import skips them;
 * - GitHub Classroom's roster export (`identifier, github_username,
 *   github_id, name`): the folder is the clone `<assignment>-<github_username>`;
 * - a plain `folder,username` (a header line is optional).
 *
 * Every roster line applies or is reported: a student without a folder gets a
 * row with 0 and the reason; a folder not on the roster is graded and warned
 * about; a folder listed twice, a quoted name, a trailing slash, a folder that
 * does not exist are each handled and said.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Student } from '../types.js';
import { UsageError } from '../util/errors.js';
import { showName } from '../discover/index.js';

/** A roster is a class list: anything this large is the wrong file. */
const MAX_ROSTER_BYTES = 16 * 1024 * 1024;

/**
 * The immediate subfolders of `root` (hidden ones excluded), sorted: one
 * submission each. A symbolic link to a folder is a submission too (the
 * instructor made it); a link to anything else is reported through `warn`.
 */
export function submissionsIn(root: string, warn: (message: string) => void = () => {}): string[] {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`${root}: no such folder`);
  }
  if (!st.isDirectory()) throw new UsageError(`${root} is a file, not a folder of submissions`);
  const dirs: string[] = [];
  // Names as bytes: a folder whose name is not UTF-8 is listed (shown with \xNN escapes; its row says to rename it), never lost.
  for (const d of readdirSync(root, { withFileTypes: true, encoding: 'buffer' })) {
    const name = showName(d.name);
    if (name.startsWith('.') || name === 'node_modules') continue;
    if (d.isDirectory()) dirs.push(join(root, name));
    else if (d.isSymbolicLink()) {
      const p = join(root, name);
      let target: string | undefined;
      try {
        target = statSync(p).isDirectory() ? realpathSync(p) : undefined;
      } catch {
        target = undefined;
      }
      if (target) dirs.push(p);
      else warn(`${p} is a symbolic link to no folder: not a submission`);
    }
  }
  dirs.sort();
  if (dirs.length === 0) throw new UsageError(`${root} has no subfolders: give the folder that holds one folder per submission`);
  return dirs;
}

export type RosterShape = 'canvas' | 'classroom' | 'plain';

export interface RosterEntry {
  /** 1-based line of the record in the roster file. */
  line: number;
  student: Student;
  /** The folder as written (trimmed); may be absent. */
  folder?: string;
  username?: string;
  githubUsername?: string;
}

export interface Roster {
  file: string;
  shape: RosterShape;
  entries: RosterEntry[];
  /** The header row as written (trimmed). */
  header: string[];
  /** Canvas: the "Points Possible" row, by header. */
  pointsPossible?: Record<string, string>;
}

/** Canvas's test student ("Student View"), exported as "Student, Test" or "Test Student": not a student of the class. */
const CANVAS_TEST_STUDENT = /^(student,\s*test|test\s+student)$/i;

/** Header names (lower case, trimmed) → the field they fill. */
const COLUMNS: Record<string, keyof RosterEntry['student'] | 'folder'> = {
  folder: 'folder',
  submission: 'folder',
  username: 'username',
  student: 'name',
  id: 'id',
  'sis user id': 'sisUserId',
  'sis login id': 'sisLoginId',
  section: 'section',
  identifier: 'identifier',
  github_username: 'githubUsername',
  name: 'name',
};

/** Reads a roster file in any of the three shapes. A file that is none of them is a usage error naming its line. */
export function readRoster(file: string): Roster {
  let text: string;
  try {
    if (statSync(file).size > MAX_ROSTER_BYTES) throw new UsageError(`${file}: over ${MAX_ROSTER_BYTES >> 20} MiB; a roster is a class list`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: cannot read the roster (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, cast: false }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new UsageError(`${file}${e.lines ? `:${e.lines}` : ''}: not a CSV file: ${e.message.replace(/^Invalid [^:]*: /, '')}`);
  }
  records = records.filter((r) => !(r.record.length === 1 && /^\s*#/.test(r.record[0]!))); // comment lines
  if (records.length === 0) throw new UsageError(`${file}: the roster is empty`);

  const head = records[0]!.record.map((h) => h.trim().toLowerCase());
  const known = head.map((h) => COLUMNS[h]);
  const has = (h: string) => head.includes(h);
  let shape: RosterShape;
  let columns: (keyof RosterEntry['student'] | 'folder' | undefined)[];
  let body = records.slice(1);
  if (has('student') && (has('id') || has('sis user id') || has('sis login id'))) {
    shape = 'canvas';
    columns = known;
    if (!has('folder') && !has('submission') && !has('username')) {
      throw new UsageError(`${file}:1: a Canvas gradebook export, but with no "folder" or "username" column: add one saying which submission folder (or username) is each student's`);
    }
  } else if (has('github_username')) {
    shape = 'classroom';
    columns = known;
  } else if (has('folder') || has('submission') || has('username')) {
    shape = 'plain';
    columns = known;
  } else if (records[0]!.record.length === 2) {
    // No header: folder,username lines.
    shape = 'plain';
    columns = ['folder', 'username'];
    body = records;
  } else {
    throw new UsageError(
      `${file}:1: no column this roster can use (found ${records[0]!.record.map((h) => JSON.stringify(h.trim())).join(', ')}); expected a Canvas gradebook export with a folder or username column, a GitHub Classroom roster (github_username), or folder,username`,
    );
  }

  const entries: RosterEntry[] = [];
  const header = records[0]!.record.map((h) => h.trim());
  let pointsPossible: Record<string, string> | undefined;
  for (const { record, info } of body) {
    const student: Student = { line: `${basename(file)}:${info.lines}` };
    let folder: string | undefined;
    record.forEach((raw, i) => {
      const field = columns[i];
      const v = raw.trim();
      if (!field || v === '') return;
      if (field === 'folder') folder = v;
      else student[field] = v;
    });
    if (shape === 'canvas' && student.name === 'Points Possible') {
      pointsPossible = Object.fromEntries(header.map((h, i) => [h, (record[i] ?? '').trim()]));
      continue;
    }
    if (shape === 'canvas' && ((!student.name && !student.id) || CANVAS_TEST_STUDENT.test(student.name ?? ''))) continue;
    if (folder === undefined && !student.username && !student.githubUsername && Object.keys(student).length === 1) continue; // a line of empty cells
    const e: RosterEntry = { line: info.lines, student };
    if (folder !== undefined) e.folder = folder;
    if (student.username) e.username = student.username;
    if (student.githubUsername) e.githubUsername = student.githubUsername;
    entries.push(e);
  }
  return { file, shape, entries, header, ...(pointsPossible ? { pointsPossible } : {}) };
}

/** One row of the gradebook: a submission to grade, or a roster student without one. */
export interface Row {
  /** The folder to grade; absent for a student without a submission. */
  dir?: string;
  student?: Student;
  /** The username to grade with (the roster's); otherwise inferred. */
  username?: string;
  /** Why there is no submission ("no submission: no folder alice under subs"). */
  missing?: string;
}

/**
 * Matches roster lines with folders: in roster order, then the folders no
 * line named (sorted). `warn` hears every line that does not apply as written.
 */
export function planRows(root: string, dirs: readonly string[], roster: Roster | undefined, warn: (message: string) => void): Row[] {
  if (!roster) return dirs.map((dir) => ({ dir }));
  const byName = new Map(dirs.map((d) => [basename(d), d]));
  const byLower = new Map<string, string[]>();
  for (const d of dirs) byLower.set(basename(d).toLowerCase(), [...(byLower.get(basename(d).toLowerCase()) ?? []), d]);
  const prefix = classroomPrefix(dirs.map((d) => basename(d)));
  const claimed = new Map<string, RosterEntry>();
  const where = (e: RosterEntry) => `${roster.file}:${e.line}`;
  const rows: Row[] = [];

  for (const e of roster.entries) {
    const who = describe(e);
    let dir: string | undefined;
    let reason: string | undefined;
    if (e.folder !== undefined) {
      const name = folderName(root, e.folder);
      if (name === undefined) reason = `${e.folder} is not a folder directly under ${root}`;
      else {
        dir = byName.get(name);
        if (!dir) {
          const ci = byLower.get(name.toLowerCase());
          if (ci?.length === 1) {
            dir = ci[0]!;
            warn(`${where(e)}: folder "${e.folder}" taken as ${basename(dir)} (the case differs)`);
          } else reason = `no folder ${name} under ${root}`;
        } else if (name !== e.folder) warn(`${where(e)}: folder "${e.folder}" read as ${name}`);
      }
    } else {
      const handle = e.githubUsername ?? e.username;
      if (!handle) reason = 'the roster gives no folder, username or github_username';
      else {
        const found = findByHandle(handle, dirs, prefix);
        if (found.length === 1) dir = found[0]!;
        else if (found.length > 1) reason = `several folders could be ${handle}'s (${found.map((d) => basename(d)).join(', ')}): add a folder column`;
        else reason = `no folder named ${handle} or <assignment>-${handle} under ${root}`;
      }
    }
    if (dir) {
      const first = claimed.get(dir);
      if (first) {
        if (sameStudent(first, e)) {
          warn(`${where(e)}: ${who} is listed again (first on line ${first.line}); this line is ignored`);
          continue;
        }
        reason = `folder ${basename(dir)} is already ${describe(first)}'s (line ${first.line})`;
        dir = undefined;
      } else claimed.set(dir, e);
    }
    const student = { ...e.student, ...(dir ? { folder: basename(dir) } : {}) };
    if (dir) rows.push({ dir, student, ...(e.username ? { username: e.username } : {}) });
    else {
      warn(`${where(e)}: ${who}: no submission (${reason})`);
      rows.push({ student, ...(e.username ? { username: e.username } : {}), missing: `no submission: ${reason}` });
    }
  }
  const unlisted = dirs.filter((d) => !claimed.has(d));
  if (unlisted.length) {
    const shown = unlisted.slice(0, 10).map((d) => basename(d)).join(', ');
    warn(`${unlisted.length} folder${unlisted.length === 1 ? ' is' : 's are'} not on the roster ${roster.file}, graded with the username inferred: ${shown}${unlisted.length > 10 ? `, and ${unlisted.length - 10} more` : ''}`);
    for (const dir of unlisted) rows.push({ dir, student: { folder: basename(dir) } });
  }
  return rows;
}

/**
 * A roster's folder cell as a name directly under root: quotes are the CSV
 * parser's, so what is left is trailing slashes, `./`, or the root's own path
 * typed in front (`subs/alice` for root `subs`). Undefined when it points
 * elsewhere.
 */
function folderName(root: string, typed: string): string | undefined {
  const t = typed.replace(/[/\\]+$/, '');
  if (t === '' || t === '.' || t === '..') return undefined;
  if (!/[/\\]/.test(t)) return t;
  const parts = t.split(/[/\\]+/);
  if (parts.length === 2 && parts[0] === basename(resolve(root))) return parts[1];
  for (const candidate of [resolve(root, t), resolve(t)]) {
    const rel = relative(resolve(root), candidate);
    if (rel && !rel.startsWith('..') && !rel.includes(sep)) return rel;
  }
  return undefined;
}

/** GitHub Classroom names clones `<assignment>-<github_username>`: the common prefix up to its last dash, when the folders share one. */
function classroomPrefix(names: readonly string[]): string | undefined {
  if (names.length < 2) return undefined;
  let p = names[0]!;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  const dash = p.lastIndexOf('-');
  return dash > 0 ? p.slice(0, dash + 1) : undefined;
}

/** Folders that belong to a GitHub handle (case-insensitive, as GitHub logins are): `<handle>`, `<prefix><handle>`, else `*-<handle>`. */
function findByHandle(handle: string, dirs: readonly string[], prefix: string | undefined): string[] {
  const h = handle.toLowerCase();
  const names = dirs.map((d) => [d, basename(d).toLowerCase()] as const);
  const exact = names.filter(([, n]) => n === h || (prefix !== undefined && n === prefix.toLowerCase() + h));
  if (exact.length) return exact.map(([d]) => d);
  return names.filter(([, n]) => n.endsWith(`-${h}`)).map(([d]) => d);
}

function describe(e: RosterEntry): string {
  const s = e.student;
  return s.name ?? s.githubUsername ?? s.username ?? s.identifier ?? e.folder ?? `line ${e.line}`;
}

/** The same student on two lines: every identifying cell equal. */
function sameStudent(a: RosterEntry, b: RosterEntry): boolean {
  const keys: (keyof Student)[] = ['name', 'id', 'sisUserId', 'sisLoginId', 'identifier', 'githubUsername', 'username'];
  return keys.every((k) => a.student[k] === b.student[k]);
}
