/**
 * The human report: findings grouped by file, each with line:column, the
 * check id, the message and a hint; then what was not found at all, and the
 * score. Colour only when the caller says so; lines wrapped to the width the
 * caller gives (the terminal's), never inside a word.
 *
 * One cause, one line: findings of several checks that give the same
 * instruction at the same place (a missing object fails nine checks) are one
 * row that lists the checks and the points they cost together. A check's
 * points are shown once, on its first row. Student text is shown through
 * forTerminal, so escape sequences in a name cannot act on the terminal.
 */
import { styleText } from 'node:util';
import type { CheckResult, Finding, Report } from '../types.js';
import { forTerminal, forTerminalLine } from '../util/escape.js';
import type { RenderOptions, Reporter } from './types.js';

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, s: string) => string;

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

/** Findings that share a cause: the same instruction at the same place. */
interface Row {
  finding: Finding;
  checks: CheckResult[];
  /** Messages of the checks in the row, the most common shown. */
  messages: string[];
}

/** Indent of a row's continuation lines: two spaces, the 7-wide location, a space. */
const INDENT = 10;

function renderOne(r: Report, { color, verbose, width }: RenderOptions): string {
  const paint: Paint = (style, s) => (color ? styleText(style, s, { validateStream: false }) : s);
  const t = forTerminalLine;
  const lines: string[] = [];
  const who = r.username ? t(r.username) : '(unknown user)';
  lines.push(...wrap([{ text: 'kubegrade', style: 'bold' }, { text: `${t(r.dir)} · ${who}${r.env ? ` · env ${t(r.env)}` : ''} · ${t(r.rubric.title ?? r.rubric.name)}` }], width, 0, 2, paint));
  if (r.usernameInfo.note) lines.push(...wrap([{ text: `note: ${t(r.usernameInfo.note)}`, style: 'yellow' }], width, 2, 4, paint));
  if (r.missing !== undefined) lines.push(paint('yellow', `  note: ${t(r.missing)}`));
  else if (r.files.length === 0) lines.push(paint('yellow', `  note: no .yml or .yaml files in ${t(r.dir)}`));
  // Folders past the depth limit and links: passed over, and said so (files' own notes are below).
  const read = new Set(r.files);
  const passedOver = r.ignored.filter((i) => !read.has(i.file));
  for (const i of passedOver.slice(0, 5)) lines.push(...wrap([{ text: `note: passed over: ${t(i.file)} (${t(i.reason)})`, style: 'yellow' }], width, 2, 4, paint));
  if (passedOver.length > 5) lines.push(paint('yellow', `  note: and ${passedOver.length - 5} more not read (--format json lists them)`));
  lines.push('');

  // Rows: one per cause, keyed by place and instruction; located ones grouped by file, the rest below.
  const rows = new Map<string, Row>();
  for (const c of r.checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    const findings = c.findings ?? [{ message: c.message, location: c.location, hint: c.hint }];
    for (const f of findings) {
      const hint = f.hint ?? c.hint;
      const loc = f.location;
      const key = `${loc ? `${loc.file}\0${loc.line}\0${loc.column}` : ''}\0${hint ?? f.message}`;
      const row = rows.get(key);
      if (row) {
        if (!row.checks.includes(c)) row.checks.push(c);
        row.messages.push(f.message);
      } else rows.set(key, { finding: { ...f, hint }, checks: [c], messages: [f.message] });
    }
  }
  const byFile = new Map<string, Row[]>();
  const unlocated: Row[] = [];
  for (const row of rows.values()) {
    const file = row.finding.location?.file;
    if (file === undefined) unlocated.push(row);
    else byFile.set(file, [...(byFile.get(file) ?? []), row]);
  }
  const shown = new Set<CheckResult>();
  const roleOf = new Map(r.roles.filter((a) => a.file).map((a) => [a.file!, a.role]));
  const files = [...new Set([...r.files, ...byFile.keys()])].sort();
  for (const file of files) {
    const list = (byFile.get(file) ?? []).sort((a, b) => a.finding.location!.line - b.finding.location!.line || a.finding.location!.column - b.finding.location!.column);
    const roles = r.roles.filter((a) => a.file === file).map((a) => a.role);
    const ignored = r.ignored.filter((i) => i.file === file);
    const tag = roles.length ? paint('dim', ` (${roles.join(', ')})`) : ignored.length && !roleOf.has(file) ? paint('dim', ` (ignored: ${t(ignored[0]!.reason)})`) : '';
    if (list.length === 0 && !verbose) {
      lines.push(`${paint('green', '✓')} ${t(file)}${tag}`);
      continue;
    }
    lines.push(`${list.length ? paint('red', '✗') : paint('green', '✓')} ${paint('underline', t(file))}${tag}`);
    for (const row of list) lines.push(...formatRow(row, shown, paint, width));
  }
  if (unlocated.length) {
    lines.push(`${paint('red', '✗')} ${paint('underline', 'not found in any file')}`);
    for (const row of unlocated) lines.push(...formatRow(row, shown, paint, width));
  }
  if (verbose) {
    lines.push('', paint('bold', 'checks'));
    for (const c of r.checks) {
      const mark = c.status === 'pass' ? paint('green', '✓') : c.status === 'skip' ? paint('dim', '-') : paint('red', '✗');
      lines.push(`  ${mark} ${c.id.padEnd(36)} ${c.points}/${c.maxPoints}  ${paint('dim', t(c.message))}`);
    }
  }

  const failed = r.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  const skipped = r.checks.filter((c) => c.status === 'skip');
  const passed = r.checks.filter((c) => c.status === 'pass').length;
  lines.push('');
  const lost = r.maxScore - r.score;
  const losing = failed.filter((c) => c.maxPoints > 0).length;
  const summary = `score ${r.score}/${r.maxScore}` + (lost > 0 ? ` · ${lost} point${lost === 1 ? '' : 's'} lost in ${losing} check${losing === 1 ? '' : 's'}` : ' · full marks');
  lines.push(
    ...wrap([{ text: summary, style: ['bold', lost > 0 ? 'red' : 'green'] }, { text: `· ${[`${passed} passed`, ...notRun(r.checks, skipped)].join(', ')}`, style: 'dim' }], width, 0, 2, paint),
  );
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

function mostCommon(values: string[]): string {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]![0];
}

