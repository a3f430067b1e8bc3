/**
 * A fast-check grammar of YAML as students (and hostile students) write it: block and flow
 * collections, plain / quoted / block scalars with YAML 1.1 words, numbers and escapes, anchors,
 * aliases and merges, tags, comments holding control characters, separators and end markers
 * (with text after them), directives, every line-break character, indentation with blanks and
 * tabs, and the file's bytes in UTF-8 (with or without a BOM, with a stray Latin-1 byte) or UTF-16.
 * Shared by the differential test against kubectl's reader and the fast/full property test.
 */
import fc from 'fast-check';

const WORDS = ['a', 'name', 'app', 'redis', 'x-y', 'jdoe-test', 'on', 'off', 'yes', 'no', 'y', 'n', 'true', 'False', 'null', '~', 'NULL', '.nan', '.inf', '-.Inf', '0', '-0', '007', '0x1F', '0o17', '0b11', '1_000', '1e3', '1.0', '-0.0', '1e400', '.5', '+1', '6379', '9223372036854775808', '2001-12-14', '2001-12-14 21:59:43.10 -5', '1:30', '<<', '=', '@x', '`x', '%x', '!x', '&x', '*x', 'a b', 'a:b', 'a#b', 'a # b', 'é', '\u00a0a', 'a\ufeff', '😀'];
const ESCAPES = ['\\n', '\\t', '\\\\', '\\"', '\\/', '\\x41', '\\u00e9', '\\U0001F600', '\\e', '\\N', '\\_', '\\L', '\\P', '\\0', '\\ ', '\\q', "\\'"];
const COMMENT_CHARS = ['a', ' ', '#', ':', '-', '\t', '\x7f', '\x01', '\x1b', '\u009b', '\u0085', '\ufffe', '\ufeff', '\u00a0', '\u200b', 'é', '\x0c', '\x0b'];
const BREAKS = ['\n', '\n', '\n', '\n', '\r\n', '\r', '\u0085', '\u2028', '\u2029'];

const word = fc.constantFrom(...WORDS);
const plain = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`) });
const dq = fc.array(fc.oneof(word, fc.constantFrom(...ESCAPES), fc.constant("'")), { maxLength: 3 }).map((p) => `"${p.join('').replaceAll('"', '\\"').replace(/\\\\"/g, '\\"')}"`);
const sq = fc.array(fc.oneof(word, fc.constant("''"), fc.constant('"')), { maxLength: 3 }).map((p) => `'${p.join('')}'`);
const tag = fc.constantFrom(
  ...['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  ...['!!str ', '!!int ', '!!float ', '!!bool ', '!!null ', '!!binary ', '!!merge ', '!!map ', '!!seq ', '!!timestamp ', '!foo ', '! ', '!i ', '!o '],
  // verbatim, escaped and odd tags: go-yaml resolves them to what the short forms are, or to `!`
  ...['!<tag:yaml.org,2002:str> ', '!<tag:yaml.org,2002:int> ', '!<tag:yaml.org,2002:merge> ', '!<!> ', '!<!!str> ', '!!in%74 ', '!<tag:yaml.org%2C2002:bool> ', '!!%C3%A9 ', '!e!x ', '!<a,b> ', '!a[b] '],
);
const anchor = fc.constantFrom('', '', '', '', '&a ', '&b ');
const scalar = fc.tuple(tag, anchor, fc.oneof({ weight: 5, arbitrary: plain }, { weight: 2, arbitrary: dq }, { weight: 2, arbitrary: sq }, { weight: 1, arbitrary: fc.constantFrom('*a', '*b', '*c', '') })).map(([t, a, v]) => (v.startsWith('*') ? v : `${t}${a}${v}`));
const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'labels', 'spec', 'app', 'port', 'a', 'b') }, { weight: 2, arbitrary: scalar }, { weight: 1, arbitrary: fc.constantFrom('<<', '!!merge <<', '"<<"', '! <<', '! "<<"', '!<!> <<', '!<tag:yaml.org,2002:merge> \'<<\'', '? a', '[a]', '{a: 1}', '"k":v', "'k':v") });

