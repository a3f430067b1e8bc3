/**
 * Scalars, keys, merge keys and line breaks as the API server reads them.
 * The table was measured with sigs.k8s.io/yaml v1.3.0 (gopkg.in/yaml.v2
 * v2.4.0), the versions of the local cluster's Kubernetes (test/cluster/k8s/go.mod),
 * calling yaml.YAMLToJSON on each input: the JSON it gives, or null where it
 * refuses the input (kubectl and the API server then reject the file). The e2e
 * suite (test/e2e/scalars.e2e.test.ts) checks a sample of it against
 * `kubectl apply --dry-run=server` on the cluster itself.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/parse/index.js';
import { resolveScalar } from '../src/parse/scalars.js';

/** [YAML after `apiVersion: v1\nkind: X\n`, what sigs.k8s.io/yaml made of it (JSON), or null: refused]. */
const MEASURED: [string, string | null][] = [
  ["a: x\u2028b: 2", "{\"a\":\"x\",\"b\":2}"],
  ["a: x\u0085b: 2", "{\"a\":\"x\",\"b\":2}"],
  ["a: x\rb: 2", "{\"a\":\"x\",\"b\":2}"],
  ["a: |\r  l1\r  l2\r", "{\"a\":\"l1\\nl2\\n\"}"],
  ["<<: {x: 1}\nx: 2\ny: 3", "{\"true\":3,\"x\":2}"],
  ["b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3", "{\"b\":{\"true\":2,\"x\":1},\"c\":{\"true\":3,\"x\":1}}"],
  ["c:\n  <<: [{x: 1}, {x: 2, z: 3}]\n", "{\"c\":{\"x\":1,\"z\":3}}"],
  ["a: !!binary aGVsbG8=", "{\"a\":\"hello\"}"],
  ["a: !!set {x, y}", "{\"a\":{\"true\":null,\"x\":null}}"],
  ["1: x", "{\"1\":\"x\"}"],
  ["null: x", null], // Unsupported map key of type: %!s(<nil>), key: <nil>, value: "x"
  ["~: x", null], // Unsupported map key of type: %!s(<nil>), key: <nil>, value: "x"
  ["? [a]\n: x", null], // yaml: invalid map key: []interface {}{"a"}
  ["a: !!str 1", "{\"a\":\"1\"}"],
  ["a: !!int \"1\"", "{\"a\":1}"],
  ["a: !!float 1", "{\"a\":1}"],
  ["a: !!int 0o2", "{\"a\":2}"],
  ["a: !!bool yes", "{\"a\":true}"],
  ["a: !!int yes", null], // yaml: cannot decode !!bool `yes` as a !!int
  ["a: 2001-12-14T21:59:43.10-05:00", "{\"a\":\"2001-12-14T21:59:43.10-05:00\"}"],
  ["a: 2001-12-14 21:59:43.10 -5", "{\"a\":\"2001-12-14 21:59:43.10 -5\"}"],
  ["yes: 1\ntrue: 2", "{\"true\":2}"],
  ["a: 1\na: 2", "{\"a\":2}"],
  ["1.5: x", "{\"1.5\":\"x\"}"],
  ["0x1F: x", "{\"31\":\"x\"}"],
  ["a: !!timestamp 2001-12-14", "{\"a\":\"2001-12-14\"}"],
  ["a: !foo bar", "{\"a\":\"bar\"}"],
  ["a: !!null x", null], // yaml: cannot decode !!str `x` as a !!null
  ["a: 0:2:", null], // yaml: mapping values are not allowed in this context
  ["a: \"\\x41\\u00e9\"", "{\"a\":\"A\u00e9\"}"],
  ["a: 'it''s'", "{\"a\":\"it's\"}"],
  ["a: 1.0", "{\"a\":1}"],
  ["a: 1.10", "{\"a\":1.1}"],
  ["a: 100000000000000000000", "{\"a\":100000000000000000000}"],
  ["a: 1e400", "{\"a\":\"1e400\"}"],
  ["a: -", null], // yaml: block sequence entries are not allowed in this context
  ["a: +", "{\"a\":\"+\"}"],
  ["a: 0x", "{\"a\":\"0x\"}"],
  ["a: 1.", "{\"a\":1}"],
  ["a: -.5", "{\"a\":-0.5}"],
  ["a: 0o17", "{\"a\":15}"],
  ["a: 0O17", "{\"a\":15}"],
  ["a: 0B1", "{\"a\":1}"],
  ["a: 0X1f", "{\"a\":31}"],
  ["a: 1_", "{\"a\":1}"],
  ["a: _1", "{\"a\":\"_1\"}"],
  ["a: 0777", "{\"a\":511}"],
  ["a: 0.1_0", "{\"a\":0.1}"],
  ["a: 12e03", "{\"a\":12000}"],
  ["a: !!merge <<", "{\"a\":\"\\u003c\\u003c\"}"],
  ["a: <<", "{\"a\":\"\\u003c\\u003c\"}"],
  ["a: [1, 2,]", "{\"a\":[1,2]}"],
  ["a: {b: 1,}", "{\"a\":{\"b\":1}}"],
  ["a:\t1", "{\"a\":1}"],
  ["a: b\n\tc: d", null], // yaml: line 2: found a tab character that violates indentation
  ["a: &x 1\nb: *x", "{\"a\":1,\"b\":1}"],
  ["a: *x", null], // yaml: unknown anchor 'x' referenced
  ["a: b #c", "{\"a\":\"b\"}"],
  ["a: b#c", "{\"a\":\"b#c\"}"],
  ["a: \ufeffb", "{\"a\":\"\ufeffb\"}"],
  ["a: 1\n...\n", "{\"a\":1}"],
  ["a: ''", "{\"a\":\"\"}"],
  ["a: \"\"", "{\"a\":\"\"}"],
  ["a: null", "{\"a\":null}"],
  ["a: Null", "{\"a\":null}"],
  ["a: -0.0", "{\"a\":-0}"],
  ["a: +.5", "{\"a\":0.5}"],
  ["a: .", "{\"a\":\".\"}"],
  ["a: +1_000", "{\"a\":1000}"],
  ["a: 1_000.5e1_0", "{\"a\":10005000000000}"],
  ["a: 0b2", "{\"a\":\"0b2\"}"],
  ["a: 0o8", "{\"a\":\"0o8\"}"],
  ["a: 0xG", "{\"a\":\"0xG\"}"],
  ["a: 1:2", "{\"a\":\"1:2\"}"],
  ["a: 60:00", "{\"a\":\"60:00\"}"],
  ["a: 1.2.3", "{\"a\":\"1.2.3\"}"],
  ["a: 0.5.", "{\"a\":\"0.5.\"}"],
  ["a: 3e", "{\"a\":\"3e\"}"],
  ["a: 3e+", "{\"a\":\"3e+\"}"],
  ["a: 08.5", "{\"a\":8.5}"],
  ["a: 0x1p-2", "{\"a\":\"0x1p-2\"}"],
  ["a: 0x1.8p1", "{\"a\":\"0x1.8p1\"}"],
  ["a: infinity", "{\"a\":\"infinity\"}"],
  ["a: +Inf", "{\"a\":\"+Inf\"}"],
  ["a: .Inf", null], // json: unsupported value: +Inf
  ["a: -.inf", null], // json: unsupported value: -Inf
  ["a: 0:2", "{\"a\":\"0:2\"}"],
  ["a: 0o2", "{\"a\":2}"],
  ["a: 0b11", "{\"a\":3}"],
  ["a: 1_000", "{\"a\":1000}"],
  ["a: 0x1F", "{\"a\":31}"],
  ["a: 012", "{\"a\":10}"],
  ["a: 0_12", "{\"a\":10}"],
  ["a: +12", "{\"a\":12}"],
  ["a: 1e3", "{\"a\":1000}"],
  ["a: .inf", null], // json: unsupported value: +Inf
  ["a: yes", "{\"a\":true}"],
  ["a: on", "{\"a\":true}"],
  ["a: y", "{\"a\":true}"],
  ["a: 1:20:30", "{\"a\":\"1:20:30\"}"],
  ["a: ~", "{\"a\":null}"],
  ["a: 2001-12-14", "{\"a\":\"2001-12-14\"}"],
  ["a: \"x\"\rb: 2\r", "{\"a\":\"x\",\"b\":2}"],
  ["a: 0x_1F", "{\"a\":31}"],
  ["a: 1.5e3", "{\"a\":1500}"],
  ["a: 0.", "{\"a\":0}"],
  ["a: .5", "{\"a\":0.5}"],
  ["a: 6.8523015e+5", "{\"a\":685230.15}"],
  ["a: 190:20:30.15", "{\"a\":\"190:20:30.15\"}"],
  ["a: -0", "{\"a\":0}"],
  ["a: 0o", "{\"a\":\"0o\"}"],
  ["a: Inf", "{\"a\":\"Inf\"}"],
  ["a: NaN", "{\"a\":\"NaN\"}"],
  ["a: 1__0", "{\"a\":10}"],
  ["a: 9223372036854775808", "{\"a\":9223372036854775808}"],
  ["a: 0b_1", "{\"a\":1}"],
  ["a: +0x1F", "{\"a\":31}"],
  ["a: -0b11", "{\"a\":-3}"],
  ["a: 00", "{\"a\":0}"],
  ["a: 08", "{\"a\":8}"],
  ["a: 1e", "{\"a\":\"1e\"}"],
  ["a: TRUE", "{\"a\":true}"],
  ["a: True", "{\"a\":true}"],
  ["a: tRue", "{\"a\":\"tRue\"}"],
  ["a: Y", "{\"a\":true}"],
  ["a: n", "{\"a\":false}"],
  ["a: No", "{\"a\":false}"],
  ["a: OFF", "{\"a\":false}"],
  ["a: Null", "{\"a\":null}"],
  ["a: NULL", "{\"a\":null}"],
  ["a: nuLL", "{\"a\":\"nuLL\"}"],
  ["a: .NaN", null], // json: unsupported value: NaN
  ["a: -.Inf", null], // json: unsupported value: -Inf
  ["a: 1_0.5", "{\"a\":10.5}"],
  ["y: 1", "{\"true\":1}"],
  ["on: 1", "{\"true\":1}"],
  ["1.5e3: x", "{\"1500\":\"x\"}"],
  ["1e6: x", "{\"1e+06\":\"x\"}"],
  ["-1: x", "{\"-1\":\"x\"}"],
  ["0o7: x", "{\"7\":\"x\"}"],
  ["'0o7': x", "{\"0o7\":\"x\"}"],
  ["a: !!float 0x10", "{\"a\":16}"],
  ["a: !!str 0x10", "{\"a\":\"0x10\"}"],
  ["a: !!int 1.0", null], // yaml: cannot decode !!float `1.0` as a !!int
  ["a: [a: 1, b]", "{\"a\":[{\"a\":1},\"b\"]}"],
  ["a: {x: &z 1, y: *z}", "{\"a\":{\"true\":1,\"x\":1}}"],
  ["a: \"0o7\"", "{\"a\":\"0o7\"}"],
  ["a: |-\n  7", "{\"a\":\"7\"}"],
  ["a: !!int |-\n  7", "{\"a\":7}"],
  ["a: 1\u00a0", "{\"a\":\"1\u00a0\"}"],
  ["a: 0x8000000000000000", "{\"a\":9223372036854775808}"],
  ["a: -9223372036854775809", "{\"a\":-9223372036854776000}"],
  ["a: 18446744073709551616", "{\"a\":18446744073709552000}"],
  ["a: 0b-1", "{\"a\":-1}"],
  ["a: 0b+1", "{\"a\":1}"],
  ["a: 2001-1-2", "{\"a\":\"2001-1-2\"}"],
  ["a: 2001-12-14t21:59:43.10Z", "{\"a\":\"2001-12-14t21:59:43.10Z\"}"],
  ["a: !!timestamp x", null], // yaml: cannot decode !!str `x` as a !!timestamp
];

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)])) : v;

