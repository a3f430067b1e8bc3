/**
 * Issue 17's cases, one change each to fixtures/good's PVC: what kubectl's reader says of the file
 * (measured with tools/kubectl-reader, kubectl v1.30's own code) is what kubegrade's parse says:
 * a file kubectl refuses is a `yaml.parse` finding at the line, in a student's words; a file kubectl
 * reads gives the documents kubectl would send. Both parse paths (fast and full) are held to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/discover/index.js';
import { parseFile } from '../src/parse/index.js';

const pvc = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'good', 'jdoe-test-redis-pvc.yml'), 'utf8');
const PVC = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'jdoe-test-redis-pvc', labels: { username: 'jdoe', env: 'test' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'rdb', resources: { requests: { storage: '1Gi' } } } };

function read(input: string | Buffer) {
  const d = decodeText(typeof input === 'string' ? Buffer.from(input) : input, 'pvc.yml');
  if ('finding' in d) throw new Error(d.finding.message);
  return [true, false].map((fast) => parseFile({ path: 'pvc.yml', text: d.text }, { fast }));
}

/** The file is refused at `line`, the message matching `why`, by both paths. */
function refused(input: string | Buffer, line: number, why: RegExp) {
  for (const r of read(input)) {
    expect(r.findings.length, JSON.stringify(r.findings)).toBeGreaterThan(0);
    expect(r.findings[0]!.location?.line).toBe(line);
    expect(r.findings[0]!.message).toMatch(why);
    expect(r.objects).toEqual([]);
  }
}

/** The file is read, with these documents, by both paths. */
function reads(input: string | Buffer, docs: unknown[]) {
  for (const r of read(input)) {
    expect(r.findings).toEqual([]);
    expect(JSON.parse(JSON.stringify(r.documents))).toEqual(docs);
  }
}

const withLine = (after: string, line: string) => pvc.replace(after + '\n', `${after}\n${line}\n`);

