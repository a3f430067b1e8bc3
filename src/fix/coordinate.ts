/**
 * Hints that know the whole submission: turns a schema issue's fix into edits of its object,
 * and marks the checks whose fix another check's fix already makes ("see …"), so that one cause
 * gives one instruction (a misspelt `lables:` is one fault, said by schema.* and by *.labels).
 */
import type { KObject, Path } from '../parse/index.js';
import type { SchemaIssue } from '../schema/index.js';
import type { CheckResult, Fix, FixEdit } from '../types.js';
import { certain, moveUpEdit, renameKeyEdit, setEdit } from './edits.js';

export function schemaFix(obj: KObject, path: Path, fix: NonNullable<SchemaIssue['fix']>): Fix {
  switch (fix.kind) {
    case 'rename-key':
      return certain(renameKeyEdit(obj, path, fix.to));
    case 'set':
      return certain(setEdit(obj, path, fix.value));
    case 'reindent':
      return certain(moveUpEdit(obj, path, fix.under));
  }
}

/** One edit as a comparable string. */
export function editKey(e: FixEdit): string {
  return JSON.stringify([e.kind, e.file, e.document ?? 0, e.path ?? [], e.value ?? null, e.to ?? null, e.under ?? null, e.line ?? null, e.endLine ?? null, e.by ?? null]);
}

/**
 * A failed check whose every edit is an edit of an earlier failed check (in rubric order:
 * yaml.parse, schema.*, then the rest) follows from that check's cause: its hint becomes
 * "see <id>" and it records `cause`. Its fix stays, for tools; applying it twice is
 * a no-op.
 */
export function coordinate(checks: CheckResult[]): void {
  const made = new Map<string, CheckResult>();
  for (const c of checks) {
    if (c.status !== 'fail' || !c.fix || c.fix.edits.length === 0) continue;
    const keys = c.fix.edits.map(editKey);
    const by = keys.map((k) => made.get(k));
    const first = by[0];
    if (first && by.every((x) => x === first)) {
      c.cause = first.id;
      c.hint = `see ${first.id}: the same fix makes both pass`;
      continue;
    }
    for (const k of keys) if (!made.has(k)) made.set(k, c);
  }
}