describe('scalars as sigs.k8s.io/yaml reads them', () => {
  it.each(MEASURED)('%j', (yaml, json) => {
    const r = parseFile({ path: 'a.yml', text: `apiVersion: v1\nkind: X\n${yaml}` });
    if (json === null) {
      expect(r.objects).toEqual([]);
      expect(r.findings.length).toBeGreaterThan(0);
      expect(r.findings[0]!.location?.line).toBeGreaterThanOrEqual(3);
      return;
    }
    // A duplicate key is a finding of its own (the rubric spec's ruling); the value is still the last one, as here.
    expect(r.findings.filter((f) => !f.message.startsWith('duplicate key'))).toEqual([]);
    const { apiVersion: _a, kind: _k, ...rest } = r.objects[0]!.value;
    expect(sortKeys(rest)).toEqual(sortKeys(JSON.parse(json)));
  });

  it('the issue\'s three: base 60 is a string, 0o2 is 2, CR-only line endings are line endings', () => {
    expect(resolveScalar('0:2', undefined, true)).toEqual({ ok: true, tag: 'str', value: '0:2' });
    expect(resolveScalar('0o2', undefined, true)).toEqual({ ok: true, tag: 'int', value: 2 });
    const cr = parseFile({ path: 'a.yml', text: 'apiVersion: apps/v1\rkind: Deployment\rspec:\r  replicas: 2\r' });
    expect(cr.findings).toEqual([]);
    expect(cr.objects[0]!.value).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } });
    expect(cr.objects[0]!.at(['spec', 'replicas'])).toEqual({ file: 'a.yml', line: 4, column: 13 });
  });

  it('quoted and block scalars are strings unless tagged; a tag go-yaml cannot resolve leaves the text', () => {
    expect(resolveScalar('12', undefined, false)).toMatchObject({ value: '12' });
    expect(resolveScalar('12', 'tag:yaml.org,2002:int', false)).toMatchObject({ value: 12 });
    expect(resolveScalar('12', '!foo', true)).toMatchObject({ value: '12' });
    expect(resolveScalar('yes', 'tag:yaml.org,2002:int', true)).toEqual({ ok: false, message: 'cannot decode !!bool `yes` as a !!int' });
  });

  it('decimal integers of every length, signed or not, are strconv.ParseInt\'s (the short path for small ones included)', () => {
    let seed = 5;
    const digit = () => String((seed = (seed * 16807) % 2147483647) % 10);
    for (let k = 0; k < 4000; k++) {
      const len = 1 + (k % 20);
      const s = (k % 3 === 0 ? '-' : k % 7 === 0 ? '+' : '') + Array.from({ length: len }, digit).join('');
      const digits = s.replace(/^[-+]/, '');
      const r = resolveScalar(s, undefined, true);
      if (digits.length > 1 && digits.startsWith('0')) continue; // octal, held by the table above
      const v = BigInt(s.replace(/^\+/, ''));
      // (past 2^53 a double rounds it: its digits are kept, for a JSON key)
      if (v >= -(2n ** 63n) && v < 2n ** 63n) expect(r, s).toEqual({ ok: true, tag: 'int', value: Number(v), ...(Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? {} : { digits: v.toString() }) });
      else if (v >= 0n && v < 2n ** 64n && s[0] !== '+') expect(r, s).toEqual({ ok: true, tag: 'uint', value: Number(v) }); // ParseUint takes no sign
      else expect(r, s).toEqual({ ok: true, tag: 'float', value: Number(s) });
    }
  });
});
