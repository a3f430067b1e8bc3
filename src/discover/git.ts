/**
 * Stage 1, from a git history instead of the working folder: the YAML files of
 * one commit, read from git's objects (never a checkout; nothing in the
 * student's repository is changed, not even a lock or an index refresh).
 *
 * git is run as plumbing only (`rev-list`, `ls-tree`, `cat-file --batch`),
 * through src/util/git.ts: a clean environment, every configured program
 * (filters, textconv, hooks, fsmonitor, pager, credential helpers) disarmed,
 * no network protocol (a partial clone cannot fetch), a time limit and
 * output bounds. A `.git` that reads objects from outside the
 * submission (a gitfile, a link, alternates, a worktree's commondir) is not
 * read. The same limits as ./index.ts apply to what is read: file count,
 * file size, depth, skipped folders, binary and non-UTF-8 files.
 */
import { GIT_TIMEOUT_MS, GitError, runGit } from '../util/git.js';
import { lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../types.js';
import { decodeText, MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, SKIP_DIRS, tooLarge, tooManyFiles, YAML_FILE, type Discovered } from './index.js';

/** One commit of the first-parent history of HEAD. */
export interface Commit {
  sha: string;
  /** Committer time, Unix seconds. */
  time: number;
  /** The first line of the message (student text: escape it where it is shown). */
  subject: string;
  /** False for a root commit, or the last commit of a shallow clone. */
  hasParent: boolean;
}

export type History =
  | {
      repository: true;
      /** The first-parent history of HEAD, newest first (at most MAX_COMMITS). */
      commits: Commit[];
      /** The clone is shallow (`git clone --depth`): older commits are not in it. */
      shallow: boolean;
      /** More than MAX_COMMITS commits: the oldest were not listed. */
      truncated: boolean;
    }
  | { repository: false; reason: string };

/** The most commits listed per repository (a homework has tens). */
export const MAX_COMMITS = 10_000;
/** Each git command's time limit. */
export { GIT_TIMEOUT_MS };

/** git plumbing on the repository `gitDir`, through the one safe runner (src/util/git.ts). */
const git = (gitDir: string, args: string[], options: { input?: string; maxBuffer?: number } = {}): Buffer => runGit({ gitDir }, args, options);

const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};
const exists = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** The `.git` folder of a submission when it is a repository whose objects are all inside it; else why not. */
export function gitDirOf(dir: string): { gitDir: string } | { reason: string } {
  const gitDir = resolve(dir, '.git');
  let st;
  try {
    st = lstatSync(gitDir);
  } catch {
    return { reason: 'not a git repository (no .git folder)' };
  }
  if (st.isSymbolicLink()) return { reason: '.git is a symbolic link: not followed, so the history was not read' };
  if (st.isFile()) return { reason: '.git is a file pointing at a repository elsewhere (a worktree or submodule): not read' };
  if (!st.isDirectory()) return { reason: '.git is not a folder' };
  for (const p of ['objects', 'refs', 'HEAD', 'objects/pack', 'objects/info']) {
    if (isLink(join(gitDir, p))) return { reason: `.git/${p} is a symbolic link: the history was not read` };
  }
  if (exists(join(gitDir, 'objects/info/alternates'))) return { reason: 'the repository borrows objects from elsewhere (objects/info/alternates): not read' };
  if (exists(join(gitDir, 'commondir'))) return { reason: 'the repository is a linked worktree (commondir): not read' };
  return { gitDir };
}

