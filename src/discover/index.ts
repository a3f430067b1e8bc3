/**
 * Stage 1: find the submission's YAML files. Nothing outside the submission
 * folder is ever read, and nothing is passed over silently:
 *
 * - Every entry is opened with O_NOFOLLOW | O_NONBLOCK and checked on the
 *   open descriptor (fstat), then read from that descriptor: a symbolic link
 *   swapped in after the folder was listed fails the open (ELOOP), a FIFO
 *   swapped in opens without blocking and is refused as not a regular file.
 *   There is no check-by-path-then-open-by-path gap.
 * - On Linux, folders are opened the same way and their entries reached
 *   through the open folder (/proc/self/fd/N/name, which is openat()): a folder
 *   swapped for a link mid-walk cannot lead outside either.
 * - Names are handled as bytes, so a name that is not valid UTF-8 is read
 *   like any other and shown with \xNN escapes.
 * - Symbolic links, FIFOs, sockets and devices named like YAML, folders past
 *   the depth limit and files past the read budget are listed with why.
 * - A hard link is a file of the folder like any other (it cannot be told
 *   from one): it is read. README, "What is read, and what is not".
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, existsSync, fstatSync, lstatSync, opendirSync, openSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import type { Finding } from '../types.js';
import { UsageError } from '../util/errors.js';

export interface SourceFile {
  /** Path relative to the submission folder, with `/` separators. */
  path: string;
  text: string;
}

export interface Discovered {
  files: SourceFile[];
  /** Every YAML-looking file name found (including the unreadable ones), sorted. */
  names: string[];
  /** Files that could not be read as text (`yaml.parse` findings). */
  findings: Finding[];
  /** Symbolic links and other entries passed over, with why. */
  skipped: { file: string; reason: string }[];
}

/** The largest file read, in bytes. A Kubernetes manifest is a few KiB. */
export const MAX_FILE_BYTES = 256 * 1024;
/** The most bytes read from one submission, all files together: what grading takes stays bounded whatever the folder holds. */
export const MAX_TOTAL_BYTES = 1024 * 1024;
/** The most files read from one submission. */
export const MAX_FILES = 2000;
/** The most folder entries looked at in one submission. */
export const MAX_ENTRIES = 20_000;
/** Folders deeper than this (the submission folder is 0) are listed, not read. */
export const MAX_DEPTH = 16;
/** Folders never read (a git history is read by ./git.ts, never as files). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', '__pycache__']);
export const YAML_FILE = /\.ya?ml$/i;

const O_FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);
const O_DIR = constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_DIRECTORY ?? 0);
/** Linux: a folder's entries are reached through its open descriptor. */
const VIA_FD = process.platform === 'linux' && existsSync('/proc/self/fd');

interface Entry {
  /** Relative path for the report. */
  rel: string;
  /** The names from the submission folder down, as bytes. */
  parts: Buffer[];
}

export function discover(dir: string): Discovered {
  // The submission folder is opened once (following a link to it: that is the folder given) and
  // everything below is reached through that descriptor.
  let rootFd: number;
  try {
    rootFd = openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' && statSafe(dir)?.isFile()) throw new UsageError(`${dir} is a file, not a folder: give the folder that holds the submission's YAML files`);
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${dir}: no such folder` : `${dir}: cannot be read (${code ?? 'error'})`);
  }
  try {
    return discoverFrom(Buffer.from(dir), rootFd, dir);
  } finally {
    closeSync(rootFd);
  }
}

function statSafe(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The most names listed from the folders of one submission. A folder is listed whole and its names
 * sorted (byte order) before any is looked at, so which entries the MAX_ENTRIES budget takes never
 * depends on the order the file system lists them in (40,000 empty files beside a submission, on
 * ext4 or tmpfs, leave its grade as it is). Past this many names, the folder is not read at all: a
 * count, not an order, decides it.
 */
export const MAX_LISTED = 10 * MAX_ENTRIES;

/** The entries of the folder open as `fd` (reached by `path` where there is no /proc/self/fd), sorted by name (bytes); undefined past `room` entries. */
function listFolder(fd: number, path: Buffer, room: number): Dirent<Buffer>[] | undefined {
  const at = VIA_FD ? `/proc/self/fd/${fd}` : path;
  // Names as bytes (Node accepts encoding 'buffer' here; its types say only string encodings).
  const encoding = 'buffer' as BufferEncoding;
  const list: Dirent<Buffer>[] = [];
  const d = opendirSync(at, { encoding, bufferSize: 256 }) as unknown as { readSync(): Dirent<Buffer> | null; closeSync(): void };
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) {
      if (list.length >= room) return undefined;
      list.push(e);
    }
  } finally {
    d.closeSync();
  }
  return list.sort((a, b) => Buffer.compare(a.name, b.name));
}

