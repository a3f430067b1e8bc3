/** Where the submissions of a batch are, and who wrote them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';

/** The immediate subfolders of `root` (hidden ones excluded), sorted: one submission each. */
export function submissionsIn(root: string): string[] {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`${root}: no such folder`);
  }
  if (!st.isDirectory()) throw new UsageError(`${root} is a file, not a folder of submissions`);
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .map((d) => join(root, d.name))
    .sort();
  if (dirs.length === 0) throw new UsageError(`${root} has no subfolders: give the folder that holds one folder per submission`);
  return dirs;
}

/** A roster CSV: `folder,username` per line (a header line is allowed). */
export function readRoster(file: string, root: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the roster`);
  }
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const [folder, username, ...rest] = t.split(',').map((s) => s.trim());
    if (i === 0 && folder === 'folder') return;
    if (!folder || !username || rest.length > 0) throw new UsageError(`${file}:${i + 1}: expected "folder,username"`);
    out[join(root, folder)] = username;
  });
  return out;
}
