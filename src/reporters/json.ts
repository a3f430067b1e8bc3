/**
 * The JSON report of the rubric spec. One submission (`check`): the report
 * object, byte-compatible with every earlier version. A batch: an object
 * `{ "reports": [...], "summary": {...} }`, the reports written as they come
 * and the class summary (src/batch/summary.ts) at the end. Deterministic:
 * the same input gives byte-identical output.
 *
 * `actual` (what a student wrote, for the summary's counts) is internal and
 * left out: the summary carries those values.
 */
import type { CheckResult, Finding, Report } from '../types.js';
import type { Output, Reporter } from './types.js';

/** `x` without its `actual`, its other keys in their order (a loop: an object rest pattern is a slow runtime call, and a class of 1,000 has thousands). */
const withoutActual = <T extends Finding | CheckResult>(x: T): T => {
  if (x.actual === undefined) return x;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) if (k !== 'actual') out[k] = (x as unknown as Record<string, unknown>)[k];
  return out as T;
};
const hasActual = (c: CheckResult) => c.actual !== undefined || (c.findings?.some((f) => f.actual !== undefined) ?? false);

/** The report without `actual` on its checks and findings (a copy only when there is one). */
function publicReport(r: Report): Report {
  if (!r.checks.some(hasActual)) return r;
  return {
    ...r,
    checks: r.checks.map((c) => {
      if (!hasActual(c)) return c;
      const out = c.actual === undefined ? { ...c } : withoutActual(c);
      if (c.findings) out.findings = c.findings.map(withoutActual);
      return out;
    }),
  };
}

const stringify = (v: unknown) => JSON.stringify(v, null, 2);
const indent = (s: string, by: string) => by + s.replace(/\n/g, `\n${by}`);
/**
 * `indent(stringify(v), '  '.repeat(levels))`, without a pass over the text:
 * V8 indents `v` nested in `levels` arrays, and the brackets are cut off
 * (each level adds `levels * (levels + 1)` characters in all on either side).
 */
const stringifyAt = (v: unknown, levels: number) => {
  let w = v;
  for (let i = 0; i < levels; i++) w = [w];
  const s = JSON.stringify(w, null, 2);
  const cut = levels * (levels + 1);
  return s.slice(cut, s.length - cut);
};

/**
 * Writes `stringifyAt(r, levels)`, the same bytes, in pieces: each top-level field, and each
 * check on its own. A batch's reports are most of its output (17 MB for 1,000 students), and
 * one message with a character beyond Latin-1 (`port 6379 → targetPort 6379`) makes V8 build the
 * whole report's text in two bytes a character, which costs about 50 µs a report to encode as
 * UTF-8; in pieces, only the checks that have such a character are two-byte text.
 */
function writeAt(out: Output, r: Report, levels: number): void {
  const pad = '  '.repeat(levels);
  const rec = r as unknown as Record<string, unknown>;
  let first = true;
  out.write(pad + '{');
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // as JSON.stringify leaves them out
    out.write(`${first ? '\n' : ',\n'}${pad}  ${JSON.stringify(key)}: `);
    first = false;
    if (key === 'checks' && Array.isArray(v) && v.length > 0) {
      out.write('[');
      for (let i = 0; i < v.length; i++) out.write((i ? ',\n' : '\n') + stringifyAt(v[i] ?? null, levels + 2));
      out.write(`\n${pad}  ]`);
    } else out.write(stringifyAt(v, levels + 1).slice(2 * (levels + 1)));
  }
  out.write(first ? '}' : `\n${pad}}`);
}

export const json: Reporter = {
  name: 'json',
  description: 'the JSON report of the rubric spec (batch: {"reports": [...], "summary": {...}})',
  fileName: 'reports.json',
  create(out, options) {
    const summary = options.summary;
    if (summary) {
      let n = 0;
      out.write('{\n  "reports": [');
      return {
        write(r) {
          out.write(n++ === 0 ? '\n' : ',\n');
          writeAt(out, publicReport(r), 2);
        },
        flush() {
          out.write(`${n ? '\n  ' : ''}],\n  "summary": ${indent(stringify(summary()), '  ').trimStart()}\n}\n`);
        },
      };
    }
    // One report alone is printed as an object, several as an array: hold the first until a second comes.
    let held: Report | undefined;
    let n = 0;
    return {
      write(r) {
        n++;
        if (n === 1) held = publicReport(r);
        else {
          if (n === 2) {
            out.write('[\n');
            writeAt(out, held!, 1);
            held = undefined;
          }
          out.write(',\n');
          writeAt(out, publicReport(r), 1);
        }
      },
      flush() {
        if (n === 0) out.write('[]\n');
        else if (n === 1) out.write(stringify(held) + '\n');
        else out.write('\n]\n');
      },
    };
  },
};