/**
 * A file or folder of the submission the system refuses to read (EACCES, EPERM, EIO, …): the whole submission
 * is refused, as the submission folder itself is and as `kubectl apply -f` refuses the folder. Graded without
 * it, the submission would lose that file's points for a fault of the grading machine's, not of its YAML.
 */
function unreadable(dir: string, rel: string, code: string | undefined): UsageError {
  return new UsageError(`${rel ? `${dir.replace(/\/+$/, '')}/${rel}` : dir}: cannot be read (${code ?? 'error'}): a submission is graded whole, as kubectl applies a folder whole; make it readable (chmod a+r), or grade as a user who can read it`);
}

function discoverFrom(rootPath: Buffer, rootFd: number, dir: string): Discovered {
  const out: Discovered = { files: [], names: [], findings: [], skipped: [] };
  const candidates: Entry[] = [];
  let entries = 0;
  let listed = 0;
  const skip = (file: string, reason: string) => out.skipped.push({ file, reason });

  /** Walks one folder, open as `fd` (the submission folder's is given), or reached by `path`. */
  const visit = (path: Buffer, rel: string, parts: Buffer[], depth: number) => {
    let fd: number | undefined;
    let list: Dirent<Buffer>[] = [];
    try {
      fd = depth === 0 ? rootFd : openSync(path, O_DIR);
      const all = listFolder(fd, path, MAX_LISTED - listed);
      if (!all) {
        skip(rel || '.', `has more entries than kubegrade lists (${MAX_LISTED} per submission): not read`);
        if (depth > 0) closeSync(fd);
        return;
      }
      listed += all.length;
      // The budget, in name order: the first names (bytes) of the folder are looked at, whatever order the file system keeps.
      const room = Math.max(0, MAX_ENTRIES - entries);
      if (all.length > room) {
        all.length = room;
        skip(rel || '.', `has more entries than kubegrade looks at (${MAX_ENTRIES} per submission): the rest not read`);
      }
      entries += all.length;
      list = all;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (fd !== undefined && depth > 0) closeSync(fd);
      // A folder that went away while it was listed is passed over; one the system refuses refuses the submission.
      if (code !== 'ELOOP' && code !== 'ENOTDIR' && code !== 'ENOENT') throw unreadable(dir, rel, code);
      skip(rel || '.', code === 'ENOENT' ? 'disappeared while kubegrade read the folder' : 'a symbolic link: not followed');
      return;
    }
    const base = VIA_FD ? Buffer.from(`/proc/self/fd/${fd}/`) : Buffer.concat([path, Buffer.from('/')]);
    const named = list.map((e) => ({ e, name: showName(e.name) }));
    list = [];
    try {
      for (const { e, name } of named) {
        const childRel = rel ? `${rel}/${name}` : name;
        const open = Buffer.concat([base, e.name]);
        // A file system that does not give entry types (DT_UNKNOWN): ask, without following.
        const t: Dirent<Buffer> | Stats = e.isFile() || e.isDirectory() || e.isSymbolicLink() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice() ? e : lstatSync(open);
        if (t.isSymbolicLink()) skip(childRel, 'a symbolic link: not followed');
        else if (t.isDirectory()) {
          if (SKIP_DIRS.has(name)) continue;
          if (depth + 1 > MAX_DEPTH) skip(childRel, `a folder more than ${MAX_DEPTH} levels deep: not read`);
          else visit(open, childRel, [...parts, e.name], depth + 1);
        } else if (!YAML_FILE.test(name)) continue;
        else if (t.isFile()) candidates.push({ rel: childRel, parts: [...parts, e.name] });
        else skip(childRel, `${notRegular(t)}: not read`);
      }
    } finally {
      if (fd !== undefined && depth > 0) closeSync(fd);
    }
  };
  visit(rootPath, '', [], 0);

  candidates.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  if (candidates.length > MAX_FILES) {
    out.findings.push(tooManyFiles(candidates.length, candidates[MAX_FILES]!.rel));
    candidates.length = MAX_FILES;
  }
  // The files are opened again through the submission folder's descriptor, each component with
  // O_NOFOLLOW (openFile): the descriptors of the folders below it are closed by now.
  let budget = MAX_TOTAL_BYTES;
  for (const c of candidates) {
    out.names.push(c.rel);
    const r = readText(rootPath, rootFd, c, budget);
    if ('refused' in r) throw unreadable(dir, c.rel, r.refused);
    if ('text' in r) {
      out.files.push({ path: c.rel, text: r.text });
      budget -= r.bytes;
    } else if ('skipped' in r) skip(c.rel, r.skipped);
    else out.findings.push(r.finding);
  }
  return out;
}

