/**
 * YAML syntax errors in a student's words. The `yaml` package names what its
 * parser met ("Implicit keys need to be on a single line", "Nested mappings
 * are not allowed in compact mappings"); a student needs what they typed
 * wrong and how to write it: a tab in the indentation, a key without its
 * colon, a block indented deeper or shallower than its siblings, an
 * unclosed quote. One cause gives one finding: the errors the parser reports
 * after it on the same line (they follow from it) are not repeated.
 */
import type { Finding, Location } from '../types.js';

export interface YamlErrorLike {
  code: string;
  message: string;
  pos: [number, number];
}

/** The most syntax findings kept per file; the rest are counted in the last one. */
export const MAX_SYNTAX_FINDINGS = 20;

export function explainYamlErrors(text: string, errors: readonly YamlErrorLike[], loc: (offset: number) => Location): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  let lines: Lines | undefined;
  // Tabs: one finding for every line they indent, at the first of them.
  let tab: { finding: Finding; line: number; more: number } | undefined;
  let dropped = 0;
  for (const e of errors) {
    const at = loc(e.pos[0]);
    if (seen.has(at.line)) continue; // the same cause, reported again
    seen.add(at.line);
    lines ??= text.split('\n');
    const tabbed = e.code === 'TAB_AS_INDENT' || isTabIndented(lines, at.line);
    if (tabbed && tab) {
      tab.more++;
      continue;
    }
    if (out.length >= MAX_SYNTAX_FINDINGS) {
      dropped++;
      continue;
    }
    const f = explain(lines, e, at);
    if (tabbed) tab = { finding: f, line: at.line, more: 0 };
    out.push(f);
  }
  if (tab && tab.more > 0) {
    tab.finding.message = `line ${tab.line} is indented with a tab, and so are ${tab.more} more line${tab.more === 1 ? '' : 's'}; YAML indents with spaces only`;
    tab.finding.hint = TAB_HINT.replace('the tab', 'the tabs');
  }
  // A file indented with tabs alone: each tab is one level whatever the editor's tab width, so two
  // spaces a tab keeps every nesting the student saw. Tabs mixed with spaces have no such reading.
  if (tab && lines && tabsOnly(lines)) {
    tab.finding.fix = { edits: [{ kind: 'detab', file: tab.finding.location!.file, by: 2 }], certain: true };
    tab.finding.hint += '; kubegrade fix does it (two spaces a tab)';
  }
  if (dropped > 0) {
    const last = out[out.length - 1]!;
    last.message += ` (and ${dropped} more syntax error${dropped === 1 ? '' : 's'} in this file)`;
  }
  return out;
}

const TAB_HINT = 'replace the tab with spaces (two per level is usual; most editors can "convert indentation to spaces")';

/** The file's lines, split once (only a file with a syntax error gets here). */
type Lines = readonly string[];
const lineOf = (lines: Lines, n: number) => (lines[n - 1] ?? '').replace(/\r$/, '');

const indentOf = (s: string) => s.length - s.trimStart().length;
const isTabIndented = (lines: Lines, n: number) => {
  const l = lineOf(lines, n);
  return l.slice(0, indentOf(l)).includes('\t');
};
/** Every indented line is indented with tabs and nothing else. */
function tabsOnly(lines: Lines): boolean {
  let tabs = 0;
  for (const raw of lines) {
    const l = raw.replace(/\r$/, '');
    const lead = l.slice(0, indentOf(l));
    if (lead === '' || l.trim() === '') continue;
    if (!/^\t+$/.test(lead)) return false;
    tabs++;
  }
  return tabs > 0;
}
const quote = (s: string) => `\`${s.trim().slice(0, 60)}\``;

