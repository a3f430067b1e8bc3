/**
 * Kubernetes quantities (`1Gi`, `1024Mi`, `500m`, `1e9`), read as the API server reads them: the
 * one home of that rule for the schema stage (is it a quantity, is it negative, is a request over
 * its limit) and the rubric checks (is the claim 1Gi).
 *
 * What k8s.io/apimachinery's `resource.Quantity` does with a JSON value (v1.30, quantity.go):
 * `UnmarshalJSON` takes the string out of its quotes, *without unescaping it*, trims it with Go's
 * `strings.TrimSpace`, then `ParseQuantity` reads an optional sign, digits (any number, none too),
 * an optional `.` and digits, and a suffix that is a decimal one (`n u m k M G T P E`), a binary one
 * (`Ki … Ei`), or `e`/`E` and an exponent (`strconv.ParseInt`, 64 bits, then kept as 32). So
 * `" 1Gi "`, `1.G`, `+` and `Gi` are quantities (the last two are zero), and `1GB`, `1gi`, `1e`,
 * `1K` are not. Measured against a v1.30 API server through kubectl (`test/schema.test.ts`).
 */

/**
 * The spaces that trim takes: Go's `unicode.IsSpace`, less what kubectl's JSON encoder (Go's
 * `encoding/json`) writes as an escape, which the trim then never sees (tab, line ends, vertical
 * tab, form feed, U+2028, U+2029): `"1Gi\t"` is refused, `"1Gi "` and `"1Gi\u00a0"` are not.
 */
const SPACE = '[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]';
const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');

const GRAMMAR = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;
const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/**
 * The value of a quantity as a double (exact for what a manifest holds, approximate past 2^53), or
 * undefined when the API server would refuse it.
 */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined; // a JSON number: always a quantity
  if (typeof v !== 'string') return undefined;
  const s = v.replace(TRIM, '');
  if (s === '') return undefined;
  const m = GRAMMAR.exec(s);
  if (!m) return undefined;
  const [, sign, int, frac, suffix, exp] = m;
  const magnitude = Number(`0${int}.${frac ?? ''}0`);
  let scale: number;
  if (exp !== undefined) {
    const e = BigInt(exp);
    if (BigInt.asIntN(64, e) !== e) return undefined; // ParseInt's range
    scale = 10 ** Number(BigInt.asIntN(32, e)); // then int32(parsed)
  } else scale = SUFFIX[suffix ?? '']!;
  const value = magnitude * scale;
  return sign === '-' && value !== 0 ? -value : value;
}

/** Whether the API server takes `v` as a quantity. */
export function isQuantity(v: unknown): boolean {
  return parseQuantity(v) !== undefined;
}
