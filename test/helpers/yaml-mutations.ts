/**
 * Real-shaped hostile inputs: the fixtures' good files with one change each, the changes kubectl's
 * reader and a YAML 1.2 parser disagree on (tabs, line-break characters, control characters,
 * separators and end markers, directives, quoted keys, escapes, YAML 1.1 scalars, merge keys,
 * encodings). Deterministic: the same list every run.
 */
const enc = (s: string) => Buffer.from(s, 'utf8');

type Mutation = { name: string; apply: (lines: string[], i: number) => string[] | undefined };

const insertAt = (lines: string[], i: number, ...add: string[]) => [...lines.slice(0, i), ...add, ...lines.slice(i)];
const indentOf = (l: string) => /^ */.exec(l)![0];
const setLine = (lines: string[], i: number, l: string) => lines.map((x, j) => (j === i ? l : x));
/** `key: value` on line i as [indent+dash, key, value], or undefined. */
const kv = (l: string) => /^(\s*(?:- )?)([A-Za-z][\w.-]*): (.+)$/.exec(l);
const kOnly = (l: string) => /^(\s*(?:- )?)([A-Za-z][\w.-]*):(.*)$/.exec(l);

const VALUES = ['yes', 'on', 'y', 'Off', '.nan', '.inf', '~', '0x1F', '0o17', '017', '1_000', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '1e3', '.5', '+1', '-0', '1.0', '"on"', "'it''s'", '!!str 1', '!!int "1"', '!!float 1', '!!binary aGk=', '!!null ""', '!foo bar', '&a x', '"a\\/b"', '"\\x41"', '"\\u00e9"', '"\\e"', '"\\N"', '"\\_"', '"\\L"', '"\\P"', '"\\U0001F600"', '"tab\there"', '|\n  text', '>-\n  folded\n  text', '[a, b', '{a: 1}', '[1, 2, 3]', '"multi\n  line"', 'plain\n  continued', '\'single\n\n  quoted\'', 'a #not comment', 'a# x', '"x" # c', '12345678901234567890', '9007199254740993', '0.1e-400', '1e400', '-0.0', '!<!> 1', '!<tag:yaml.org,2002:int> "5"', '!!in%74 7', '"under\nindented"', "'closed\n'", '"x \\\n\n  y"', '[a,#c\n  b]', '"x"#c', '{a: b}#c', 'word\n[not flow'];
const KEYS = ['.nan', 'on', 'yes', 'y', '1', '1.0', '~', 'null', '"a"', "'b'", '? c', '!!str d', '<<', '"x":1', "'y':2", '"z": 3', '&k e', '! <<', '!<!> f'];

const MUTATIONS: Mutation[] = [
  { name: 'tab line', apply: (l, i) => insertAt(l, i, '\t') },
  { name: 'blanks and tab line', apply: (l, i) => insertAt(l, i, '  \t') },
  { name: 'tab-indented comment', apply: (l, i) => insertAt(l, i, '\t# note') },
  { name: 'tab after indent', apply: (l, i) => setLine(l, i, l[i]!.replace(/^( *)/, '$1\t')) },
  { name: 'tab before value', apply: (l, i) => (kv(l[i]!) ? setLine(l, i, l[i]!.replace(': ', ':\t')) : undefined) },
  { name: 'trailing tab', apply: (l, i) => setLine(l, i, l[i]! + '\t') },
  { name: 'trailing blanks', apply: (l, i) => setLine(l, i, l[i]! + '   ') },
  ...['\x7f', '\x01', '\x1b', '\u009b', '\ufffe', '\ufeff', '\u0085', '\u00a0', '\u200b', '\x0c', '\x0b'].map((c) => ({ name: `control ${JSON.stringify(c)} in a comment`, apply: (l: string[], i: number) => insertAt(l, i, `${indentOf(l[i] ?? '')}# a${c}b`) })),
  ...['\x7f', '\ufeff', '\u00a0'].map((c) => ({ name: `${JSON.stringify(c)} in a value`, apply: (l: string[], i: number) => (kv(l[i]!) ? setLine(l, i, l[i]! + c) : undefined) })),
  ...['---', '--- # c', '---   ', '--- {a: 1}', '--- |', '--- !!map', '---x', '----', '...', '... # c', '....', '--- a', '---\t', '--- >', '%YAML 1.1', '%YAML 1.2', '%TAG ! tag:x,2000:', '#', ''].map((m) => ({ name: `line ${JSON.stringify(m)}`, apply: (l: string[], i: number) => insertAt(l, i, m) })),
  ...['\r', '\u2028', '\u2029', '\u0085', '\r\n'].map((b) => ({ name: `line break ${JSON.stringify(b)} after`, apply: (l: string[], i: number) => (i + 1 < l.length ? [...l.slice(0, i), l[i]! + b + l[i + 1]!, ...l.slice(i + 2)] : undefined) })),
  ...VALUES.map((v) => ({
    name: `value ${JSON.stringify(v)}`,
    apply: (l: string[], i: number) => {
      const m = kv(l[i]!);
      if (!m) return undefined;
      const ind = ' '.repeat(m[1]!.length + 2);
      return setLine(l, i, `${m[1]}${m[2]}: ${v.replace(/\n {2}/g, '\n' + ind)}`);
    },
  })),
  ...KEYS.map((k) => ({
    name: `key ${JSON.stringify(k)}`,
    apply: (l: string[], i: number) => {
      const m = kOnly(l[i]!);
      if (!m) return undefined;
      return setLine(l, i, k.includes(':') ? `${m[1]}${k}` : `${m[1]}${k}:${m[3]}`);
    },
  })),
  { name: 'quoted key, no blank', apply: (l, i) => (kv(l[i]!) ? setLine(l, i, l[i]!.replace(/^(\s*(?:- )?)([\w.-]+): /, '$1"$2":')) : undefined) },
  { name: 'quoted key and value, no blank', apply: (l, i) => (kv(l[i]!) ? setLine(l, i, l[i]!.replace(/^(\s*(?:- )?)([\w.-]+): (.*)$/, '$1"$2":"$3"')) : undefined) },
  { name: 'merge', apply: (l, i) => (kOnly(l[i]!) ? insertAt(l, i, `${kOnly(l[i]!)![1]!.replace('- ', '  ')}<<: {zz: 1}`) : undefined) },
  { name: '!!merge', apply: (l, i) => (kOnly(l[i]!) ? insertAt(l, i, `${kOnly(l[i]!)![1]!.replace('- ', '  ')}!!merge <<: {zz: 1}`) : undefined) },
  { name: 'anchor and alias', apply: (l, i) => (kv(l[i]!) ? [...setLine(l, i, l[i]!.replace(': ', ': &x ')), `zz: *x`] : undefined) },
  { name: 'under-indented flow continuation', apply: (l, i) => (kv(l[i]!) && indentOf(l[i]!).length > 0 ? setLine(l, i, `${kv(l[i]!)![1]}${kv(l[i]!)![2]}: [a,\nb]`) : undefined) },
  { name: 'text after ...', apply: (l, i) => (i === 0 ? [...l, '...', 'extra: text'] : undefined) },
  { name: 'comment, ... then object', apply: (l, i) => (i === 0 ? ['---', '# c', '...', ...l] : undefined) },
  { name: 'indent by one', apply: (l, i) => setLine(l, i, ' ' + l[i]!) },
  { name: 'dedent by one', apply: (l, i) => setLine(l, i, l[i]!.replace(/^ /, '')) },
  { name: 'duplicate line', apply: (l, i) => insertAt(l, i, l[i]!) },
  { name: 'delete line', apply: (l, i) => [...l.slice(0, i), ...l.slice(i + 1)] },
];

