/**
 * Stage 1, from a git history instead of the working folder: the YAML files of
 * one commit, read from git's objects (never a checkout; nothing in the
 * student's repository is changed, not even a lock or an index refresh).
 *
 * git is run as plumbing only (`rev-list`, `ls-tree`, `cat-file --batch`),
 * which runs no hooks, pager, textconv, fsmonitor or credential helper; it is
 * given a clean environment (no GIT_* of ours, no system or global config, no
 * replace refs, no network protocol: a partial clone cannot fetch), a time
 * limit and output bounds. A `.git` that reads objects from outside the
 * submission (a gitfile, a link, alternates, a worktree's commondir) is not
 * read. The same limits as ./index.ts apply to what is read: file count,
 * file size, depth, skipped folders, binary and non-UTF-8 files.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
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
export const GIT_TIMEOUT_MS = 20_000;

/**
 * Protected configuration given on the command line: it wins over the
 * repository's own. Plumbing reads none of these, but a future git or an odd
 * path might, so they are disarmed anyway.
 */
const CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'safe.directory=*',
  'core.untrackedCache=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'fetch.negotiationAlgorithm=noop',
  'protocol.allow=never',
  'core.alternateRefsCommand=',
  'log.showSignature=false',
].flatMap((c) => ['-c', c]);

/** The environment git runs with: the PATH to find it, and nothing of the caller's GIT_* or HOME. */
function gitEnv(gitDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LC_ALL: 'C',
    HOME: '/nonexistent',
    GIT_DIR: gitDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    // A list that names no real protocol: git may talk to no remote (a partial clone's lazy fetch included).
    GIT_ALLOW_PROTOCOL: 'none',
    GIT_PROTOCOL_FROM_USER: '0',
  };
}

class GitError extends Error {}

function git(gitDir: string, args: string[], options: { input?: string; maxBuffer?: number } = {}): Buffer {
  const r = spawnSync('git', [...CONFIG, ...args], {
    cwd: gitDir,
    env: gitEnv(gitDir),
    input: options.input,
    timeout: GIT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git is not installed (it is needed to read a history: apt-get install git)');
    if (code === 'ETIMEDOUT') throw new GitError(`git ${args[0]} took more than ${GIT_TIMEOUT_MS / 1000} s`);
    if (code === 'ENOBUFS') throw new GitError(`git ${args[0]} printed more than kubegrade reads`);
    throw new GitError(`git ${args[0]} failed (${code ?? r.error.message})`);
  }
  if (r.status !== 0) {
    const lines = r.stderr.toString('utf8').trim().split('\n');
    throw new GitError(`git ${args[0]}: ${(lines.find((l) => l.startsWith('fatal:')) ?? lines[0]) || `exit ${r.status}`}`);
  }
  return r.stdout;
}

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
  const out: Discovered = { files: [], names: [], findings: [], skipped: [] };

  const listing = git(gitDir, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { maxBuffer: 64 * 1024 * 1024 });
  const entries: TreeEntry[] = [];
  for (const rec of listing.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, sha, size] = rec.slice(0, tab).split(/ +/);
    const path = rec.slice(tab + 1);
    if (!mode || !type || !sha || size === undefined) continue;
    const parts = path.split('/');
    const base = parts[parts.length - 1]!;
    if (parts.length - 1 > MAX_DEPTH || parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) continue;
    if (!YAML_FILE.test(base)) continue;
    if (mode === '120000') {
      out.skipped.push({ file: path, reason: 'a symbolic link: not followed' });
      continue;
    }
    if (type !== 'blob') continue; // a submodule named *.yml
    entries.push({ mode, type, sha, size: size === '-' ? 0 : Number(size), path });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (entries.length > MAX_FILES) {
    out.findings.push(tooManyFiles(entries.length, entries[MAX_FILES]!.path));
    entries.length = MAX_FILES;
  }

  const wanted = entries.filter((e) => e.size <= MAX_FILE_BYTES);
  const blobs = new Map<string, Buffer | undefined>();
  if (wanted.length > 0) {
    const total = wanted.reduce((n, e) => n + e.size + 128, 0);
    const raw = git(gitDir, ['cat-file', '--batch'], { input: wanted.map((e) => e.sha).join('\n') + '\n', maxBuffer: total + 1024 * 1024 });
    let at = 0;
    while (at < raw.length) {
      const nl = raw.indexOf(0x0a, at);
      if (nl < 0) break;
      const header = raw.subarray(at, nl).toString('latin1').split(' ');
      at = nl + 1;
      if (header[1] === 'missing' || header.length < 3) {
        blobs.set(header[0]!, undefined);
        continue;
      }
      const n = Number(header[2]);
      blobs.set(header[0]!, raw.subarray(at, at + n));
      at += n + 1; // the content, then a newline
    }
  }
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

function missingBlob(path: string): Finding {
  return {
    message: 'its content is not in this clone (a partial or damaged clone): not read',
    location: { file: path, line: 1, column: 1 },
    hint: 'clone the repository in full (without --filter) and grade again',
  };
}

export { GitError };