describe('files kubectl refuses are refused, at the line', () => {
  it('a quoted key with no blank after the colon, on a key but the first', () => {
    refused(pvc.replace('storageClassName: rdb', '"storageClassName":"rdb"'), 12, /a key with no ":" after it on its line.*could not find expected ':'/);
  });
  it('a blank line holding only a tab, or blanks and a tab left of the indentation, or a tab-indented comment', () => {
    refused(withLine('kind: PersistentVolumeClaim', '\t'), 4, /a tab before the text of a line/);
    refused(withLine('    env: test', '  \t'), 9, /a tab before the text of a line/);
    refused(withLine('kind: PersistentVolumeClaim', '\t# note'), 4, /a tab before the text of a line/);
    // right of a plain value's indentation, go-yaml reads past it
    reads(withLine('kind: PersistentVolumeClaim', '  \t'), [PVC]);
  });
  it('a control character in a comment: 0x7f, 0x01, ESC, U+009B, U+FFFE', () => {
    for (const c of ['\x7f', '\x01', '\x1b', '\u009b', '\ufffe']) refused(withLine('kind: PersistentVolumeClaim', `# a${c}b`), 4, /control character .* kubectl refuses the file/);
  });
  it('lone CR (or U+2028, U+0085) line ends with a leading ---: kubectl splits at LF only', () => {
    for (const nl of ['\r', '\u2028', '\u0085']) refused(pvc.replace(/\n/g, nl), 1, /invalid Yaml document separator/);
  });
  it('content on the separator line: --- {…}, --- |, --- !!map, ---x', () => {
    for (const sep of ['--- {apiVersion: v1}', '--- |', '--- !!map', '---x']) refused(pvc.replace(/^---\n/, `${sep}\n`), 1, /invalid Yaml document separator/);
  });
  it('a %YAML or %TAG directive', () => {
    refused('%YAML 1.1\n' + pvc, 1, /directive/);
    refused('%TAG ! tag:example.com,2000:\n' + pvc, 1, /directive/);
  });
  it('a "..." before any document starts (alone or after comments), then a "---" and the object', () => {
    refused('...\n' + pvc, 1, /"\.\.\." ends a document that has not started.*did not find expected node content/);
    refused('# the claim\n\n...\n' + pvc, 3, /"\.\.\." ends a document that has not started/);
    // after a document: the ones before it are read, as kubectl sends them before it stops
    for (const r of read(pvc + '---\n...\n---\n' + pvc)) {
      expect(r.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      expect(r.findings.map((f) => [f.location?.line, f.message])).toEqual([[17, expect.stringMatching(/"\.\.\." ends a document that has not started/)]]);
    }
  });
  it('a tab where a block scalar is indented: before its first line, or left of its indentation', () => {
    const note = (body: string) => pvc.replace('  labels:', `  annotations:\n    note: |\n${body}\n  labels:`);
    refused(note('\t  one'), 8, /tab/);
    refused(note('      \tone'), 8, /a tab where a block scalar \(\| or >\) is indented.*found a tab character where an indentation space is expected/);
    refused(note('      one\n  \t  two'), 9, /tab/);
    refused(note('\n\t\n      one'), 9, /tab/);
    refused(note('\n        \tone'), 9, /a tab where a block scalar/);
    // right of the indentation the first line set, a tab is text
    reads(note('      one\n      \ttwo'), [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note: 'one\n\ttwo\n' } } }]);
  });
  it('after a flow or scalar document, a tab starting its next line (go-yaml scans on to the next token), and an unclosed flow collection', () => {
    for (const r of read(pvc + '---\n[a, b]\n# c\n\t\n')) {
      expect(r.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      expect(r.findings.map((f) => [f.location?.line, f.message])).toEqual([[19, expect.stringMatching(/a tab before the text of a line: kubectl refuses the file/)]]);
    }
    for (const r of read(pvc + '---\n{a: 1\n# c\n')) {
      expect(r.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      expect(r.findings).toHaveLength(1);
      // where go-yaml gives up looking for the "}": the end of the piece
      expect(r.findings[0]!.location?.line).toBe(19);
      expect(r.findings[0]!.message).toMatch(/\}/);
    }
    // a tab after the root on its own line is skipped
    reads(pvc + '---\n[a, b]\t# c\n', [PVC, ['a', 'b']]);
  });
  it('a document that starts with a quoted key, no blank after its colon, then a key on the same line', () => {
    refused(pvc.replace('apiVersion: v1', '"apiVersion":v1: x'), 2, /a quoted key with no blank after its colon, then another key on the line.*did not find expected key/);
    refused(pvc.replace('apiVersion: v1', '"apiVersion":[v1]:'), 2, /did not find expected key/);
  });
  it('a file that starts with "{" is JSON to kubectl: a YAML flow map there is refused, at the first character that is not JSON', () => {
    refused('{apiVersion: v1, kind: PersistentVolumeClaim}\n', 1, /starts with "\{", so kubectl reads it as JSON, and it is not JSON from here: "a" is not JSON/);
    refused('\n  {"apiVersion": "v1",\n   kind: PersistentVolumeClaim}\n', 3, /reads it as JSON.*"k" is not JSON/);
    refused('{"apiVersion": "v1", "kind": "PersistentVolumeClaim"\n', 1, /ends before the JSON value that starts here is complete/);
    // the values before the one that is not JSON are sent
    for (const r of read('{"kind": "PersistentVolumeClaim"} # the claim\n')) {
      expect(r.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      expect(r.findings.map((f) => [f.location?.line, f.message])).toEqual([[1, expect.stringMatching(/"#" is not JSON here/)]]);
    }
  });
  it('text after a block scalar\'s | or > other than blanks and a comment: "> ---", "| ..."', () => {
    refused('> ---\n', 1, /"-" after a block scalar's \| or >: kubectl refuses the file \("did not find expected comment or line break"\)/);
    refused(pvc.replace('  labels:', '  annotations:\n    note: | x\n      y\n  labels:'), 7, /text where only a comment or the line's end may follow.*did not find expected comment or line break/);
  });
  it('a quoted scalar at the root never closed: kubectl refuses the file ("found unexpected end of stream")', () => {
    refused("'", 1, /a quoted value that is never closed.*found unexpected end of stream/);
    refused('"abc\n  def\n', 3, /a quote is opened and never closed/);
  });
  it('an anchor or alias name with a character go-yaml does not take (letters, digits, _ and - only)', () => {
    refused(pvc.replace('    env: test\n', '    env: &env.test test\n'), 8, /&env\.test: kubectl refuses the file \("did not find expected alphabetic or numeric character"\)/);
    refused(pvc.replace('    env: test\n', '    env: &é test\n'), 8, /did not find expected alphabetic or numeric character/);
  });
  it('"https:\\/\\/example.com", a YAML 1.2-only escape', () => {
    refused(pvc.replace('storageClassName: rdb', 'storageClassName: "https:\\/\\/example.com"'), 12, /escape kubectl does not know/);
  });
});

describe('files kubectl reads give what kubectl sends', () => {
  it('---, a comment and ... at the top, then the object: kubectl creates nothing (go-yaml stops at ...)', () => {
    reads('---\n# the claim\n...\n' + pvc.replace(/^---\n/, ''), []);
  });
  it('a JSON file is read as JSON: one value after another, no "---" needed, "\\/" an escape, null skipped, offsets at the values', () => {
    const json = JSON.stringify(PVC, null, 2);
    reads(json.replace('"rdb"', '"r\\/db"') + '\nnull\n' + json, [{ ...PVC, spec: { ...PVC.spec, storageClassName: 'r/db' } }, PVC]);
    const [r] = read(json + json);
    expect(r!.objects[1]!.at(['spec', 'storageClassName'])).toMatchObject({ line: json.split('\n').length + json.split('\n').findIndex((l) => l.includes('rdb')), column: 25 });
  });
  it('a flow sequence or map continued on an under-indented line is read (go-yaml counts no indentation inside one), at its place in the file', () => {
    const modes = (text: string) => pvc.replace('    - ReadWriteOnce\n', text);
    reads(pvc.replace('  accessModes:\n    - ReadWriteOnce\n', '  accessModes: [ReadWriteOnce,\nReadOnlyMany]\n'), [{ ...PVC, spec: { ...PVC.spec, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] } }]);
    reads(modes('    - {a: "x\n y", # c\n# d\n  b: [1,\n2]}\n'), [{ ...PVC, spec: { ...PVC.spec, accessModes: [{ a: 'x y', b: [1, 2] }] } }]);
    for (const r of read(pvc.replace('  accessModes:\n    - ReadWriteOnce\n', '  accessModes: [ReadWriteOnce,\nReadOnlyMany]\n'))) {
      expect(r.objects[0]!.at(['spec', 'accessModes', 1])).toMatchObject({ line: 11, column: 1 });
      expect(r.objects[0]!.at(['spec', 'storageClassName'])).toMatchObject({ line: 12, column: 21 });
    }
    // a "..." line at column 0 inside one still ends the document, as go-yaml reads it
    refused(pvc.replace('  accessModes:\n    - ReadWriteOnce\n', '  accessModes: [ReadWriteOnce,\n...\n]\n'), 11, /./);
  });
  it('a document that starts with a quoted key and no blank after its colon is that string (go-yaml reads no further)', () => {
    reads(pvc.replace('apiVersion: v1', '"apiVersion":v1'), ['apiVersion']);
    reads(pvc.replace('apiVersion: v1', "!!str 'api''Version':'v1'"), ["api'Version"]);
    reads(pvc + '---\n"x":1\nkind: A\n', [PVC, 'x']);
  });
  it('a block scalar as go-yaml reads it: a line of blanks past its indentation is text, LS and PS line breaks stay in it', () => {
    const note = (body: string) => pvc.replace('  labels:', `  annotations:\n    note: |\n${body}\n  labels:`);
    const annotated = (note: string) => [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note } } }];
    reads(note('      one\n        \n'), annotated('one\n  \n'));
    reads(note('      one\u2028      two\u2029'), annotated('one\u2028two\u2029'));
    reads(note('      one\r\n      two\r'), annotated('one\ntwo\n'));
  });
  it('a plain or quoted scalar over LS or PS line breaks keeps them, as go-yaml folds its lines (an LF between lines is a space)', () => {
    const annotated = (note: string) => [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note } } }];
    const note = (value: string) => pvc.replace('  labels:', `  annotations:\n    note: ${value}\n  labels:`);
    reads(note('one\u2028      two'), annotated('one\u2028two'));
    reads(note('one \u2029\u2029      two\n      three'), annotated('one\u2029\u2029two three'));
    reads(note("'it''s\u2028      two'"), annotated("it's\u2028two"));
    reads(note('"one\\t\u2029      two\n\n      three"'), annotated('one\t\u2029two\nthree'));
  });
  it('a block scalar on the last line of a file with no line break: kubectl ends that line with one', () => {
    reads(pvc + '---\nnote: |\n  one', [PVC, { note: 'one\n' }]);
  });
  it('a comment right after a flow collection or a quoted scalar, with no blank before its #', () => {
    reads(pvc.replace('storageClassName: rdb', 'storageClassName: "rdb"# the class'), [PVC]);
    reads(pvc.replace('    - ReadWriteOnce\n', '    - [ReadWriteOnce]#x\n'), [{ ...PVC, spec: { ...PVC.spec, accessModes: [['ReadWriteOnce']] } }]);
  });
  it('a block scalar whose leading blank lines are indented more than its first line of text ends before that line (go-yaml takes its indentation from them)', () => {
    const note = (body: string) => pvc.replace('  labels:', `  annotations:\n    note: |${body}\n  labels:`);
    const annotated = (note: string) => [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note } } }];
    reads(note('\n          \n      # c'), annotated(''));
    reads(note('+\n\n          \n      # c'), annotated('\n\n'));
    // the line after it is then no key of the map: kubectl refuses the file ("did not find expected key")
    refused(note('\n          \n      more'), 9, /`more` has no colon/);
  });
  it('a % line that continues a multi-line plain scalar at the root is text of it; after a map it ends the document', () => {
    reads(pvc + '---\njust a\n\n%YAML 1.1 note\n', [PVC, 'just a\n%YAML 1.1 note']);
    reads(pvc + '%YAML 1.1\nkind: Other\n', [PVC]);
  });
  it("the escape \\' in a double-quoted scalar is a quote, as go-yaml reads it", () => {
    reads(pvc.replace('storageClassName: rdb', 'storageClassName: "r\\\'db"'), [{ ...PVC, spec: { ...PVC.spec, storageClassName: "r'db" } }]);
    reads(pvc.replace('storageClassName: rdb', 'storageClassName: "r\\\\\'db"'), [{ ...PVC, spec: { ...PVC.spec, storageClassName: "r\\'db" } }]);
  });
  it('a block scalar header with a digit then a chomping indicator, or a comment right after it', () => {
    const note = (header: string, body: string) => pvc.replace('  labels:', `  annotations:\n    note: ${header}\n${body}\n  labels:`);
    const annotated = (note: string) => [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note } } }];
    reads(note('>2-', '       one'), annotated(' one'));
    reads(note('|#c', '      one'), annotated('one\n'));
  });
  it('text after ...: not read', () => {
    reads(pvc + '...\nextra: text\n', [PVC]);
  });
  it('a Latin-1 byte in a comment is U+FFFD, as kubectl reads it', () => {
    reads(Buffer.concat([Buffer.from(pvc), Buffer.from('# caf\xe9\n', 'latin1')]), [PVC]);
  });
  it('UTF-16 with half a surrogate pair, or an odd last byte: U+FFFD there, as kubectl reads it', () => {
    reads(Buffer.from('\ufeff' + pvc + '# a \ud800 b\n', 'utf16le'), [PVC]);
    reads(Buffer.from('\ufeff' + pvc.replace('storageClassName: rdb', 'storageClassName: r\udc00db'), 'utf16le'), [{ ...PVC, spec: { ...PVC.spec, storageClassName: 'r\ufffddb' } }]);
    // the odd byte is a line of its own after the map: kubectl refuses the file there ("could not find expected ':'")
    refused(Buffer.concat([Buffer.from('\ufeff' + pvc, 'utf16le'), Buffer.from([0x61])]), 16, /could not find expected ':'/);
  });
  it('an annotation key .nan is the text ".nan"', () => {
    reads(pvc.replace('  labels:', '  annotations:\n    .nan: x\n  labels:'), [{ ...PVC, metadata: { ...PVC.metadata, annotations: { '.nan': 'x' } } }]);
  });
  it('!!merge <<: {…} merges, as go-yaml does', () => {
    reads(pvc.replace('    env: test\n', '    env: test\n    !!merge <<: {tier: db}\n'), [{ ...PVC, metadata: { ...PVC.metadata, labels: { username: 'jdoe', env: 'test', tier: 'db' } } }]);
  });
  it('a document after a refused one is not read (kubectl stops at the first error); the ones before are', () => {
    const r = read(pvc + '---\nkind: [\n---\n' + pvc.replace(/^---\n/, ''));
    for (const x of r) {
      expect(x.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      expect(x.findings).toHaveLength(1);
    }
  });
});