/** The first-parent history of HEAD, newest first; or why the folder is not read as a repository. */
export function readHistory(dir: string): History {
  const where = gitDirOf(dir);
  if ('reason' in where) return { repository: false, reason: where.reason };
  const { gitDir } = where;
  let out: string;
  try {
    // %P: a commit with no parents listed is a root, or the edge of a shallow clone.
    out = git(gitDir, ['rev-list', '--first-parent', `--max-count=${MAX_COMMITS + 1}`, '--no-commit-header', '--format=%H %ct %P%x09%s', 'HEAD', '--']).toString('utf8');
  } catch (err) {
    // A repository with no commit yet (HEAD names a branch that does not exist).
    const msg = (err as Error).message;
    if (/unknown revision|ambiguous argument 'HEAD'|bad revision 'HEAD'|does not have any commits/i.test(msg)) {
      return { repository: true, commits: [], shallow: exists(join(gitDir, 'shallow')), truncated: false };
    }
    return { repository: false, reason: `the history could not be read: ${msg}` };
  }
  const commits: Commit[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const head = (tab < 0 ? line : line.slice(0, tab)).split(' ');
    const [sha, time] = head;
    if (!sha || !/^[0-9a-f]{40,64}$/.test(sha) || !time || !/^-?\d+$/.test(time)) continue;
    commits.push({ sha, time: Number(time), subject: tab < 0 ? '' : line.slice(tab + 1), hasParent: head.length > 2 && head[2] !== '' });
  }
  const truncated = commits.length > MAX_COMMITS;
  if (truncated) commits.length = MAX_COMMITS;
  return { repository: true, commits, shallow: exists(join(gitDir, 'shallow')), truncated };
}

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  size: number;
  path: string;
}

/** The YAML files of one commit, as discover() finds them in a folder: same filters, same limits, same order. */
export function discoverCommit(dir: string, commit: string): Discovered {
  const where = gitDirOf(dir);
  if ('reason' in where) throw new Error(`${dir}: ${where.reason}`);
  const { gitDir } = where;
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`not a commit id: ${commit}`);
  const listing = git(gitDir, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { maxBuffer: 64 * 1024 * 1024 });
  const entries: TreeEntry[] = [];
  for (const rec of listing.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, sha, size] = rec.slice(0, tab).split(/ +/);
    if (!mode || !type || !sha || size === undefined) continue;
    entries.push({ mode, type, sha, size: size === '-' ? 0 : Number(size), path: rec.slice(tab + 1) });
  }
  return collect(entries, (wanted) => {
    const blobs = new Map<string, Buffer | undefined>();
    if (wanted.length === 0) return blobs;
    const total = wanted.reduce((n, e) => n + e.size + 128, 0);
    const raw = git(gitDir, ['cat-file', '--batch'], { input: wanted.map((e) => e.sha).join('\n') + '\n', maxBuffer: total + 1024 * 1024 });
    for (const o of parseBatch(raw)) blobs.set(o.sha, o.data);
    return blobs;
  });
}

/**
 * discover()'s filters and limits over a commit's tree entries (every path of
 * the tree, recursively): YAML names only, skipped folders, depth, links
 * listed and not followed, at most MAX_FILES, each at most MAX_FILE_BYTES,
 * text only. `read` returns the contents of the blobs asked for.
 */
