/** How reporters name a gradebook row and the files they write per student (batch --out). */
import { basename } from 'node:path';
import type { Report } from '../types.js';

/** The submission folder's name (`hw6-alice`), or for a roster student without one, who they are. */
export function rowName(r: Report): string {
  return r.student?.folder ?? (r.dir ? basename(r.dir.replace(/[/\\]+$/, '')) : '') ?? '';
}

/** Who the student is, for people: the roster's name, else the username, else the folder. */
export function studentLabel(r: Report): string {
  return r.student?.name ?? (r.username || r.student?.githubUsername || r.student?.identifier || rowName(r) || '(unknown student)');
}

/**
 * A file name for each student, safe on every file system and unique within
 * one run: letters, digits, `.`, `_`, `-` kept, anything else `_`; a
 * second `alice` becomes `alice-2`. One per run (it remembers the names used).
 */
export function fileNamer(): (r: Report, ext: string) => string {
  const used = new Set<string>();
  return (r, ext) => {
    const base = (rowName(r) || studentLabel(r)).normalize('NFC').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'student';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    return name + ext;
  };
}