function explain(text: Lines, e: YamlErrorLike, at: Location): Finding {
  const line = lineOf(text, at.line);
  const lead = line.slice(0, indentOf(line));
  const here = { ...at };
  // A tab among the spaces that indent the line: whatever the parser said next follows from it.
  if (isTabIndented(text, at.line) || e.code === 'TAB_AS_INDENT') {
    const col = lead.indexOf('\t') + 1 || at.column;
    return {
      message: `line ${at.line} is indented with a tab; YAML indents with spaces only`,
      location: { ...at, column: col },
      hint: TAB_HINT,
    };
  }
  const body = line.trim();
  if (e.code === 'MULTILINE_IMPLICIT_KEY' || e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MISSING_CHAR' || e.code === 'BAD_INDENT') {
    // `kind Service`: a key and its value with no colon between them.
    const noColon = /^(- +)?([A-Za-z][\w.-]*) +([^\s:#][^:#]*)$/.exec(body);
    if (noColon && !body.includes(':')) {
      return {
        message: `${quote(body)} has no colon: YAML reads it as a key that goes on to the next line`,
        location: here,
        hint: `write ${quote(`${noColon[1] ?? ''}${noColon[2]}: ${noColon[3]!.trim()}`)}`,
      };
    }
    // `metadata` alone on its line, its fields below it.
    const bare = /^(- +)?([A-Za-z][\w.-]*)$/.exec(body);
    if (bare) return { message: `${quote(body)} has no colon`, location: here, hint: `write ${quote(`${body}:`)}` };
    // `replicas:2`: the colon needs a space after it.
    const tight = /^(- +)?([A-Za-z][\w.-]*):(\S.*)$/.exec(body);
    if (tight && !/^\/\//.test(tight[3]!)) {
      return { message: `${quote(body)} has no space after its colon, so YAML reads it as one word`, location: here, hint: `write ${quote(`${tight[1] ?? ''}${tight[2]}: ${tight[3]}`)}` };
    }
    // A block indented deeper than the key before it, which already has a value (`name: x` then `  labels:`).
    const next = nextContentLine(text, at.line);
    if (next && /:\s*\S/.test(body) && indentOf(next.text) > indentOf(line) && /^[A-Za-z][\w.-]*:/.test(next.text.trim())) {
      return {
        message: `line ${next.line} ${quote(next.text)} is indented deeper than ${quote(body)}, which already has a value`,
        location: { ...at, line: next.line, column: indentOf(next.text) + 1 },
        hint: `indent ${quote(next.text.trim().split(':')[0]! + ':')} by ${indentOf(line)} spaces, like the line above, if it belongs beside it`,
      };
    }
    // A sibling one or two columns off (`   targetPort:` under `  - port:`).
    const prev = prevContentLine(text, at.line);
    if (prev && e.code === 'MISSING_CHAR' && /Sequence item without - indicator/.test(e.message)) {
      const want = indentOf(prev.text) + (prev.text.trim().startsWith('- ') ? 2 : 0);
      return {
        message: `${quote(body)} is not lined up with the line above: it starts at column ${indentOf(line) + 1}, the item's other keys at column ${want + 1}`,
        location: { ...at, column: indentOf(line) + 1 },
        hint: `indent it by ${want} spaces`,
      };
    }
  }
  if (e.code === 'MISSING_CHAR' && /closing "?quote/i.test(e.message)) {
    return { message: 'a quote is opened and never closed', location: here, hint: 'close the quote on the line where it opens (or remove it)' };
  }
  const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
  return { message: `invalid YAML: ${first}`, location: here, hint: genericHint(e.code) };
}

function nextContentLine(lines: Lines, after: number): { line: number; text: string } | undefined {
  for (let n = after + 1; n <= lines.length && n < after + 50; n++) {
    const t = lineOf(lines, n);
    if (t.trim() && !t.trim().startsWith('#')) return { line: n, text: t };
  }
  return undefined;
}

function prevContentLine(lines: Lines, before: number): { line: number; text: string } | undefined {
  for (let n = before - 1; n >= 1 && n > before - 50; n--) {
    const t = lineOf(lines, n);
    if (t.trim() && !t.trim().startsWith('#')) return { line: n, text: t };
  }
  return undefined;
}

function genericHint(code: string): string | undefined {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation of this line against its parent; siblings must line up exactly';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key is missing its colon, or a value is indented too far';
    case 'UNEXPECTED_TOKEN':
      return 'look for a stray character, an unclosed quote or bracket on this line';
    default:
      return undefined;
  }
}
