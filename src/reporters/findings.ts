/** What the reporters that group by file share: every finding of the failed checks, by file, and those with no file. */
import type { CheckResult, Finding, Report } from '../types.js';

/** A finding with the check it belongs to; its hint falls back to the check's. */
export interface Row {
  check: CheckResult;
  finding: Finding;
}

export function findingsByFile(r: Report): { byFile: Map<string, Row[]>; unlocated: Row[] } {
  const byFile = new Map<string, Row[]>();
  const unlocated: Row[] = [];
  for (const c of r.checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    for (const f of c.findings ?? [{ message: c.message, location: c.location, hint: c.hint }]) {
      const row = { check: c, finding: { ...f, hint: f.hint ?? c.hint } };
      if (f.location) {
        const list = byFile.get(f.location.file) ?? [];
        list.push(row);
        byFile.set(f.location.file, list);
      } else unlocated.push(row);
    }
  }
  return { byFile, unlocated };
}