function collect(all: readonly TreeEntry[], read: (wanted: TreeEntry[]) => Map<string, Buffer | undefined>): Discovered {
  const out: Discovered = { files: [], names: [], findings: [], skipped: [] };
  const entries: TreeEntry[] = [];
  for (const e of all) {
    const parts = e.path.split('/');
    const base = parts[parts.length - 1]!;
    if (parts.length - 1 > MAX_DEPTH || parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) continue;
    if (!YAML_FILE.test(base)) continue;
    if (e.mode === '120000') {
      out.skipped.push({ file: e.path, reason: 'a symbolic link: not followed' });
      continue;
    }
    if (e.type !== 'blob') continue; // a submodule named *.yml
    entries.push(e);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (entries.length > MAX_FILES) {
    out.findings.push(tooManyFiles(entries.length, entries[MAX_FILES]!.path));
    entries.length = MAX_FILES;
  }
  const blobs = read(entries.filter((e) => e.size <= MAX_FILE_BYTES));
  for (const e of entries) {
    out.names.push(e.path);
    if (e.size > MAX_FILE_BYTES) {
      out.findings.push(tooLarge(e.path, e.size));
      continue;
    }
    const buf = blobs.get(e.sha);
    if (!buf) {
      out.findings.push(missingBlob(e.path));
      continue;
    }
    const r = decodeText(buf, e.path);
    if ('text' in r) out.files.push({ path: e.path, text: r.text });
    else out.findings.push(r.finding);
  }
  return out;
}

/** `git cat-file --batch` output: `<sha> <type> <size>\n<content>\n` per object, or `<sha> missing\n`. */
function parseBatch(raw: Buffer): { sha: string; type: string; data: Buffer | undefined }[] {
  const out: { sha: string; type: string; data: Buffer | undefined }[] = [];
  let at = 0;
  while (at < raw.length) {
    const nl = raw.indexOf(0x0a, at);
    if (nl < 0) break;
    const header = raw.subarray(at, nl).toString('latin1').split(' ');
    at = nl + 1;
    if (header[1] === 'missing' || header.length < 3) {
      out.push({ sha: header[0]!, type: 'missing', data: undefined });
      continue;
    }
    const n = Number(header[2]);
    out.push({ sha: header[0]!, type: header[1]!, data: raw.subarray(at, at + n) });
    at += n + 1; // the content, then a newline
  }
  return out;
}

// ---- one git process per repository -----------------------------------------------------------

/** A repository opened once: its history, and the YAML files of any of its commits. */
export interface Repository {
  history: Extract<History, { repository: true }>;
  files(commit: string): Discovered;
}

/**
 * The most bytes of objects read in one go. A homework repository holds tens
 * of KiB; a larger one is read with a git process per question instead.
 */
export const MAX_STORE_BYTES = 32 * 1024 * 1024;

/**
 * The repository of a submission folder, in as few git processes as it
 * takes: one `git cat-file --batch-all-objects --batch` for a small
 * repository (every object in memory; HEAD, the first-parent walk and the
 * trees read here), else rev-list / ls-tree / cat-file per question.
 */
export function openRepository(dir: string): Repository | { repository: false; reason: string } {
  const where = gitDirOf(dir);
  if ('reason' in where) return { repository: false, reason: where.reason };
  const { gitDir } = where;
  const fast = fromObjects(gitDir);
  if (fast) return fast;
  const history = readHistory(dir);
  if (!history.repository) return history;
  return { history, files: (c) => discoverCommit(dir, c) };
}

interface Obj {
  type: string;
  data: Buffer;
}

function fromObjects(gitDir: string): Repository | undefined {
  const head = resolveHead(gitDir);
  if (head === null) return undefined; // a HEAD this reader does not know: let git resolve it
  const shallow = exists(join(gitDir, 'shallow'));
  if (head === undefined) return { history: { repository: true, commits: [], shallow, truncated: false }, files: () => ({ files: [], names: [], findings: [], skipped: [] }) };
  let raw: Buffer;
  try {
    raw = git(gitDir, ['cat-file', '--batch-all-objects', '--batch', '--unordered'], { maxBuffer: MAX_STORE_BYTES });
  } catch {
    return undefined; // too large, or git could not: the per-question path says why
  }
  const store = new Map<string, Obj>();
  for (const o of parseBatch(raw)) if (o.data) store.set(o.sha, { type: o.type, data: o.data });

  const commits: Commit[] = [];
  const trees = new Map<string, string>();
  let sha: string | undefined = head;
  while (sha && commits.length <= MAX_COMMITS) {
    const o = store.get(sha);
    if (!o || o.type !== 'commit') break;
    const c = parseCommit(o.data);
    trees.set(sha, c.tree);
    const parentHere = c.parent !== undefined && store.get(c.parent)?.type === 'commit';
    commits.push({ sha, time: c.time, subject: c.subject, hasParent: parentHere });
    sha = parentHere ? c.parent : undefined;
  }
  if (commits.length === 0) return undefined;
  const truncated = commits.length > MAX_COMMITS;
  if (truncated) commits.length = MAX_COMMITS;
  const hashBytes = head.length / 2;
  return {
    history: { repository: true, commits, shallow, truncated },
    files(commit) {
      const tree = trees.get(commit);
      const entries: TreeEntry[] = [];
      if (tree) walkTree(store, tree, '', 0, hashBytes, entries);
      return collect(entries, (wanted) => new Map(wanted.map((e) => [e.sha, store.get(e.sha)?.data])));
    },
  };
}

/** The most tree entries walked per commit. */
const MAX_TREE_ENTRIES = 200_000;

function walkTree(store: Map<string, Obj>, sha: string, prefix: string, depth: number, hashBytes: number, out: TreeEntry[]): void {
  const o = store.get(sha);
  if (!o || o.type !== 'tree') return;
  const d = o.data;
  let at = 0;
  while (at < d.length && out.length < MAX_TREE_ENTRIES) {
    const sp = d.indexOf(0x20, at);
    const nul = d.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 1 + hashBytes > d.length) return;
    const mode = d.subarray(at, sp).toString('latin1');
    const name = d.subarray(sp + 1, nul).toString('utf8');
    const child = d.subarray(nul + 1, nul + 1 + hashBytes).toString('hex');
    at = nul + 1 + hashBytes;
    const path = prefix + name;
    if (mode === '40000') {
      if (depth < MAX_DEPTH && !SKIP_DIRS.has(name)) walkTree(store, child, path + '/', depth + 1, hashBytes, out);
    } else if (mode === '160000') out.push({ mode, type: 'commit', sha: child, size: 0, path });
    else out.push({ mode, type: 'blob', sha: child, size: store.get(child)?.data.length ?? 0, path });
  }
}

