/**
 * `kubegrade rubric`: a data rubric (or a variant) printed complete, its
 * `extends` resolved and `--set` applied, as YAML to save, edit and use from
 * any folder; and the list of check templates with their parameters.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { isLayered, resolvedRubricData } from '../rubric/index.js';
import { engineApi } from '../engine/load.js';

/** Whether the file is a data rubric (`roles:`, checks naming templates) or a variant (`extends:`). */
export function isLayeredRubric(file: string): boolean {
  try {
    const d = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as unknown;
    return isLayered(d);
  } catch {
    return false;
  }
}

export function completeRubric(file: string, set: readonly string[]): string {
  const data = resolvedRubricData(file);
  const params = { ...((data.params as Record<string, unknown>) ?? {}) };
  const { applyDataSet } = engineApi();
  for (const s of set) applyDataSet(params, s);
  const out = { ...data, params };
  return `# ${String(data.name)}, complete (extends resolved${set.length ? `, ${set.join(' ')}` : ''}): save it, edit it, grade with --rubric FILE.\n${stringify(out, { lineWidth: 0 })}`;
}

export function templateList(): string {
  const lines: string[] = [];
  const { TEMPLATES, MATCHER_NAMES } = engineApi();
  for (const t of TEMPLATES.values()) {
    const props = Object.keys((t.schema.properties as object | undefined) ?? {});
    const req = new Set((t.schema.required as string[] | undefined) ?? []);
    lines.push(`${t.key}${t.kinds.length ? ` (${t.kinds.join(', ')})` : ''}`);
    lines.push(`  ${t.description}`);
    if (props.length) lines.push(`  with: ${props.map((p) => (req.has(p) ? p : `${p}?`)).join(', ')}`);
    lines.push(`  messages: ${Object.keys(t.messages).join(', ')}`, '');
  }
  lines.push(`role matchers: ${MATCHER_NAMES.join(', ')}`);
  return lines.join('\n') + '\n';
}
