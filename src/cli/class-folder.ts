/**
 * `kubegrade check` on the parent folder of many submissions grades them as
 * one giant submission. This tells the two apart from the file names alone:
 * a class has several top-level subfolders, each holding the homework's
 * files (`<u>-<env>-redis-…`, `<u>-<env>-flask-…`) of a different `<u>`.
 * One student's test and prod folders share `<u>`, so they are not a class.
 */
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { forShell } from '../util/escape.js';

/** A sentence saying why `files` look like several students' submissions, or undefined. */
export function looksLikeClass(files: readonly string[]): string | undefined {
  const owners = new Map<string, Map<string, number>>(); // subfolder → first name segment → count
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash < 0) continue;
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (!/-(redis|flask)-/i.test(base)) continue;
    const who = base.slice(0, base.indexOf('-'));
    if (!who) continue;
    const folder = f.slice(0, slash);
    const m = owners.get(folder) ?? new Map<string, number>();
    m.set(who, (m.get(who) ?? 0) + 1);
    owners.set(folder, m);
  }
  const people = new Set<string>();
  for (const m of owners.values()) people.add([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
  if (owners.size < 2 || people.size < 2) return undefined;
  const names = [...people].sort().slice(0, 3).join(', ');
  return `${owners.size} subfolders hold the files of ${people.size} different students (${names}${people.size > 3 ? ', …' : ''})`;
}

/** A folder named for a homework: homework06, homework7, hw6, HW-07, hw_6 (its number). */
const HOMEWORK = /^(?:homework|hw)[-_ ]?0*(\d{1,3})$/i;

/** The homework folders among `files`' folders: each path prefix that ends in a homework-named folder, with its number. */
export function homeworkFolders(files: readonly string[]): { folder: string; number: number }[] {
  const found = new Map<string, number>();
  for (const f of files) {
    const parts = f.split('/').slice(0, -1);
    for (let i = 0; i < parts.length; i++) {
      const m = HOMEWORK.exec(parts[i]!);
      if (!m) continue;
      found.set(parts.slice(0, i + 1).join('/'), Number(m[1]));
      break;
    }
  }
  return [...found].map(([folder, number]) => ({ folder, number })).sort((a, b) => a.number - b.number || (a.folder < b.folder ? -1 : 1));
}

/**
 * Why `files` are more than one submission (a class: several students; or one student's several
 * homeworks: homework06/ and homework07/), with the folders that each hold one; undefined for one.
 */
export function severalSubmissions(files: readonly string[]): { what: string; folders: string[] } | undefined {
  const cls = looksLikeClass(files);
  if (cls) {
    const folders = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))].sort();
    return { what: `looks like a class, not one submission: ${cls}`, folders };
  }
  const hw = homeworkFolders(files);
  if (hw.length < 2) return undefined;
  const shown = hw.slice(0, 4).map((h) => `${h.folder}/`).join(', ') + (hw.length > 4 ? `, and ${hw.length - 4} more` : '');
  return { what: `holds ${hw.length} homeworks, not one submission (${shown})`, folders: hw.map((h) => h.folder) };
}

/** The homework number a rubric is for, from its name (coe332-hw6 → 6), when it says one. */
export function rubricHomework(name: string): number | undefined {
  const m = /(?:^|[^a-z])(?:hw|homework)[-_]?0*(\d{1,3})(?![0-9])/i.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * `check` on a folder holding several homeworks of one student (homework06/ and homework07/):
 * grading them as one submission gives a wrong grade. The homework folder whose number is the
 * rubric's (coe332-hw6: homework06/) is graded alone, with a note naming the others; with no such
 * folder, or several, the run is refused naming the folder to give. `check --watch` takes the
 * same rule (`options` after the folder in the commands suggested: ` --watch`): the student
 * chooses another homework by giving its folder.
 */
export function homeworkToGrade(dir: string, names: readonly string[], rubricName: string, options = ''): { dir: string; note: string } | undefined {
  const hw = homeworkFolders(names);
  if (hw.length < 2) return undefined;
  const shown = hw.map((h) => `${h.folder}/`).join(', ');
  const at = (f: string) => (dir === '.' ? f : join(dir, f));
  const here = dir === '.' ? 'this folder' : dir;
  const want = rubricHomework(rubricName);
  const match = hw.filter((h) => h.number === want);
  if (match.length !== 1) {
    throw new UsageError(`${here} holds ${hw.length} homeworks, not one submission (${shown}): grade one at a time, e.g. kubegrade check ${forShell(at(hw[0]!.folder))}${options}`);
  }
  const chosen = match[0]!.folder;
  const others = hw.filter((h) => h.folder !== chosen).map((h) => at(h.folder));
  return {
    dir: at(chosen),
    note: `${here} holds ${hw.length} homeworks (${shown}): ${options.includes('--watch') ? 'watching' : 'graded'} ${chosen}/ alone, the one rubric ${rubricName} is for; ${options.includes('--watch') ? 'watch' : 'grade'} the other${others.length === 1 ? '' : 's'} with kubegrade check ${others.map(forShell).join(' / ')}${options} --rubric <its rubric>`,
  };
}
