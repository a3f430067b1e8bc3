/**
 * YAML scalars as the API server's reader sees them. `kubectl apply` and the
 * API server turn YAML into JSON with sigs.k8s.io/yaml, which decodes with
 * go-yaml v2 (gopkg.in/yaml.v2 `resolve.go`): YAML 1.1 booleans (`yes`, `on`,
 * `y`), but integers through Go's `strconv.ParseInt(s, 0, 64)` once the
 * underscores are removed — so `0o17`, `0O17`, `0b11`, `0x1F`, `017` (octal),
 * `1_000` are numbers, and there are no base-60 numbers (`1:30` is a string).
 * This is a port of that function; test/scalars.test.ts holds the table, and
 * test/e2e/scalars.e2e.test.ts measures it against a real API server.
 */

/** The kind go-yaml gives a scalar; `int` and `float` matter for map keys (`1.0:` is "1", `1e6:` is "1e+06"). */
export type ScalarTag = 'str' | 'int' | 'uint' | 'float' | 'bool' | 'null' | 'timestamp' | 'binary';

/** `digits`: an integer a double does not hold exactly, as go-yaml has it (a JSON key is made of it). */
export type Resolved = { ok: true; tag: ScalarTag; value: string | number | boolean | null; digits?: string } | { ok: false; message: string };
type Plain = { tag: ScalarTag; value: string | number | boolean | null; digits?: string };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** An integer go-yaml reads as an int: its value, and its digits when a double rounds it. */
const int = (i: bigint): Plain => (i > MAX_SAFE || i < -MAX_SAFE ? { tag: 'int', value: Number(i), digits: i.toString() } : { tag: 'int', value: Number(i) });

const YAML_TAG = 'tag:yaml.org,2002:';

const MAP = new Map<string, { tag: ScalarTag; value: boolean | number | null }>();
const put = (tag: ScalarTag, value: boolean | number | null, words: string) => {
  for (const w of words.split(' ')) MAP.set(w, { tag, value });
};
put('bool', true, 'y Y yes Yes YES true True TRUE on On ON');
put('bool', false, 'n N no No NO false False FALSE off Off OFF');
put('null', null, '~ null Null NULL');
MAP.set('', { tag: 'null', value: null });
put('float', NaN, '.nan .NaN .NAN');
put('float', Infinity, '.inf .Inf .INF +.inf +.Inf +.INF');
put('float', -Infinity, '-.inf -.Inf -.INF');

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:Z|[-+]\d{2}:\d{2})?)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * A scalar's value. `tag` is the node's explicit tag as the `yaml` package
 * gives it (`tag:yaml.org,2002:int`, `!foo`, `!`), or undefined; `plain` is
 * whether the scalar was written unquoted (quoted and block scalars are strings
 * unless tagged).
 */
export function resolveScalar(source: string, tag: string | undefined, plain: boolean): Resolved {
  if (tag === undefined && !plain) return { ok: true, tag: 'str', value: source };
  const want = tag === undefined ? '' : tag.startsWith(YAML_TAG) ? tag.slice(YAML_TAG.length) : undefined;
  // A tag go-yaml cannot resolve (`!foo`, `!`) leaves the text as it is.
  if (want === undefined || !RESOLVABLE.has(want)) return { ok: true, tag: 'str', value: source };
  let r: Plain = { tag: 'str', value: source };
  if (want !== 'str' && want !== 'binary') r = resolvePlain(source, want);
  if (want === '' || want === r.tag || want === 'str') return { ok: true, ...r };
  if (want === 'binary') {
    const b64 = source.replace(/[\r\n]/g, '');
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { ok: false, message: '!!binary value contains invalid base64 data' };
    return { ok: true, tag: 'str', value: Buffer.from(b64, 'base64').toString('utf8') };
  }
  // (go-yaml: an integer past int64 is a uint64, an !!int; only an int64 becomes a !!float)
  if (want === 'int' && r.tag === 'uint') return { ok: true, tag: 'uint', value: r.value };
  if (want === 'float' && r.tag === 'int') return { ok: true, tag: 'float', value: r.value };
  return { ok: false, message: `cannot decode !!${r.tag === 'uint' ? 'int' : r.tag} \`${source}\` as a !!${want}` };
}

const RESOLVABLE = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp', 'binary']);

/**
 * Tags as go-yaml resolves them (./goyaml.ts: `!<tag:yaml.org,2002:int>`, `!!in%74` and `!i` under
 * `%TAG ! tag:yaml.org,2002:` are all !!int; `!<!>` is `!`), written for the `yaml` package as a
 * local tag of two characters or fewer, which fits where any tag but `!` was: the tags that change
 * a value (the resolvable ones and !!merge), `!` (go-yaml's non-specific tag: a plain scalar's
 * tag, so `! <<` is a merge key), and one for every other tag, which leaves a scalar's text as it is.
 */
