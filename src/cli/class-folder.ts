/**
 * `kubegrade check` on the parent folder of many submissions grades them as
 * one giant submission. This tells the two apart from the file names alone:
 * a class has several top-level subfolders, each holding the homework's
 * files (`<u>-<env>-redis-…`, `<u>-<env>-flask-…`) of a different `<u>`.
 * One student's test and prod folders share `<u>`, so they are not a class.
 */

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