function formatRow(row: Row, shown: Set<CheckResult>, paint: Paint, width: number | undefined): string[] {
  const { finding } = row;
  const loc = finding.location ? `${finding.location.line}:${finding.location.column}` : '';
  // Points: once per check, on its first row; a row of several checks says what they cost together.
  const fresh = row.checks.filter((c) => !shown.has(c));
  for (const c of fresh) shown.add(c);
  const points = fresh.reduce((s, c) => s + c.maxPoints, 0);
  // A message is one line: a line break in it (a file name's) is shown as \n, as in the header.
  const words: Word[] = [{ text: forTerminalLine(mostCommon(row.messages)) }];
  if (row.checks.length === 1) {
    words.push({ text: row.checks[0]!.id, style: 'cyan', gap: 2 });
    if (fresh.length) words.push({ text: row.checks[0]!.maxPoints > 0 ? `-${points}` : '(0 points)', style: 'dim', glue: true });
  } else if (fresh.length) {
    words.push({ text: `-${points} in ${row.checks.length} checks`, style: 'dim', gap: 2 });
  }
  const out = wrap(words, width, 2 + 7 + 1, INDENT, paint).map((l, i) => (i === 0 ? `  ${paint('dim', loc.padEnd(7))} ${l.slice(INDENT)}` : l));
  if (finding.hint) out.push(...wrap([{ text: '→', style: 'dim' }, { text: forTerminal(finding.hint), style: 'yellow' }], width, INDENT, INDENT + 2, paint));
  if (row.checks.length > 1) out.push(...wrap([{ text: `(${abbreviate(row.checks.map((c) => c.id)).join(', ')})`, style: 'dim' }], width, INDENT + 2, INDENT + 2, paint));
  return out;
}

/** `redis-pvc.name, redis-pvc.labels` → `redis-pvc.name, .labels`: the role is said once. */
function abbreviate(ids: string[]): string[] {
  let prev = '';
  return ids.map((id) => {
    const dot = id.indexOf('.');
    const head = dot > 0 ? id.slice(0, dot) : id;
    const shortened = head === prev && dot > 0 ? id.slice(dot) : id;
    prev = head;
    return shortened;
  });
}

interface Word {
  text: string;
  style?: Style;
  /** Spaces before this word when it is not first on its line (default 1). */
  gap?: number;
  /** Never starts a line: stays with the word before it (points after a check id). */
  glue?: boolean;
}

/**
 * Lays words out in lines of at most `width` columns (no limit when width is
 * undefined): the first line indented by `first`, the others by `rest`. A
 * line breaks only between words; a word longer than the line stays whole.
 */
export function wrap(words: Word[], width: number | undefined, first: number, rest: number, paint: Paint): string[] {
  const tokens: { text: string; style?: Style; gap: number; glue: boolean }[] = [];
  for (const w of words) {
    w.text.split('\n').forEach((para, p) => {
      if (p > 0) tokens.push({ text: '\n', gap: 0, glue: false });
      para.split(/ +/).forEach((piece, i) => {
        if (piece) tokens.push({ text: piece, style: w.style, gap: i === 0 && p === 0 ? (w.gap ?? 1) : 1, glue: i === 0 && p === 0 ? Boolean(w.glue) : false });
      });
    });
  }
  const lines: string[] = [];
  let line = ' '.repeat(first);
  let used = first;
  let empty = true;
  for (const tok of tokens) {
    if (tok.text === '\n') {
      // A line break in the text itself (a rubric's hint): a new line at the continuation indent.
      lines.push(line);
      line = ' '.repeat(rest);
      used = rest;
      empty = true;
      continue;
    }
    // Columns counted only when there is a width to keep to (code points: a character beyond the BMP is one).
    const len = width === undefined ? 0 : [...tok.text].length;
    const styled = tok.style ? paint(tok.style, tok.text) : tok.text;
    if (!empty && width !== undefined && !tok.glue && used + tok.gap + len > width) {
      lines.push(line);
      line = ' '.repeat(rest) + styled;
      used = rest + len;
    } else {
      const sep = empty ? '' : ' '.repeat(tok.gap);
      line += sep + styled;
      used += sep.length + len;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