/** A flow collection, on one line or continued on the next (indented by `ind`, sometimes less). */
const flow: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(fc.oneof(scalar, tie('f')), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(fc.oneof(scalar, fc.constantFrom('a', 'b')), fc.oneof(scalar, tie('f'))), { maxLength: 3 }).map((xs) => `{${xs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.constantFrom('[a,\nb]', '{a: 1,\n b: 2}', '[', '{a: 1', '[a]]', '[a, b,]', '{"a":1}', '[a: b]', '[#c\n]', '{a: 1,#c\n}', '["q"#c\n]', '[a]#c', '[a #c\n, b]', '{"a": -0.0, "b": 1e400}', '{"a": [-0, 1E-400]}',
      '[? a : b]', '{? a}', '{a}', '{a: }', '[a: b, c]', '{[a]: b}', '{"a" : b}', '["a":b]', '{a:b}', '[a:b]', '{: b}', '[:]', '{,}', '[,]', '[a,,b]',
      '[&a x, *a]', '{&a k: v, *a : w}', '{&a k: v, *a: w}', '[*a]', '{a: &b [1], c: *b}', '[? [a]: b]', '{? {a: b}: c}', '[a, ? b]', '{"a":1,"a":2}', '[!!str, !!int]', '{a: !!null}'),
  ),
})).f;

const blockScalar = fc.tuple(fc.constantFrom('|', '>', '|-', '>+', '|2', '>-'), fc.array(fc.constantFrom('text', '  more', '', '\ttab', 'x: y', '# not a comment', '---', '...'), { minLength: 1, maxLength: 3 }));

/** A quoted scalar over lines: folded breaks, blank lines, an escaped break, indentation inside. */
const quotedLines = fc.tuple(
  fc.constantFrom('"', "'"),
  fc.array(fc.constantFrom('a', 'b c', '', '  d', '\t e', 'f \\', '\\n', "''", '#x', '- y', 'k: v', '---', '...'), { minLength: 2, maxLength: 4 }),
).map(([q, ls]) => ({ q, ls: q === "'" ? ls.map((l) => l.replaceAll('\\', '')) : ls.map((l) => l.replaceAll("''", "'")) }));

/** A block scalar's body as students get it wrong: leading blank lines, more-indented lines, tabs, trailing blanks. */
const blockBody = fc.array(fc.constantFrom('x', '', ' ', '   ', '  more', '\tt', 'a: b', '# c', '- i', '  ', '    deep'), { minLength: 1, maxLength: 5 });

/** An anchored map and a map merging it (or a list of maps), key order varied. */
const merged = fc.tuple(
  fc.constantFrom('{a: 1, b: 2}', '{a: .nan}', '{~: 1}', '[1]', '{a: {c: 3}}', '{}'),
  fc.constantFrom('<<: *m', '<<: [*m]', '<<: [*m, {a: 9}]', '<<: [{a: 9}, *m]', '<<: {a: 8}', '! <<: *m', '"<<": *m', '<<: *m\n  <<: *m'),
  fc.constantFrom('', '\n  a: 7', '\n  b: 6', '\n  a: 5\n  a: 4'),
  fc.boolean(),
).map(([m, merge, more, before]) => ({ m, merge, more, before }));

/** A plain scalar going on over lines that start with what elsewhere would start a node: text to go-yaml where indented enough. */
const plainLines = fc.tuple(
  fc.constantFrom('4', 'a b', 'x', '-1'),
  fc.array(fc.tuple(fc.constantFrom('', ' ', '  ', '   ', '\t', ' \t'), fc.constantFrom('[', '{', ']', '}', '[a, b]', '{a: 1}', '%', '%YAML 1.1', '# c', ' # c', '- x', '-', '? x', ': x', ':', '&a', '*a', '!x', '|', '>', '"q"', "'q'", '...', '---', 'x: y', 'x #y', '@', '`', ',', 'y')), { minLength: 1, maxLength: 3 }),
);

