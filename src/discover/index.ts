/**
 * Stage 1: find the submission's YAML files. Nothing outside the submission
 * folder is ever read: symbolic links are listed, never followed; files that
 * are too large, binary or not UTF-8 become findings instead of input.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most files read from one submission. */
export const MAX_FILES = 2000;
/** How deep folders are visited. */
export const MAX_DEPTH = 16;
/** Folders never read (a git history is read by ./git.ts, never as files). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', '__pycache__']);
export const YAML_FILE = /\.ya?ml$/i;

export function discover(dir: string): Discovered {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`${dir}: no such folder`);
  }
  if (!st.isDirectory()) throw new UsageError(`${dir} is a file, not a folder: give the folder that holds the submission's YAML files`);

  const out: Discovered = { files: [], names: [], findings: [], skipped: [] };
  const paths: string[] = [];
  const visit = (abs: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      out.skipped.push({ file: rel(dir, abs) || '.', reason: `cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = join(abs, e.name);
      if (e.isSymbolicLink()) {
        if (YAML_FILE.test(e.name)) out.skipped.push({ file: rel(dir, child), reason: 'a symbolic link: not followed' });
        continue;
      }
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || depth >= MAX_DEPTH) continue;
        visit(child, depth + 1);
      } else if (e.isFile() && YAML_FILE.test(e.name)) {
        paths.push(child);
      }
    }
  };
  visit(dir, 0);
  paths.sort((a, b) => (rel(dir, a) < rel(dir, b) ? -1 : 1));
  if (paths.length > MAX_FILES) {
    out.findings.push(tooManyFiles(paths.length, rel(dir, paths[MAX_FILES]!)));
    paths.length = MAX_FILES;
  }
  for (const abs of paths) {
    const path = rel(dir, abs);
    out.names.push(path);
    const r = readText(abs, path);
    if ('text' in r) out.files.push({ path, text: r.text });
    else out.findings.push(r.finding);
  }
  return out;
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

function rel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function readText(abs: string, path: string): { text: string } | { finding: Finding } {
  const at = (line = 1, column = 1) => ({ file: path, line, column });
  // lstat again right before reading: the entry must still be a regular file, not a link swapped in.
  let st;
  try {
    st = lstatSync(abs);
  } catch (err) {
    return { finding: { message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, location: at() } };
  }
  if (!st.isFile()) return { finding: { message: 'is not a regular file: not read', location: at() } };
  if (st.size > MAX_FILE_BYTES) return { finding: tooLarge(path, st.size) };
  const buf = Buffer.alloc(st.size);
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
  } catch (err) {
    return { finding: { message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, location: at() } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decodeText(buf, path);
}

/** A file's bytes as YAML text, or the finding that says why not (binary, not UTF-8). */
export function decodeText(buf: Uint8Array, path: string): { text: string } | { finding: Finding } {
  const at = (line = 1, column = 1) => ({ file: path, line, column });
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const { line, column } = position(buf, nul);
    return { finding: { message: 'is a binary file, not YAML text', location: at(line, column), hint: 'a .yml file must hold plain text' } };
  }
  try {
    return { text: utf8.decode(buf) };
  } catch {
    const bad = firstInvalidUtf8(buf);
    const { line, column } = position(buf, bad);
    return {
      finding: {
        message: `is not valid UTF-8 (byte 0x${buf[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
        location: at(line, column),
        hint: 'save the file as UTF-8 (most editors: "Save with encoding")',
      },
    };
  }
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

function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return Math.max(0, buf.length - 1);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