const TAG_CODES = new Map<string, string>([...['str', 'bool', 'int', 'float', 'null', 'timestamp', 'binary', 'merge'].map((n, i): [string, string] => [`${YAML_TAG}${n}`, `!${'sbifntym'[i]}`]), ['!', '!']]);
const OTHER_TAG = '!o';
const CODED_TAGS = new Map([...[...TAG_CODES].map(([tag, code]): [string, string] => [code, tag]), [OTHER_TAG, OTHER_TAG]]);

/** The text that stands for go-yaml's tag `goTag` in what the `yaml` package reads. */
export function tagText(goTag: string): string {
  return TAG_CODES.get(goTag) ?? OTHER_TAG;
}

/** go-yaml's tag for a tag the `yaml` package read, as tagText() wrote it (any other tag is its own). */
export function goTagOf(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : (CODED_TAGS.get(tag) ?? tag);
}

/** go-yaml's isMerge: a "<<" key that is plain and untagged or tagged `!` (an implicit scalar), or tagged !!merge however it is quoted. */
export function isMergeKey(value: unknown, goTag: string | undefined, plain: boolean): boolean {
  return value === '<<' && ((plain && goTag === undefined) || goTag === '!' || goTag === `${YAML_TAG}merge`);
}

/** A decimal that ParseInt reads as it is and a double holds exactly (`2`, `6379`): the common case, without the general path's BigInt. */
const SMALL_DECIMAL = /^-?[1-9][0-9]{0,14}$/;

function resolvePlain(s: string, want: string): Plain {
  if (SMALL_DECIMAL.test(s)) return { tag: 'int', value: Number(s) };
  const c = s[0];
  const hint = s === '' ? 'N' : c === '+' || c === '-' ? 'S' : c !== undefined && c >= '0' && c <= '9' ? 'D' : c !== undefined && 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (!hint) return { tag: 'str', value: s };
  const known = MAP.get(s);
  if (known) return known;
  if (hint === '.') {
    if (DOT_FLOAT.test(s)) {
      const f = Number(s);
      if (Number.isFinite(f)) return { tag: 'float', value: f };
    }
  } else if (hint === 'D' || hint === 'S') {
    if ((want === '' || want === 'timestamp') && TIMESTAMP.test(s)) return { tag: 'timestamp', value: s };
    const plain = s.replaceAll('_', '');
    const i = goParseInt(plain, true);
    if (i !== undefined && i >= -INT64_MAX - 1n && i <= INT64_MAX) return int(i);
    const u = goParseInt(plain, false);
    if (u !== undefined && u <= UINT64_MAX) return { tag: 'uint', value: Number(u) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { tag: 'float', value: f };
    }
    // go-yaml's own binary branch: `0b` then strconv.ParseInt(rest, 2) (which takes a sign).
    const bin = plain.startsWith('0b') ? plain.slice(2) : plain.startsWith('-0b') ? `-${plain.slice(3)}` : undefined;
    if (bin !== undefined && /^[-+]?[01]+$/.test(bin)) {
      const v = (bin[0] === '-' ? -1n : 1n) * BigInt(`0b${bin.replace(/^[-+]/, '')}`);
      if (v >= -INT64_MAX - 1n && v <= INT64_MAX) return int(v);
    }
  }
  return { tag: 'str', value: s };
}

/** strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) without the range check (the caller's), underscores already removed. */
function goParseInt(s: string, signed: boolean): bigint | undefined {
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let base = 10;
  if (s[0] === '0') {
    const p = s[1]?.toLowerCase();
    if (s.length >= 3 && p === 'b') (base = 2), (s = s.slice(2));
    else if (s.length >= 3 && p === 'o') (base = 8), (s = s.slice(2));
    else if (s.length >= 3 && p === 'x') (base = 16), (s = s.slice(2));
    else (base = 8), (s = s.slice(1));
  }
  const digits = base === 2 ? /^[01]*$/ : base === 8 ? /^[0-7]*$/ : base === 10 ? /^[0-9]+$/ : /^[0-9a-fA-F]+$/;
  if (!digits.test(s)) return undefined;
  if (s === '') return 0n;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  const v = BigInt(prefix + s);
  return neg ? -v : v;
}

/**
 * A map key as sigs.k8s.io/yaml turns it into a JSON key: strings as they are,
 * integers in decimal, floats as Go's FormatFloat(f, 'g', -1, 32), booleans as
 * `true`/`false`. Null and unsigned 64-bit keys are errors there.
 */
export function jsonKey(r: Plain): string | undefined {
  switch (r.tag) {
    case 'null':
    case 'uint':
      return undefined;
    case 'int':
      return r.digits ?? String(r.value);
    case 'float':
      return formatFloat32((r.value as number) ?? 0);
    default:
      return String(r.value);
  }
}

function formatFloat32(f: number): string {
  // (as a float32: `1e40` is past its range, so ".inf")
  const x = Math.fround(f);
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let p = 1;
  while (p < 9 && Math.fround(Number(x.toPrecision(p))) !== x) p++;
  const [mant, e] = x.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(x.toPrecision(p)));
}
