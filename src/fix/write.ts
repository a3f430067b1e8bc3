/**
 * Writes a fix plan into the submission folder, and nothing outside it, all or nothing:
 *
 * 1. every path is checked to stay under DIR with no symbolic link on the way, and every file is
 *    read again (a file that changed since it was read stops the whole write);
 *    every file whose content changes must be writable by the running user (access(W_OK)), and
 *    every folder a file is written into or renamed in too;
 * 2. every file's new content is written to a temporary file in its own folder, with the original's
 *    mode, owner and group (fchown: where the system refuses them, a user who is not root and not
 *    in the group, that file is refused, never given to the user running kubegrade), and every
 *    original is kept under a second temporary name (a hard link, or a copy where the file system
 *    has none);
 * 3. then the temporary files are renamed over the originals (a renamed file never lands on one
 *    that exists: a hard link, which fails when the name is taken, then the old name removed).
 *
 * Any failure (a full disk, a read-only or immutable file, a file or folder without write permission, an owner that cannot be kept)
 * undoes what step 3 did, removes every temporary file and ends with exit 2 naming the file and the
 * operating system's reason; the submission is left as it was.
 *
 * Also: which of the submission's YAML files differ from the last commit, when DIR is in a git work
 * tree, read without running a porcelain command (see uncommitted()).
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { FixPlan } from './index.js';
import { decodeText, encodeText, MAX_DEPTH, SKIP_DIRS, YAML_FILE, type Discovered, type TextEncoding } from '../discover/index.js';
import { osReason, UsageError } from '../util/errors.js';
import { GitError, runGit } from '../util/git.js';

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

interface Current {
  bytes: Buffer;
  text: string | undefined;
  encoding: TextEncoding;
  mode: number;
  uid: number;
  gid: number;
}

/** The file's bytes and text as the grade read it (decoded the same way: a byte order mark left out), its encoding, mode and owner. */
function readNoFollow(abs: string, rel: string): Current {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${abs} is not a plain file: not written`);
    const bytes = readFileSync(fd);
    const r = decodeText(bytes, rel);
    const meta = { bytes, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    return 'text' in r ? { ...meta, text: r.text, encoding: r.encoding } : { ...meta, text: undefined, encoding: 'utf-8' };
  } finally {
    closeSync(fd);
  }
}

const tempName = (folder: string, what: string) => join(folder, `.kubegrade-fix-${process.pid}-${randomBytes(4).toString('hex')}.${what}`);

/** The system refused to give a new file the original's owner and group (a user who is not root, or not in the group). */
class OwnerKept extends Error {
  constructor(readonly why: NodeJS.ErrnoException, readonly uid: number, readonly gid: number) {
    super(why.message);
  }
}

/** A new file in `folder` holding `bytes`, with `like`'s mode, owner and group (OwnerKept when the system refuses them); removed again if any step fails. */
function writeTemp(folder: string, bytes: Buffer, like: Pick<Current, 'mode' | 'uid' | 'gid'>, what: string): string {
  const tmp = tempName(folder, what);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    // The owner first: changing it clears set-id bits, which fchmod then puts back.
    const st = fstatSync(fd);
    if (st.uid !== like.uid || st.gid !== like.gid) {
      try {
        fchownSync(fd, like.uid, like.gid);
      } catch (err) {
        // Not allowed (not root, not in the file's group): refused, never silently given to this user.
        throw new OwnerKept(err as NodeJS.ErrnoException, like.uid, like.gid);
      }
    }
    fchmodSync(fd, like.mode);
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    removeQuietly(tmp);
    throw err;
  }
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a file's text cannot be written back as it was read, or undefined when it can: bytes that are not
 * UTF-8 (a Latin-1 `é`) are read as U+FFFD, as kubectl reads them, and would be written back as U+FFFD,
 * changing what the student wrote outside every edit. Asked by the plan, so `--dry-run` says it too.
 */
export function textRefusal(dir: string, rel: string): string | undefined {
  let cur: Current;
  try {
    cur = readNoFollow(inside(dir, rel), rel);
  } catch {
    return undefined; // the write's own checks say why it cannot be read
  }
  if (cur.text === undefined || encodeText(cur.text, cur.encoding).equals(cur.bytes)) return undefined;
  return `${rel} holds bytes that are not UTF-8 (kubectl reads each as U+FFFD): fix would write them back changed; save the file as UTF-8 and run fix again`;
}

/**
 * Why no file may be renamed to `rel` under `dir`, or undefined when it may: an entry of any kind
 * is there (a file, a folder, a symbolic link, a dangling one too), or the path leaves the folder.
 * The one test of a rename target, made by the plan (so `--dry-run` says what the real run does)
 * and again by the write just before it renames (in case the folder changed meanwhile).
 */
export function renameRefusal(dir: string, rel: string): string | undefined {
  let abs: string;
  try {
    abs = inside(dir, rel);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // no such folder: nothing is there
    throw err;
  }
  let st;
  try {
    st = lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code && ENVIRONMENT.has(code)) return `${rel} cannot be looked at: ${osReason(err)}`;
    throw err;
  }
  const what = st.isSymbolicLink() ? ' (a symbolic link)' : st.isDirectory() ? ' (a folder)' : st.isFile() ? '' : ' (not a plain file)';
  return `${rel} exists${what}: not overwritten`;
}

/** `from` becomes `to`, never over an existing `to`. */
function renameNoClobber(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${to} exists: not overwritten`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw err;
    // A file system without hard links: check, then rename (the check and the rename are not one step there).
    if (exists(to)) throw new UsageError(`${to} exists: not overwritten`);
    renameSync(from, to);
    return;
  }
  unlinkSync(from);
}

