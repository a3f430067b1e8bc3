/**
 * Student text (names, values, file names) escaped for each medium it is
 * written to. One home for these rules: every reporter uses them, none
 * writes its own. Each function is total (any string in, a safe string out).
 */

/** Control characters a terminal acts on: C0 (but tab and newline), DEL, C1, and bidirectional overrides. */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/*
 * Each escape first tests for a character it changes (a non-global regular expression, run in
 * V8's compiled code) and returns the string itself when there is none, as there almost never
 * is: a replace with a function goes through the runtime even when nothing matches, and a batch
 * escapes every title, message and file name of every report for each format.
 */
const TERMINAL_UNSAFE_ANY = new RegExp(TERMINAL_UNSAFE.source);
/** forTerminalLine's: what forTerminal changes, and line breaks (one pass over the string, not two). */
const TERMINAL_LINE_ANY = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HTML_ANY = /[&<>"']/;
/** forXml's: a character XML 1.0 cannot hold, or one forHtml escapes. */
const XML_ANY = /[^\u0009\u000a\u000d\u0020\u0021\u0023-\u0025\u0028-\u003b\u003d\u003f-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const XML_INVALID = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
/** forMarkdown's: markup, a list or quote marker at the start, or what forTerminal changes (its `\x1b` has a `\` to escape). */
const MARKDOWN_ANY = new RegExp(`[\\r\\n&<>\\\\\`*_{}[\\]#|~]|^\\s*(?:[-+=]|\\d+[.)])|${TERMINAL_UNSAFE.source}`);

const visible = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** For a terminal (text output, stderr): control characters and bidi overrides shown as `\x1b`, `\u202e`. */
export function forTerminal(s: string): string {
  return TERMINAL_UNSAFE_ANY.test(s) ? s.replace(TERMINAL_UNSAFE, visible) : s;
}

/** For one line of a terminal: as forTerminal, and line breaks shown as `\n` too. */
export function forTerminalLine(s: string): string {
  if (!TERMINAL_LINE_ANY.test(s)) return s;
  return forTerminal(s).replace(/\r?\n|\r/g, (m) => (m === '\n' ? '\\n' : m === '\r' ? '\\r' : '\\r\\n'));
}

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet in any locale, per OWASP's CSV
 * injection advice: a text cell that starts like a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe; so does each part of it that starts like one after a separator a
 * spreadsheet may split on (`,` `;` tab: Excel splits on `;` where it is the list separator,
 * so `x;=1+2;` would be a cell `=1+2`); and a cell holding any separator is quoted.
 * Numbers are written as numbers.
 */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  if (typeof v !== 'number') s = s.replace(/^[=+\-@\t\r]/, "'$&").replace(/([,;\t|]\s*)([=+\-@])/g, "$1'$2");
  return /[",;\t|\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** For HTML text and attribute values. */
export function forHtml(s: string): string {
  if (!HTML_ANY.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * For Markdown prose or a table cell (GitHub-flavoured): `&`, `<`, `>` become
 * entities (no HTML, no entity of the student's), the characters that make
 * markup anywhere are backslash-escaped (`\` `` ` `` `*` `_` `{}` `[]` `#`
 * `|` `~`), as is a list or quote marker at the start, and line breaks
 * become spaces: student text can neither add markup nor break a table row,
 * and still reads plainly (`jdoe-test-redis-pvc.yml`, `"rbd"`) in a raw file.
 */
export function forMarkdown(s: string): string {
  if (!MARKDOWN_ANY.test(s)) return s;
  return forTerminal(s)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_{}[\]#|~]/g, '\\$&')
    .replace(/^(\s*)(?:([-+=])|(\d+)([.)]))/, (_, sp: string, mark?: string, n?: string, dot?: string) => (mark ? `${sp}\\${mark}` : `${sp}${n}\\${dot}`));
}

/** For text inside a Markdown code span: backticks cannot close it, HTML stays text. */
export function forMarkdownCode(s: string): string {
  const t = forTerminalLine(s).replace(/`/g, 'ˋ');
  return '`' + forHtml(t) + '`';
}

/** For XML text and attribute values (JUnit): characters XML 1.0 cannot hold are dropped, the rest escaped. */
export function forXml(s: string): string {
  if (!XML_ANY.test(s)) return s;
  return forHtml(s.replace(XML_INVALID, '\ufffd'));
}

/** What a POSIX shell reads as one plain word: no quoting needed. */
const SHELL_PLAIN = /^[A-Za-z0-9._/+-]+$/;

/**
 * One word of a command offered to be pasted into a POSIX shell (`mv OLD NEW` in a hint): as it
 * is when it holds only [A-Za-z0-9._/+-], else in single quotes (a quote in it as `'\''`), and a
 * leading `-` behind `./` so that it is never read as an option. Student text is shown, never run:
 * `my redis;touch x.yml` becomes `'my redis;touch x.yml'`. A name holding a control character
 * cannot be shown on one line and pasted back (see shellSafe).
 */
export function forShell(s: string): string {
  const w = s.startsWith('-') ? `./${s}` : s;
  return SHELL_PLAIN.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/** Whether `s` can be offered as a word of a command to paste: nothing in it that forTerminalLine would escape. */
export function shellSafe(s: string): boolean {
  return !TERMINAL_LINE_ANY.test(s);
}

/** A student value shortened for display: at most `max` characters, with an ellipsis. */
export function shorten(s: string, max = 80): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/**
 * For a SARIF plain-text message (`message.text`, descriptions): control
 * characters and bidi overrides shown as for a terminal, and `\`, `[`, `]`
 * backslash-escaped, so student text cannot form an embedded link
 * (`[text](id)`, SARIF 2.1.0 §3.11.6) or a placeholder.
 */
export function forSarif(s: string): string {
  return forTerminal(s).replace(/[\\[\]]/g, '\\$&');
}
