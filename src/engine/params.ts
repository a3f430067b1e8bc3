/** Parameter references in rubric values: `{{name}}`, `{{map.key}}`. */
import type { CheckSpec, Params } from './types.js';
import { interpolate } from '../util/text.js';

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
  if (typeof v === 'string') {
    const whole = /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(v);
    if (whole) {
      const r = lookup(params, whole[1]!);
      return r.found ? r.value : v;
    }
    if (!v.includes('{{')) return v;
    return v.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (all, k: string) => {
      const r = lookup(params, k);
      return r.found && r.value !== null && typeof r.value !== 'object' ? String(r.value) : r.found && Array.isArray(r.value) ? r.value.join(', ') : all;
    });
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, params));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, params)]));
  return v;
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

/** Whether a check is switched on by its `when`. */
export function checkOn(c: CheckSpec, params: Params): boolean {
  if (!c.when) return true;
  const v = params[c.when.param];
  if (v === null || v === undefined || v === false) return false;
  return !('equals' in c.when) || v === c.when.equals;
}

/** Title and hint with parameters and the environment filled in. */
export function renderText(text: string, params: Params, env: string): string {
  return interpolate(text, { ...params, env });
}