/** A name as shown in reports: UTF-8 as it is, any other byte as \xNN. */
export function showName(name: Buffer): string {
  const s = name.toString('utf8');
  if (!s.includes('\uFFFD') || Buffer.from(s, 'utf8').equals(name)) return s;
  let out = '';
  let i = 0;
  while (i < name.length) {
    const n = utf8Length(name, i);
    out += n > 0 ? Buffer.from(name.subarray(i, i + n)).toString('utf8') : `\\x${name[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
    i += Math.max(n, 1);
  }
  return out;
}

function notRegular(e: Dirent<Buffer> | Stats): string {
  return e.isFIFO() ? 'a FIFO (named pipe)' : e.isSocket() ? 'a socket' : e.isCharacterDevice() || e.isBlockDevice() ? 'a device' : e.isDirectory() ? 'a folder' : 'not a regular file';
}

/**
 * Opens `parts` under the submission folder (open as `rootFd`) without following a link at any
 * step below it: each folder is opened with O_NOFOLLOW and the next step taken through it
 * (Linux), the file itself with O_NOFOLLOW | O_NONBLOCK.
 */
function openFile(root: Buffer, rootFd: number, parts: Buffer[]): number {
  if (!VIA_FD) return openSync(Buffer.concat([root, ...parts.flatMap((p) => [Buffer.from('/'), p])]), O_FILE);
  let dirFd = rootFd;
  try {
    for (const p of parts.slice(0, -1)) {
      const next = openSync(Buffer.concat([Buffer.from(`/proc/self/fd/${dirFd}/`), p]), O_DIR);
      if (dirFd !== rootFd) closeSync(dirFd);
      dirFd = next;
    }
    return openSync(Buffer.concat([Buffer.from(`/proc/self/fd/${dirFd}/`), parts.at(-1)!]), O_FILE);
  } finally {
    if (dirFd !== rootFd) closeSync(dirFd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
/** The bytes of the file being read: MAX_FILE_BYTES and the one more that says a file grew. */
const scratch = Buffer.allocUnsafeSlow(MAX_FILE_BYTES + 1);

function readText(root: Buffer, rootFd: number, entry: Entry, budget: number): { text: string; bytes: number } | { finding: Finding } | { skipped: string } | { refused: string | undefined } {
  const at = (line = 1, column = 1) => ({ file: entry.rel, line, column });
  let fd: number;
  try {
    fd = openFile(root, rootFd, entry.parts);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A link swapped in after the folder was listed.
    if (code === 'ELOOP' || code === 'ENOTDIR') return { skipped: 'a symbolic link: not followed' };
    if (code !== 'ENOENT') return { refused: code };
    return { finding: { message: 'cannot be read: it disappeared while kubegrade read the folder', location: at() } };
  }
  let buf: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { skipped: `${notRegular(st)}: not read` };
    if (st.size > MAX_FILE_BYTES) return { finding: tooLarge(entry.rel, st.size) };
    if (st.size > budget) {
      return {
        finding: {
          message: `not read: the submission's YAML files add up to more than ${formatBytes(MAX_TOTAL_BYTES)}, all that kubegrade reads of one submission`,
          location: at(),
          hint: 'a homework submission is a few KiB of YAML: move other data out of the folder',
        },
      };
    }
    // Read from the descriptor just checked, at most one byte more than it said (a file still growing is refused).
    // A short read once all that fstat promised is in is the end of the file: one read for a file that stays as it is.
    // Into one buffer for every file (the text is decoded out of it before the next is read).
    buf = scratch.subarray(0, Math.min(st.size, MAX_FILE_BYTES) + 1);
    let off = 0;
    while (off < buf.length) {
      const want = buf.length - off;
      const n = readSync(fd, buf, off, want, off);
      if (n === 0) break;
      off += n;
      if (n < want && off >= st.size) break;
    }
    if (off > st.size) return { finding: { message: 'cannot be read: it changed while kubegrade read it', location: at() } };
    buf = buf.subarray(0, off);
  } catch (err) {
    return { refused: (err as NodeJS.ErrnoException).code };
  } finally {
    closeSync(fd);
  }
  const r = decodeText(buf, entry.rel);
  return 'text' in r ? { text: r.text, bytes: buf.length } : r;
}

/** The finding for a submission with more than MAX_FILES YAML files (`first` is the first one not read). */
export function tooManyFiles(n: number, first: string): Finding {
  return { message: `the folder holds ${n} YAML files; kubegrade reads the first ${MAX_FILES}`, location: { file: first, line: 1, column: 1 } };
}

/** The finding for a file over MAX_FILE_BYTES. */
export function tooLarge(path: string, size: number): Finding {
  return {
    message: `is ${formatBytes(size)}; kubegrade reads YAML files up to ${formatBytes(MAX_FILE_BYTES)} (a manifest is a few KiB)`,
    location: { file: path, line: 1, column: 1 },
    hint: 'is this really a Kubernetes manifest? Move other data out of the submission folder',
  };
}