/** Block shapes students write, valid and not: indentless and compact lists, explicit keys, empty entries, comments before values, odd indentation. */
const SHAPES = [
  'a:\n- b\n- c', '- - a\n  - b', '- a: 1\n  b: 2', '? a\n: b', '? - a\n  - b\n: c', '? |\n  x\n: y', 'a:\n  -\n  - b',
  'a: # c\n  b', 'a:\n\n\n  b: 1', '- &a\n  b: 1\n- *a', '- !!map\n  b: 1', 'a: &x\n  - 1\nb: *x', '- ? a\n  : b', 'a:\n  ? b\n  : c\n  d: e',
  ': a', 'a:\n  b\n  c: d', '- a\n -b', 'a: b\n c', 'a:\n   b: 1\n  c: 2', '"a": 1\n\'b\': 2', 'a: |2\n   x\n  y', 'a: >\n\n  x\n\n  y\n',
  'a: |-\n  x\n\n', 'a: |+\n  x\n\n', '-\n  a: 1', 'a:\n  - b\n  -   c: 1\n      d: 2', '- [a,\n  b]: c', '{a: b}: c', 'a: {b: c,\n  d: e}\nf: g',
  'a: 1 # c\n# d\nb: 2', '- a #c\n#d\n- b', 'a:\n - b\n  - c', 'a: b: c', '- a: b: c', 'a: - b', '? a: b', 'a:\n  b:\n    c:\n  d: 1',
];

type Node = { lines: (ind: string) => string[] };

/** A block node rendered at an indentation. */
const block: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((s) => ({ lines: () => [s] })),
    fc.constantFrom(...SHAPES).map((shape) => ({ lines: (ind: string) => [`\n${ind}${shape.replace(/\n/g, `\n${ind}`)}`] })),
    plainLines.map(([first, more]) => ({ lines: (ind: string) => [first + more.map(([pad, text]) => `\n${ind}${pad}${text}`).join('')] })),
    quotedLines.map(({ q, ls }) => ({ lines: (ind: string) => [q + ls.map((l, i) => (i === 0 ? l : `\n${l ? ind + ' ' : ''}${l}`)).join('') + q] })),
    fc.tuple(fc.constantFrom('|', '>', '|-', '>+', '|1', '>2-', '|+'), blockBody).map(([h, body]) => ({ lines: (ind: string) => [h + body.map((b) => (b ? `\n${ind}  ${b}` : '\n')).join('')] })),
    merged.map(({ m, merge, more, before }) => ({
      lines: (ind: string) => [`\n${ind}m: &m ${m}\n${ind}x:\n${ind}  ${before ? more.trim().replace(/\n\s*/g, `\n${ind}  `) + (more ? `\n${ind}  ` : '') : ''}${merge.replace(/\n/g, `\n${ind}`)}${before ? '' : more.replace(/\n/g, `\n${ind}`)}`],
    })),
    flow.map((f) => ({ lines: (ind: string) => [f.replace(/\n/g, '\n' + ind)] })),
    blockScalar.map(([h, body]) => ({ lines: (ind: string) => [h + body.map((b) => '\n' + ind + '  ' + b).join('')] })),
    fc.array(fc.tuple(key, tie('node'), fc.constantFrom('', '', '', ' # c', '  #c', '#x')), { minLength: 1, maxLength: 4 }).map((entries) => ({
      lines: (ind: string) => {
        const inner = ind + '  ';
        return [
          '\n' +
            entries
              .map(([k, v, c]) => {
                const ls = v.lines(inner);
                const first = ls[0]!;
                return first.startsWith('\n') ? `${ind}${k}:${c}${first.replace(/^\n/, '\n')}` : `${ind}${k}: ${first}${c}`;
              })
              .join('\n'),
        ];
      },
    })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({
      lines: (ind: string) => ['\n' + items.map((v) => `${ind}- ${v.lines(ind + '  ')[0]!.replace(/^\n\s*/, '')}`).join('\n')],
    })),
  ),
})).node;

/** Lines put between or inside documents. */
const extraLine = fc.constantFrom('', '#', '# c', '  # c', '\t', '  \t', '\t# c', '   ', '---', '--- # c', '---\t', '--- x', '--- {a: 1}', '--- |', '---x', '...', '... # c', '%YAML 1.1', '%YAML 1.2', '%TAG ! tag:x,2000:', '- x', 'x', ':');
const comment = fc.array(fc.constantFrom(...COMMENT_CHARS), { maxLength: 4 }).map((cs) => `# ${cs.join('')}`);