function parseCommit(data: Buffer): { tree: string; parent?: string; time: number; subject: string } {
  const text = data.toString('utf8');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  let tree = '';
  let parent: string | undefined;
  let time = 0;
  for (const line of head.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ') && parent === undefined) parent = line.slice(7);
    else if (line.startsWith('committer ')) {
      const m = / (-?\d+) [+-]\d{4}$/.exec(line);
      if (m) time = Number(m[1]);
    }
  }
  const message = end < 0 ? '' : text.slice(end + 2);
  return { tree, parent, time, subject: message.split('\n', 1)[0] ?? '' };
}

const REF = /^refs\/[A-Za-z0-9._\/-]+$/;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** HEAD's commit id read from .git (loose or packed refs); undefined for an unborn branch; null when this reader cannot tell. */
function resolveHead(gitDir: string): string | undefined | null {
  let ref = 'HEAD';
  for (let hops = 0; hops < 5; hops++) {
    const text = readSmall(join(gitDir, ref));
    if (text === undefined) {
      if (ref === 'HEAD') return null;
      const packed = readSmall(join(gitDir, 'packed-refs'), 16 * 1024 * 1024);
      if (packed === undefined) return undefined;
      for (const line of packed.split('\n')) {
        const [sha, name] = line.split(' ');
        if (name === ref && sha && SHA.test(sha)) return sha;
      }
      return undefined;
    }
    const t = text.trim();
    if (SHA.test(t)) return t;
    if (!t.startsWith('ref: ')) return null;
    ref = t.slice(5).trim();
    if (!REF.test(ref) || ref.includes('..')) return null;
  }
  return null;
}

/** A regular file under .git (never a link), up to `max` bytes; undefined when absent. */
function readSmall(path: string, max = 4096): string | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > max) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function missingBlob(path: string): Finding {
  return {
    message: 'its content is not in this clone (a partial or damaged clone): not read',
    location: { file: path, line: 1, column: 1 },
    hint: 'clone the repository in full (without --filter) and grade again',
  };
}

export { GitError };