/** The original kept under a temporary name beside it: a hard link (the same file), else a copy. */
function keep(src: string, cur: Current): string {
  const bak = tempName(dirname(src), 'orig');
  try {
    linkSync(src, bak);
    return bak;
  } catch {
    return writeTemp(dirname(src), cur.bytes, cur, 'orig');
  }
}

/** Errors of the machine, not of kubegrade: a full disk, a read-only or immutable file, no permission. */
const ENVIRONMENT = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EBUSY', 'ETXTBSY', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'ELOOP', 'EXDEV', 'ENOTDIR', 'EISDIR', 'ENOENT', 'EFBIG', 'EMLINK']);

/** The operating system's reason, as `strerror` words ("permission denied"), with its code. */
/** `path` (shown as `shown`) is writable by the running user, or a UsageError says why not. */
function mustWrite(path: string, shown: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code && ENVIRONMENT.has(e.code)) throw new UsageError(`cannot write ${shown}: ${osReason(e)}`);
    throw err;
  }
}

interface Step {
  rel: string;
  src: string;
  dst: string;
  /** The new content (undefined: a rename alone) and the file as it is now. */
  after?: string;
  cur?: Current;
  tmp?: string;
  bak?: string;
  /** What step 3 did, to undo it. */
  done?: 'replaced' | 'linked' | 'moved';
}

/** Writes the plan's changes and renames, all or nothing. Returns the paths written. */
export function writePlan(dir: string, plan: FixPlan): string[] {
  const renamed = new Map(plan.renames.map((r) => [r.from, r.to]));
  const todo = new Map<string, { to: string; after?: string; before?: string }>();
  for (const [to, c] of plan.changed) todo.set(c.from, { to, after: c.after, before: c.before });
  for (const [from, to] of renamed) if (!todo.has(from)) todo.set(from, { to });

  const steps: Step[] = [];
  let at = '';
  try {
    // 1: check every file before anything is written: unchanged since it was read, no name taken,
    // and what is to be written writable by this user (a file another user owns and this one may
    // not write is refused here, not replaced by a rename into a folder this user may write).
    for (const [from, t] of todo) {
      at = from;
      const step: Step = { rel: from, src: inside(dir, from), dst: inside(dir, t.to), after: t.after };
      steps.push(step);
      const cur = (step.cur = readNoFollow(step.src, from));
      if (t.before !== undefined && cur.text !== t.before) throw new UsageError(`${from} changed while kubegrade fix ran: not written (run it again)`);
      const refused = step.src !== step.dst ? renameRefusal(dir, t.to) : undefined;
      if (refused) throw new UsageError(refused);
      const shown = join(dir, from);
      if (t.after !== undefined) mustWrite(step.src, shown);
      mustWrite(dirname(step.src), dirname(shown));
      mustWrite(dirname(step.dst), dirname(join(dir, t.to)));
    }
    // 2: prepare every file before any original is touched.
    for (const step of steps) {
      at = step.rel;
      // In the encoding it had: a UTF-16 or byte-order-marked file stays one (kubectl reads all of them).
      if (step.after !== undefined) step.tmp = writeTemp(dirname(step.dst), encodeText(step.after, step.cur!.encoding), step.cur!, 'tmp');
      step.bak = keep(step.src, step.cur!);
    }
    // 3: into place.
    for (const step of steps) {
      at = step.rel;
      if (step.tmp && step.src === step.dst) {
        renameSync(step.tmp, step.dst);
        step.tmp = undefined;
        step.done = 'replaced';
      } else {
        // A plain rename moves the file itself; a changed one moves its new content.
        renameNoClobber(step.tmp ?? step.src, step.dst);
        step.done = step.tmp ? 'linked' : 'moved';
        step.tmp = undefined;
        if (step.done === 'linked') unlinkSync(step.src);
      }
    }
  } catch (err) {
    undo(steps);
    const e = err as NodeJS.ErrnoException;
    if (e instanceof UsageError) throw new UsageError(`${e.message}; nothing was changed`);
    if (e instanceof OwnerKept) throw new UsageError(`cannot write ${join(dir, at)}: its owner and group (uid ${e.uid}, gid ${e.gid}) cannot be kept: ${osReason(e.why)}; nothing was changed`);
    if (e.code && ENVIRONMENT.has(e.code)) throw new UsageError(`cannot write ${join(dir, at)}: ${osReason(e)}; nothing was changed`);
    throw err;
  } finally {
    for (const s of steps) {
      if (s.tmp) removeQuietly(s.tmp);
      if (s.bak) removeQuietly(s.bak);
    }
  }
  return [...todo.values()].map((t) => t.to);
}

