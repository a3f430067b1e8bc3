/** Parameter references in rubric values: `{{name}}`, `{{map.key}}`. */
import type { CheckSpec, Params } from './types.js';
import { interpolate, templateTokenizer } from '../util/text.js';

/** The value a parameter reference names: `courseFiles.redis-pvc` reads into a map, `fileExtensions.0` into a list. */
function lookup(params: Params, ref: string): { found: boolean; value?: unknown } {
  if (Object.hasOwn(params, ref)) return { found: true, value: params[ref] };
  const dot = ref.indexOf('.');
  if (dot > 0) {
    const head = params[ref.slice(0, dot)];
    const rest = ref.slice(dot + 1);
    if (head && typeof head === 'object' && !Array.isArray(head) && Object.hasOwn(head, rest)) return { found: true, value: (head as Params)[rest] };
    // `fileExtensions.0`: an item of a list.
    if (Array.isArray(head) && /^\d+$/.test(rest) && Number(rest) < head.length) return { found: true, value: head[Number(rest)] };
  }
  return { found: false };
}

/**
 * Parameters into a rubric value: a string that is exactly `{{name}}` becomes the parameter's
 * value (a list stays a list); in other strings references are replaced by their text.
 * Unknown names (`{{env}}`, filled per environment) stay as they are.
 */
export function substitute(v: unknown, params: Params): unknown {
  // A value without a reference is itself (a rubric's values are never changed after loading): most of
  // a check's `with` and a role's matchers, substituted per submission and environment.
  if (!hasRefs(v)) return v;
  if (typeof v === 'string') {
    const parts = compile(v);
    // Exactly one reference: the parameter's value itself (a list stays a list).
    if (parts.length === 3 && parts[0] === '' && parts[2] === '') {
      const r = lookup(params, (parts[1] as [string, string])[0]);
      return r.found ? r.value : v;
    }
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const r = lookup(params, p[0]);
      out += r.found && r.value !== null && typeof r.value !== 'object' ? String(r.value) : r.found && Array.isArray(r.value) ? r.value.join(', ') : p[1];
    }
    return out;
  }
  return filler(v as object)(params);
}

/**
 * A list's or map's substitution as a function made once per value (rubric data is read-only once
 * loaded): the parts without a reference are kept as they are, the rest filled per call.
 */
const fillers = new WeakMap<object, (params: Params) => unknown>();
function filler(v: object): (params: Params) => unknown {
  let f = fillers.get(v);
  if (f) return f;
  if (Array.isArray(v)) {
    const items = v as unknown[];
    f = (params) => items.map((x) => substitute(x, params));
  } else {
    const keys = Object.keys(v);
    const values = keys.map((k) => (v as Record<string, unknown>)[k]);
    const refs = values.map(hasRefs);
    f = (params) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const x = refs[i] ? substitute(values[i], params) : values[i];
        // An own key named __proto__ stays an own key (as Object.fromEntries makes it), never the prototype.
        if (keys[i] === '__proto__') Object.defineProperty(out, '__proto__', { value: x, enumerable: true, writable: true, configurable: true });
        else out[keys[i]!] = x;
      }
      return out;
    };
  }
  fillers.set(v, f);
  return f;
}

/** The parameters `with` keys refer to as a whole (`{equals: "{{redisReplicas}}"}` -> `{equals: redisReplicas}`), or undefined. */
export function withRefs(w: unknown): Record<string, string> | undefined {
  if (!w || typeof w !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(w)) {
    const m = typeof v === 'string' ? /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(v) : null;
    if (m) out[k] = m[1]!;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A rubric string cut at its references (`{{name}}`, `{{map.key}}`, `{{a-b}}`). */
const compile = templateTokenizer(/\{\{\s*([\w.-]+)\s*\}\}/g);

/** Whether a value holds a `{{…}}` reference, remembered per object: rubric data is read-only once loaded. */
const refsIn = new WeakMap<object, boolean>();
function hasRefs(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (!v || typeof v !== 'object') return false;
  let r = refsIn.get(v);
  if (r === undefined) {
    r = Array.isArray(v) ? v.some(hasRefs) : Object.values(v).some(hasRefs);
    refsIn.set(v, r);
  }
  return r;
}

/** Whether a check is switched on by its `when`. */
export function checkOn(c: CheckSpec, params: Params): boolean {
  if (!c.when) return true;
  const v = params[c.when.param];
  if (v === null || v === undefined || v === false) return false;
  return !('equals' in c.when) || v === c.when.equals;
}

/** Title and hint with parameters and the environment filled in. */
export function renderText(text: string, params: Params, env: string): string {
  if (!text.includes('{{')) return text;
  let byEnv = textValues.get(params);
  if (!byEnv) textValues.set(params, (byEnv = new Map()));
  let values = byEnv.get(env);
  if (!values) byEnv.set(env, (values = { ...params, env }));
  return interpolate(text, values);
}
/** The values texts are filled with, per parameters (one submission's) and environment: made once, not per check. */
const textValues = new WeakMap<Params, Map<string, Params>>();

