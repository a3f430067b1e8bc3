/** How reporters name a gradebook row and the files they write per student (batch --out). */
import { basename } from 'node:path';
import type { Report } from '../types.js';
import { textDigest } from '../util/digest.js';

/** The submission folder's name (`hw6-alice`), or for a roster student without one, who they are. */
export function rowName(r: Report): string {
  return r.student?.folder ?? (r.dir ? basename(r.dir.replace(/[/\\]+$/, '')) : '') ?? '';
}

/** Who the student is, for people: the roster's name, else the username, else the folder. */
export function studentLabel(r: Report): string {
  return r.student?.name ?? (r.username || r.student?.githubUsername || r.student?.identifier || rowName(r) || '(unknown student)');
}

/**
 * `safe`, the name made of `raw` for a file system, as it is when it is `raw`; else with a short fingerprint of
 * `raw` after it (`x&y` → `x_y-4dde30`): a name that had to change never takes the one of a folder really
 * called `x_y`, whichever of the two comes first, so each student's file is named after their own folder.
 */
export function marked(raw: string, safe: string): string {
  return safe === raw || raw === '' ? safe : `${safe}-${textDigest(raw).slice(-6)}`;
}

/**
 * A file name for each student, safe on every file system and unique within
 * one run: letters, digits, `.`, `_`, `-` kept, anything else `_` (and a
 * fingerprint of the name it was: marked()); a second `alice` becomes
 * `alice-2`. One per run (it remembers the names used).
 */
export function fileNamer(): (r: Report, ext: string) => string {
  const used = new Set<string>();
  return (r, ext) => {
    // A folder's name is marked when it had to change (a folder may be called what another's became); a roster
    // student without a folder is named after who they are (`Zed, Z` → Zed__Z), which no folder name is meant to be.
    const folder = rowName(r).normalize('NFC');
    const raw = folder || studentLabel(r).normalize('NFC');
    const safe = raw.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'student';
    const base = folder ? marked(raw, safe) : safe;
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    return name + ext;
  };
}