/** Puts every original back where step 3 had begun (best effort: each undo is one rename). */
function undo(steps: Step[]): void {
  for (const s of [...steps].reverse()) {
    if (!s.done) continue;
    try {
      if (s.done === 'replaced') {
        renameSync(s.bak!, s.src);
        s.bak = undefined;
      } else if (s.done === 'moved') renameSync(s.dst, s.src);
      else {
        unlinkSync(s.dst);
        if (!exists(s.src)) {
          renameSync(s.bak!, s.src);
          s.bak = undefined;
        }
      }
    } catch {
      // The original stays under its temporary name: better than lost.
      s.bak = undefined;
    }
  }
}

/**
 * The submission's YAML files that differ from the last commit (changed, new or removed), when DIR
 * is in a git work tree; undefined when it is not (or git is not installed). Read without a
 * porcelain command (git status refreshes the index and so runs a repository's filters): HEAD's
 * tree is listed with ls-tree and each file's bytes hashed here as git hashes a blob (with CRLF
 * line endings also read as LF, as core.autocrlf stores them).
 */
export function uncommitted(dir: string, source: Pick<Discovered, 'names'>): string[] | undefined {
  let info: string[];
  try {
    info = runGit({ cwd: dir }, ['rev-parse', '--is-inside-work-tree', '--show-prefix', '--show-object-format']).toString('utf8').split('\n');
  } catch {
    return undefined;
  }
  if (info[0] !== 'true') return undefined;
  const prefix = info[1] ?? '';
  const algorithm = info[2] === 'sha256' ? 'sha256' : 'sha1';
  const committed = new Map<string, string>();
  try {
    const listing = runGit({ cwd: dir }, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD', ...(prefix ? ['--', prefix] : [])], { maxBuffer: 64 * 1024 * 1024 });
    for (const rec of listing.toString('utf8').split('\0')) {
      const tab = rec.indexOf('\t');
      if (tab < 0) continue;
      const [mode, type, sha] = rec.slice(0, tab).split(' ');
      const path = rec.slice(tab + 1);
      if (type !== 'blob' || mode === '120000' || !sha || !path.startsWith(prefix)) continue;
      const rel = path.slice(prefix.length);
      const parts = rel.split('/');
      if (!YAML_FILE.test(parts.at(-1)!) || parts.length - 1 > MAX_DEPTH || parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) continue;
      committed.set(rel, sha);
    }
  } catch (err) {
    // No commit yet: every file is uncommitted.
    if (!(err instanceof GitError)) throw err;
  }
  const blob = (bytes: Buffer) => createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  const dirty: string[] = [];
  for (const name of source.names) {
    const want = committed.get(name);
    committed.delete(name);
    if (!want) {
      dirty.push(name);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readNoFollow(inside(dir, name), name).bytes;
    } catch {
      dirty.push(name);
      continue;
    }
    if (blob(bytes) === want) continue;
    const lf = Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    if (lf.length !== bytes.length && blob(lf) === want) continue;
    dirty.push(name);
  }
  for (const name of committed.keys()) dirty.push(name);
  return dirty.sort();
}
