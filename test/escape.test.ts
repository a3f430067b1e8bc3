/**
 * src/util/escape.ts: each escape's quick test (one pass over the string, that returns it as it is)
 * against the escape written plainly, as a composition of its rules, on strings drawn from every
 * character class the rules treat apart: the quick tests may only skip work, never change a result.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { forHtml, forMarkdown, forShell, forTerminal, forTerminalLine, forXml, shellSafe } from '../src/util/escape.js';

const TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};
const plain = {
  terminal: (s: string) => s.replace(TERMINAL, visible),
  terminalLine: (s: string) => plain.terminal(s).replace(/\r?\n|\r/g, (m) => (m === '\n' ? '\\n' : m === '\r' ? '\\r' : '\\r\\n')),
  html: (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!),
  xml: (s: string) => plain.html(s.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')),
  markdown: (s: string) =>
    plain
      .terminal(s)
      .replace(/\r?\n|\r/g, ' ')
      .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
      .replace(/[\\`*_{}[\]#|~]/g, '\\$&')
      .replace(/^(\s*)(?:([-+=])|(\d+)([.)]))/, (_, sp: string, mark?: string, n?: string, dot?: string) => (mark ? `${sp}\\${mark}` : `${sp}${n}\\${dot}`)),
};

// Every class of character some rule sets apart, and its edges.
const ALPHABET = [
  'a', 'Z', '0', '9', ' ', '.', ')', '-', '+', '=', '!', '#', '$', '%', '(', ';', ':', '?', '@', '/', ',',
  '&', '<', '>', '"', "'", '\\', '`', '*', '_', '{', '}', '[', ']', '|', '~',
  '\t', '\n', '\r', '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u009f', '\u00a0',
  '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u2070', 'é', '\ud7ff', '\ue000', '\ufffd', '\ufffe', '\uffff',
  '\ud800', '\udc00', '\ud83d\ude00', '\udbff\udfff',
];

function* strings(count: number): Generator<string> {
  let seed = 0x9e3779b9;
  const next = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const len = Math.floor(next() * 12);
    // Mostly harmless text, as real titles and messages are, with now and then a character a rule acts on.
    let s = '';
    for (let k = 0; k < len; k++) s += next() < 0.7 ? 'ab c'[Math.floor(next() * 4)]! : ALPHABET[Math.floor(next() * ALPHABET.length)]!;
    yield s;
  }
}

describe('escapes: the quick test only skips work', () => {
  const cases: [string, (s: string) => string, (s: string) => string][] = [
    ['forTerminal', forTerminal, plain.terminal],
    ['forTerminalLine', forTerminalLine, plain.terminalLine],
    ['forHtml', forHtml, plain.html],
    ['forXml', forXml, plain.xml],
    ['forMarkdown', forMarkdown, plain.markdown],
  ];
  for (const [name, fast, slow] of cases) {
    it(`${name} equals its rules written plainly, on every character class and 50,000 mixed strings`, () => {
      for (const c of ALPHABET) expect([c, fast(c)]).toEqual([c, slow(c)]);
      for (const c of ALPHABET) expect([`x${c}y`, fast(`x${c}y`)]).toEqual([`x${c}y`, slow(`x${c}y`)]);
      let differ = 0;
      let changed = 0;
      for (const s of strings(50_000)) {
        if (fast(s) !== slow(s)) differ++;
        if (slow(s) !== s) changed++;
      }
      expect(differ).toBe(0);
      // The strings do exercise the rule: many are changed by it, many are not.
      expect(changed).toBeGreaterThan(5_000);
      expect(changed).toBeLessThan(45_000);
    });
  }

  it('a list or quote marker is escaped only at the start (markdown)', () => {
    expect(forMarkdown('- a')).toBe('\\- a');
    expect(forMarkdown('  12. a')).toBe('  12\\. a');
    expect(forMarkdown('a - b')).toBe('a - b');
    expect(forMarkdown('a\n- b')).toBe('a - b');
  });
});

describe('forShell: a word of a command to paste, as a POSIX shell reads it', () => {
  const names = ['jdoe-test-redis-pvc.yml', 'deploy/a+b_c.yml', 'my redis;touch PWNED;pvc.yml', "it's.yml", "''", '-rf.yml', "-a 'b'.yml", '$(touch x).yml', '`id`.yml', 'a\\b*?[c].yml', 'ünïcödé.yml', ''];
  it('leaves [A-Za-z0-9._/+-] plain, quotes the rest, puts ./ before a leading -', () => {
    expect(forShell('jdoe-test-redis-pvc.yml')).toBe('jdoe-test-redis-pvc.yml');
    expect(forShell('deploy/a+b_c.yml')).toBe('deploy/a+b_c.yml');
    expect(forShell('my redis;touch PWNED;pvc.yml')).toBe("'my redis;touch PWNED;pvc.yml'");
    expect(forShell("it's.yml")).toBe("'it'\\''s.yml'");
    expect(forShell('-rf.yml')).toBe('./-rf.yml');
    expect(forShell("-a 'b'.yml")).toBe("'./-a '\\''b'\\''.yml'");
    expect(forShell('')).toBe("''");
  });
  it.runIf(spawnSync('sh', ['-c', 'true']).status === 0)('sh reads each back as the one word it was (./ before a leading -), and runs nothing in it', () => {
    for (const n of names) {
      const r = spawnSync('sh', ['-c', `printf '%s\\n' ${forShell(n)} END`], { encoding: 'utf8' });
      expect(r.stdout).toBe(`${n.startsWith('-') ? `./${n}` : n}\nEND\n`);
    }
  });
  it('shellSafe: no command is offered for a name holding what forTerminalLine escapes', () => {
    expect(shellSafe('my redis;x.yml')).toBe(true);
    for (const n of ['a\nb.yml', 'a\x1b[31m.yml', 'a\r.yml', 'a\u202eb.yml']) {
      expect(shellSafe(n)).toBe(false);
      expect(forTerminalLine(n)).not.toBe(n);
    }
  });
});