/**
 * How a file's text is stored, as kubectl reads it (cli-runtime's FileVisitor: `unicode.BOMOverride`
 * over UTF-8): UTF-8, with or without a byte order mark, or UTF-16 with one (what Windows PowerShell's
 * `>` and Notepad's "Unicode" write). A UTF-16 file without a byte order mark is read as UTF-8, so
 * as a binary file, as kubectl would.
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

const utf16 = { 'utf-16le': new TextDecoder('utf-16le'), 'utf-16be': new TextDecoder('utf-16be') };

/** The encoding a file's first bytes say it is in. */
function encodingOf(buf: Uint8Array): TextEncoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8-bom';
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** A file's bytes as YAML text (the byte order mark left out), or the finding that says why not (binary, not UTF-8 or UTF-16). */
export function decodeText(buf: Uint8Array, path: string): { text: string; encoding: TextEncoding } | { finding: Finding } {
  const at = (line = 1, column = 1) => ({ file: path, line, column });
  const binary = (line: number, column: number) => ({ finding: { message: 'is a binary file, not YAML text', location: at(line, column), hint: 'a .yml file must hold plain text' } });
  const encoding = encodingOf(buf);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // Half a surrogate pair, or an odd last byte: U+FFFD, as kubectl's reader (golang.org/x/text's UTF-16 decoder) reads them.
    const text = utf16[encoding].decode(buf);
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      const before = text.slice(0, nul).split('\n');
      return binary(before.length, before.at(-1)!.length + 1);
    }
    return { text, encoding };
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const { line, column } = position(buf, nul);
    return binary(line, column);
  }
  // Bytes that are not UTF-8 (a Latin-1 "é" in a comment): U+FFFD, as kubectl's reader reads them;
  // after a UTF-8 byte order mark it hands them to go-yaml as they are, which refuses them where it reads them.
  if (encoding === 'utf-8-bom' && !isUtf8(buf)) return { text: markNotUtf8(buf), encoding };
  return { text: utf8.decode(buf), encoding };
}

/**
 * Stands for a byte that is not UTF-8 in a file with a UTF-8 byte order mark, which go-yaml refuses
 * ("invalid leading UTF-8 octet", …) where it reads it (../parse/index.ts). A high surrogate with
 * no low one after it: nothing decoded from UTF-8 or UTF-16 is one.
 */
export const NOT_UTF8 = '\ud800';
/**
 * A lead byte whose sequence its line's end cuts short (`é` in Latin-1, last on its line): go-yaml
 * decodes it only once it asks for what follows (it waits for the rest of the sequence until the
 * input's end), so it refuses it only where its scanner looks that far (../parse/index.ts).
 */
export const CUT_UTF8 = '\ud801';
const utf8Raw = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A UTF-8 file's text after its byte order mark, each byte of a sequence that is not UTF-8 NOT_UTF8. */
function markNotUtf8(buf: Uint8Array): string {
  let out = '';
  let from = 3;
  let i = 3;
  while (i < buf.length) {
    const n = strictUtf8Length(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += utf8Raw.decode(buf.subarray(from, i)) + (cutByLineEnd(buf, i) ? CUT_UTF8 : NOT_UTF8);
    from = ++i;
  }
  return out + utf8Raw.decode(buf.subarray(from));
}

/** Whether the byte at `i` leads a sequence longer than what is left of its line (the line's end, LF or CRLF, or the file's). */
function cutByLineEnd(buf: Uint8Array, i: number): boolean {
  const b = buf[i]!;
  const n = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  let k = i + 1;
  while (k < buf.length && k < i + n && (buf[k]! & 0xc0) === 0x80) k++;
  return n > 0 && k < i + n && (k === buf.length || buf[k] === 0x0a || (buf[k] === 0x0d && buf[k + 1] === 0x0a));
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode's table: no overlong form, no surrogate, nothing past U+10FFFF), or 0. */
function strictUtf8Length(buf: Uint8Array, i: number): number {
  const b = buf[i]!;
  if (b < 0x80) return 1;
  const n = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > buf.length) return 0;
  const second = buf[i + 1]!;
  const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
  if (second < lo || second > hi) return 0;
  for (let k = 2; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

/** `text` stored as `encoding` (what `kubegrade fix` writes back: the file keeps the encoding it had). */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const le = Buffer.from('\ufeff' + text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

function position(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Length of the valid UTF-8 sequence at `i`, or 0. */
function utf8Length(buf: Uint8Array, i: number): number {
  const b = buf[i]!;
  const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > buf.length) return 0;
  for (let k = 1; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
