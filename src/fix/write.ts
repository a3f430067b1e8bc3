/**
 * Writes a fix plan into the submission folder, and nothing outside it: every path is checked to
 * stay under DIR with no symbolic link on the way; a file is replaced through a temporary file in
 * its own folder and a rename (never half-written); a renamed file never lands on one that exists
 * (a hard link, which fails when the name is taken, then the old name removed); a file that
 * changed since it was read is left alone. Also: whether DIR is a git work tree with uncommitted
 * changes (`git status --porcelain`, with a time limit and no repository hooks or fsmonitor).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import type { FixPlan } from './index.js';
import { decodeText, encodeText, type TextEncoding } from '../discover/index.js';
import { UsageError } from '../util/errors.js';

/** The absolute path of `rel` under `dir`, refusing `..`, absolute paths and symbolic links on the way. */
export function inside(dir: string, rel: string): string {
  if (rel.startsWith('/') || rel.split('/').some((s) => s === '..' || s === '' || s === '.')) throw new UsageError(`${rel}: not a path inside the submission folder`);
  const root = resolve(dir);
  const abs = resolve(root, ...rel.split('/'));
  if (!abs.startsWith(root + sep)) throw new UsageError(`${rel}: not a path inside the submission folder`);
  // Each folder on the way must be a real folder, not a link to somewhere else.
  let cur = root;
  for (const seg of rel.split('/').slice(0, -1)) {
    cur = join(cur, seg);
    const st = lstatSync(cur);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new UsageError(`${rel}: ${cur} is not a plain folder (a symbolic link?): not written`);
  }
  return abs;
}

/** The file's text as the grade read it (decoded the same way: a byte order mark left out), its encoding and mode. */
function readNoFollow(abs: string, rel: string): { text: string | undefined; encoding: TextEncoding; mode: number } {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${abs} is not a plain file: not written`);
    const r = decodeText(readFileSync(fd), rel);
    return 'text' in r ? { text: r.text, encoding: r.encoding, mode: st.mode & 0o777 } : { text: undefined, encoding: 'utf-8', mode: st.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

function writeTemp(folder: string, bytes: Buffer, mode: number): string {
  const tmp = join(folder, `.kubegrade-fix-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** `from` becomes `to`, never over an existing `to`. */
function renameNoClobber(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${to} exists: not overwritten`);
    // A file system without hard links: check, then rename (the check and the rename are not one step there).
    let exists = true;
    try {
      lstatSync(to);
    } catch {
      exists = false;
    }
    if (exists) throw new UsageError(`${to} exists: not overwritten`);
    renameSync(from, to);
    return;
  }
  unlinkSync(from);
}

/** Writes the plan's changes and renames. Returns the paths written. */
export function writePlan(dir: string, plan: FixPlan): string[] {
  const done: string[] = [];
  const renamed = new Map(plan.renames.map((r) => [r.from, r.to]));
  const todo = new Map<string, { to: string; after?: string; before?: string }>();
  for (const [to, c] of plan.changed) todo.set(c.from, { to, after: c.after, before: c.before });
  for (const [from, to] of renamed) if (!todo.has(from)) todo.set(from, { to });
  for (const [from, t] of todo) {
    const src = inside(dir, from);
    const dst = inside(dir, t.to);
    const cur = readNoFollow(src, from);
    if (t.before !== undefined && cur.text !== t.before) throw new UsageError(`${from} changed while kubegrade fix ran: not written (run it again)`);
    if (t.after === undefined) {
      renameNoClobber(src, dst);
    } else {
      // In the encoding it had: a UTF-16 or byte-order-marked file stays one (kubectl reads all of them).
      const tmp = writeTemp(dirname(dst), encodeText(t.after, cur.encoding), cur.mode);
      try {
        if (src === dst) renameSync(tmp, dst);
        else {
          renameNoClobber(tmp, dst);
          unlinkSync(src);
        }
      } catch (err) {
        try {
          unlinkSync(tmp);
        } catch {
          // gone already
        }
        throw err;
      }
    }
    done.push(t.to);
  }
  return done;
}

/**
 * What `git status --porcelain` says about DIR: undefined when DIR is not in a git work tree (or
 * git is not installed), else the changed paths. Runs with a time limit, no fsmonitor and no hooks.
 */
export function uncommitted(dir: string): string[] | undefined {
  const git = (args: string[]) =>
    spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 5000,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
  const inTree = git(['rev-parse', '--is-inside-work-tree']);
  if (inTree.error || inTree.status !== 0 || inTree.stdout.trim() !== 'true') return undefined;
  const st = git(['status', '--porcelain', '--', '.']);
  if (st.error || st.status !== 0) throw new UsageError(`git status failed in ${dir}${st.error ? ` (${st.error.message})` : ''}: commit or pass --force`);
  return st.stdout.split('\n').filter((l) => l.trim() !== '');
}