describe("go-yaml's own rules (src/parse/goyaml.ts, its scanner and parser ported): what it refuses is refused, at the line, in a student's words", () => {
  it('a "- " list item after a flow collection or a quoted value on its line', () => {
    refused(pvc.replace('storageClassName: rdb', 'storageClassName: []-'), 12, /"- " list item where no list can start.*block sequence entries are not allowed/);
    refused("''-", 1, /block sequence entries are not allowed/);
  });
  it('text after a flow collection where only a comment may follow: []|b', () => {
    refused(pvc.replace('storageClassName: rdb', 'storageClassName: []|b'), 12, /only a comment or the line's end may follow.*did not find expected comment or line break/);
  });
  it('a tag go-yaml cannot read: !<>, a tag glued to what follows it (!#, !*b)', () => {
    refused("!<> ''''#x\n", 1, /a tag \(!…\) kubectl cannot read.*did not find expected tag URI/);
    refused(pvc.replace('storageClassName: rdb', 'storageClassName: !#'), 12, /did not find expected whitespace or line break/);
    refused("- s: &b ''''\n- {*b !}", 2, /did not find expected whitespace or line break/);
  });
  it('a flow map with a stray > in a key, a value indicator with nothing to map, a quote never closed', () => {
    refused('- {b:[],org,2002:str> no a:b: "\'%x"}\n', 1, /did not find expected ',' or '}'/);
    refused(' <: }', 1, /did not find expected node content/);
    refused("---\n{}'", 2, /quoted value that is never closed.*found unexpected end of stream/);
  });
  it('a tab go-yaml refuses after an LS or NEL line break', () => {
    refused('a: |\u2028  x\u2028\t\u2028', 3, /tab/);
    refused('- a\n\u2028\tb: 1\n', 3, /tab/);
  });
  it('!!float of an integer past int64 (go-yaml reads it as a uint64, not a float)', () => {
    refused('!!float 9223372036854775808', 1, /cannot decode !!int `9223372036854775808` as a !!float/);
  });
});

describe('what go-yaml reads is read as it reads it', () => {
  it('go-yaml reads one node and stops: tags, anchors or brackets after it are never read (! !, &a &x, !, and !: }])', () => {
    reads('! !', ['']);
    reads('&a &x', []);
    reads('!,', ['']);
    reads('!: }]\r\n', ['']);
    reads('\ufeff[[]],\u2029\u20292000:\u2029', [[[]]]);
  });
  it('a tab at a line start after a lone NEL line break, where go-yaml reads it', () => {
    reads('--- #\u0085-\u0085---\u0085\t', [[null]]);
  });
  it('a block scalar under a key with only a tag (go-yaml counts the tag in the map\'s indentation)', () => {
    reads('! : |\n t', [{ '': 't\n' }]);
    reads(pvc.replace('  labels:', '  annotations:\n    ! note: |\n     text\n  labels:'), [{ ...PVC, metadata: { ...PVC.metadata, annotations: { note: 'text\n' } } }]);
  });
  it('an alias name ended by ":" in a flow map is the alias, then a value indicator', () => {
    reads('- {x: &b 1,*b:[],str> no a:b: "\'%x"}\n', [[{ 1: [], 'str> no a:b': "'%x", x: 1 }]]);
  });
  it('a ":" right before a flow indicator inside a flow plain scalar is text to go-yaml: {<:} is the key "<:"', () => {
    reads('---\n{<:}', [{ '<:': null }]);
    reads('[a:, b]', [['a:', 'b']]);
  });
  it('NaN or an infinity that a later duplicate key replaces is never sent (JSON is made from the last value)', () => {
    for (const r of read('---\n{a: .Inf,a: ""}\n')) {
      expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^duplicate key "a"/)]);
      expect(r.documents).toEqual([{ a: '' }]);
    }
    // the last value is NaN: refused
    for (const r of read('a: 1\na: .nan\n')) expect(r.findings.map((f) => [f.location?.line, f.message])).toContainEqual([2, expect.stringMatching(/\.nan is not a number, which JSON cannot carry/)]);
  });
  it('a quoted "<<" tagged !!merge is a merge key (it needs a map); a kept block scalar after a lone CR at the end gets no extra line break', () => {
    refused("---\n{!!merge '<<'}", 2, /merge key \(<<\) needs a map/);
    reads('--- #\ra: >+\r', [{ a: '' }]);
  });
  it('a BOM inside the file is a character to go-yaml (its BOM check looks at its buffer\'s start), even at a line\'s start', () => {
    reads('a: 1\n\ufeffb: 2\n', [{ a: 1, '\ufeffb': 2 }]);
    reads('a: 1\n\ufeff\tb: 2\n', [{ a: 1, '\ufeff\tb': 2 }]);
  });
  it('!!int past int64 is read (go-yaml: a uint64)', () => {
    reads('!!int 9223372036854775808', [9223372036854775808]);
  });
  it('a kept block scalar ending in blanks at the end of a file with no line break gets kubectl\'s LF', () => {
    reads('k: >+\n  t\n  ', [{ k: 't\n\n' }]);
  });
  it('a control character go-yaml never decodes (past its one node, beyond the 512 bytes its reader took) is not refused; one it decodes is', () => {
    reads(`[a]\n- ${'x'.repeat(1000)}\n# \x1b\n`, [['a']]);
    refused('[a]\n# \x1b\n', 2, /control character/);
  });
});