/** Whole-file byte changes: encodings and line ends. */
const WHOLE: { name: string; apply: (text: string) => Buffer }[] = [
  { name: 'UTF-8 BOM', apply: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc(t)]) },
  { name: 'two UTF-8 BOMs', apply: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), enc(t)]) },
  { name: 'UTF-16LE BOM', apply: (t) => Buffer.from('\ufeff' + t, 'utf16le') },
  { name: 'UTF-16BE BOM', apply: (t) => Buffer.from('\ufeff' + t, 'utf16le').swap16() },
  { name: 'UTF-16LE, no BOM', apply: (t) => Buffer.from(t, 'utf16le') },
  { name: 'CRLF', apply: (t) => enc(t.replace(/\n/g, '\r\n')) },
  { name: 'CR', apply: (t) => enc(t.replace(/\n/g, '\r')) },
  { name: 'CR, leading ---', apply: (t) => enc(('---\n' + t).replace(/\n/g, '\r')) },
  { name: 'U+2028, leading ---', apply: (t) => enc(('---\n' + t).replace(/\n/g, '\u2028')) },
  { name: 'U+0085, leading ---', apply: (t) => enc(('---\n' + t).replace(/\n/g, '\u0085')) },
  { name: 'no final newline', apply: (t) => enc(t.replace(/\n+$/, '')) },
  { name: 'Latin-1 in a comment', apply: (t) => Buffer.concat([enc(t), Buffer.from('# caf\xe9\n', 'latin1')]) },
  { name: 'Latin-1 in a value', apply: (t) => Buffer.from(t.replace(/(name: \S+)/, '$1\xe9'), 'latin1') },
  { name: 'leading ---', apply: (t) => enc('---\n' + t) },
  { name: 'trailing ---', apply: (t) => enc(t + '---\n') },
  { name: 'trailing ...', apply: (t) => enc(t + '...\n') },
  { name: 'doubled, --- between', apply: (t) => enc(t + '---\n' + t) },
  { name: 'doubled, --- # c between', apply: (t) => enc(t + '--- # c\n' + t) },
  { name: 'doubled, ... between', apply: (t) => enc(t + '...\n' + t) },
  { name: 'doubled, ...--- between', apply: (t) => enc(t + '...\n---\n' + t) },
  { name: 'as a List', apply: (t) => enc('apiVersion: v1\nkind: List\nitems:\n' + t.replace(/^/gm, '  ').replace(/^ {2}(?=\S)/, '- ').replace(/\n {2}$/, '\n')) },
];

/** Every mutation of every given file: `{ name, bytes }`, deterministic. */
export function mutations(files: { path: string; text: string }[]): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const f of files) {
    const lines = f.text.replace(/\n$/, '').split('\n');
    for (const w of WHOLE) out.push({ name: `${f.path}: ${w.name}`, bytes: w.apply(f.text) });
    for (const m of MUTATIONS) {
      for (let i = 0; i < lines.length; i++) {
        const r = m.apply(lines, i);
        if (r) out.push({ name: `${f.path}: ${m.name} at line ${i + 1}`, bytes: enc(r.join('\n') + '\n') });
      }
    }
  }
  return out;
}