/** Lines of the plain manifests most files are (what the fast path reads: no quotes, brackets, tags or anchors), askew. */
const PLAIN_ATOMS = ['- ', 'key: ', 'key:', '-', '# c', 'a b', 'k: v # c', 'k:v', '- k: v', '---', '--- # c', '...', ': x', 'x:', '-1', '- - a', '0x1F', '1_000', 'yes', 'on: 1', '~: x', '.nan', '1:30', 'a: b: c', 'a #b', 'a#b', '- -', '-- x', 'a:  ', 'a,b: c', 'a: b,c', '=', 'a: -', 'a: - b', 'name: web', 'apiVersion: v1', 'kind: Service', 'spec:', 'ports:', '- port: 6379', 'targetPort: 6379', 'x', '', ' ', 'a: 1e3', '-.inf: 1', 'a: 2001-12-14', 'b: 007', '+1: 2', 'a:b', '(x)', 'a;b', '$x', 'y: n', 'a: ~'];
const plainFile = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('', '', '', ' ', '  ', '   ', '    ', '      '), fc.constantFrom(...PLAIN_ATOMS)), { minLength: 1, maxLength: 12 }), fc.boolean())
  .map(([ls, nl]) => ls.map(([i, a]) => i + a).join('\n') + (nl ? '\n' : ''));

/** A whole file as text (before encoding). */
export const yamlText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('', '---\n', '--- # c\n', '---\n---\n', '...\n---\n'), block, fc.array(fc.oneof(extraLine, comment), { maxLength: 2 })), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...BREAKS),
    fc.constantFrom('', '  ', '\t', ' '),
    fc.boolean(),
  )
  .map(([docs, br, indentSwap, finalNl]) => {
    let text = docs
      .map(([sep, node, extra]) => sep + node.lines('').join('\n').replace(/^\n/, '') + (extra.length ? '\n' + extra.join('\n') : ''))
      .join('\n');
    if (indentSwap) text = text.replace(/\n {2}(?=\S)/, '\n' + indentSwap);
    if (br !== '\n') text = text.replace(/\n/g, br);
    return finalNl ? text + br : text;
  });

/** A file of the grammar with one to three characters put in, taken out or changed anywhere: what a parser's edge cases are made of. */
const HAVOC = [' ', '\t', '\n', ':', '-', '?', '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '.', 'a', '0', '\r', '\u2028', '\ufeff', '~'];
const havocText = fc
  .tuple(yamlText, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HAVOC), fc.constantFrom('ins', 'del', 'rep')), { minLength: 1, maxLength: 3 }))
  .map(([t, ops]) => {
    let s = t;
    for (const [n, c, op] of ops) {
      const i = s.length ? n % (s.length + 1) : 0;
      s = op === 'ins' ? s.slice(0, i) + c + s.slice(i) : op === 'del' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i + 1);
    }
    return s;
  });

/** A whole file as bytes: UTF-8 mostly, sometimes with a BOM, a Latin-1 byte, or UTF-16. */
export const yamlBytes: fc.Arbitrary<Uint8Array> = fc.tuple(fc.oneof({ weight: 4, arbitrary: yamlText }, { weight: 1, arbitrary: plainFile }, { weight: 2, arbitrary: havocText }), fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'utf8', 'bom', 'latin1', 'bom-latin1', 'utf16le', 'utf16be')).map(([t, e]) => {
  switch (e) {
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]);
    case 'bom-latin1':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t), Buffer.from('# caf\xe9\n', 'latin1')]);
    case 'latin1':
      return Buffer.concat([Buffer.from(t), Buffer.from('# caf\xe9\n', 'latin1')]);
    case 'utf16le':
      return Buffer.from('\ufeff' + t, 'utf16le');
    case 'utf16be':
      return Buffer.from('\ufeff' + t, 'utf16le').swap16();
    default:
      return Buffer.from(t);
  }
});
