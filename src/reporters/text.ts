/**
 * The human report: findings grouped by file, each with line:column, the
 * check id, the message and a hint; then what was not found at all, and the
 * score. Colour only when the caller says so.
 */
import { styleText } from 'node:util';
import type { CheckResult, Finding, Report } from '../types.js';
import type { RenderOptions, Reporter } from './types.js';

type Style = Parameters<typeof styleText>[0];

export const text: Reporter = {
  name: 'text',
  description: 'a readable report grouped by file (the default)',
  create(out, options) {
    let first = true;
    return {
      write(r) {
        out.write((first ? '' : '\n') + renderOne(r, options));
        first = false;
      },
      flush() {},
    };
  },
};

interface Row {
  check: CheckResult;
  finding: Finding;
}

function renderOne(r: Report, { color, verbose }: RenderOptions): string {
  const paint = (style: Style, s: string) => (color ? styleText(style, s, { validateStream: false }) : s);
  const lines: string[] = [];
  const who = r.username ? `${r.username}` : '(unknown user)';
  lines.push(`${paint('bold', 'kubegrade')} ${r.dir} · ${who} · env ${r.env} · ${r.rubric.title ?? r.rubric.name}`);
  if (r.usernameInfo.note) lines.push(paint('yellow', `  note: ${r.usernameInfo.note}`));
  if (r.files.length === 0) lines.push(paint('yellow', `  note: no .yml or .yaml files in ${r.dir}`));
  lines.push('');

  // Findings with a location, grouped by file; the rest below.
  const byFile = new Map<string, Row[]>();
  const unlocated: Row[] = [];
  for (const c of r.checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    const findings = c.findings ?? [{ message: c.message, location: c.location, hint: c.hint }];
    for (const f of findings) {
      const row = { check: c, finding: { ...f, hint: f.hint ?? c.hint } };
      if (f.location) {
        const list = byFile.get(f.location.file) ?? [];
        list.push(row);
        byFile.set(f.location.file, list);
      } else unlocated.push(row);
    }
  }
  const roleOf = new Map(r.roles.filter((a) => a.file).map((a) => [a.file!, a.role]));
  const files = [...new Set([...r.files, ...byFile.keys()])].sort();
  for (const file of files) {
    const rows = (byFile.get(file) ?? []).sort((a, b) => a.finding.location!.line - b.finding.location!.line || a.finding.location!.column - b.finding.location!.column);
    const roles = r.roles.filter((a) => a.file === file).map((a) => a.role);
    const ignored = r.ignored.filter((i) => i.file === file);
    const tag = roles.length ? paint('dim', ` (${roles.join(', ')})`) : ignored.length && !roleOf.has(file) ? paint('dim', ` (ignored: ${ignored[0]!.reason})`) : '';
    if (rows.length === 0 && !verbose) {
      lines.push(`${paint('green', '✓')} ${file}${tag}`);
      continue;
    }
    lines.push(`${rows.length ? paint('red', '✗') : paint('green', '✓')} ${paint('underline', file)}${tag}`);
    for (const row of rows) lines.push(...formatRow(row, paint));
  }
  if (unlocated.length) {
    lines.push(`${paint('red', '✗')} ${paint('underline', 'not found in any file')}`);
    for (const row of unlocated) lines.push(...formatRow(row, paint));
  }
  if (verbose) {
    lines.push('', paint('bold', 'checks'));
    for (const c of r.checks) {
      const mark = c.status === 'pass' ? paint('green', '✓') : c.status === 'skip' ? paint('dim', '-') : paint('red', '✗');
      lines.push(`  ${mark} ${c.id.padEnd(36)} ${c.points}/${c.maxPoints}  ${paint('dim', c.message)}`);
    }
  }

  const failed = r.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  const skipped = r.checks.filter((c) => c.status === 'skip');
  const passed = r.checks.filter((c) => c.status === 'pass').length;
  lines.push('');
  const lost = r.maxScore - r.score;
  const losing = failed.filter((c) => c.maxPoints > 0).length;
  const summary = `score ${r.score}/${r.maxScore}` + (lost > 0 ? ` · ${lost} point${lost === 1 ? '' : 's'} lost in ${losing} check${losing === 1 ? '' : 's'}` : ' · full marks');
  lines.push(paint(lost > 0 ? 'red' : 'green', paint('bold', summary)) + paint('dim', ` · ${[`${passed} passed`, ...notRun(r.checks, skipped)].join(', ')}`));
  return lines.join('\n') + '\n';
}

/** What was not run, and how to run it: live checks in a static run, static ones in `kubegrade live`. */
function notRun(all: Report['checks'], skipped: Report['checks']): string[] {
  const isLive = (c: { id: string }) => c.id.startsWith('live.');
  const live = skipped.filter(isLive).length;
  const stat = skipped.length - live;
  const liveRan = all.some((c) => isLive(c) && c.status !== 'skip');
  const out: string[] = [];
  if (live) out.push(liveRan ? `${live} live skipped` : `${live} live checks not run (add --live)`);
  if (stat) out.push(`${stat} static checks not run (kubegrade check --live runs both)`);
  return out;
}

function formatRow({ check, finding }: Row, paint: (s: Style, t: string) => string): string[] {
  const loc = finding.location ? `${finding.location.line}:${finding.location.column}` : '';
  const pts = check.maxPoints > 0 ? paint('dim', ` -${check.maxPoints}`) : paint('dim', ' (0 points)');
  const out = [`  ${paint('dim', loc.padEnd(7))} ${finding.message}  ${paint('cyan', check.id)}${pts}`];
  if (finding.hint) out.push(`  ${' '.repeat(7)} ${paint('dim', '→')} ${paint('yellow', finding.hint)}`);
  return out;
}
