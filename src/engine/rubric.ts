/**
 * Data rubrics: roles, environments and checks as data (rubrics/*.yml with
 * `roles:`), parameters with `{{param}}` references, and `extends` (a
 * semester is its parameters on top of the assignment's rubric). Loaded from
 * plain data already read and validated by src/rubric/index.ts.
 */
import { parse as parseYaml } from 'yaml';
import { RubricError, UsageError } from '../util/errors.js';
import { didYouMean, interpolate } from '../util/text.js';
import { MATCHER_NAMES } from './matchers.js';
import { TEMPLATES } from './templates/index.js';
import { validateWith } from './validate.js';
import type { CheckSpec, DataRubric, EnvSpec, Matcher, Params, RoleSpec } from './types.js';

/** The value a parameter reference names: `courseFiles.redis-pvc` reads into a map. */
function lookup(params: Params, ref: string): { found: boolean; value?: unknown } {
  if (Object.hasOwn(params, ref)) return { found: true, value: params[ref] };
  const dot = ref.indexOf('.');
  if (dot > 0) {
    const head = params[ref.slice(0, dot)];
    const rest = ref.slice(dot + 1);
    if (head && typeof head === 'object' && !Array.isArray(head) && Object.hasOwn(head, rest)) return { found: true, value: (head as Params)[rest] };
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

export interface RawDataRubric {
  name: string;
  title?: string;
  params?: Params;
  username?: { marker?: string };
  environments?: Record<string, unknown>;
  roles: Record<string, unknown>[];
  checks: Record<string, unknown>[];
}

/** `--set key=value` on a data rubric's parameters: known names only; values read as YAML, a string parameter keeps its text. */
export function applyDataSet(params: Params, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set ${assignment}: expected key=value (e.g. --set storageClassName=rbd)`);
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1);
  if (!Object.hasOwn(params, key)) {
    const meant = didYouMean(key, Object.keys(params));
    throw new UsageError(`--set ${assignment}: unknown parameter "${key}"${meant ? `; did you mean "${meant}"?` : ''} (parameters: ${Object.keys(params).join(', ')})`);
  }
  let value: unknown;
  try {
    value = parseYaml(raw, { logLevel: 'error' });
  } catch {
    value = raw;
  }
  const old = params[key];
  if (typeof old === 'string' && typeof value !== 'string') value = raw;
  const shape = (x: unknown) => (x === null || x === undefined ? 'null' : Array.isArray(x) ? 'list' : typeof x);
  if (old !== null && old !== undefined && value !== null && shape(old) !== shape(value)) {
    throw new UsageError(`--set ${assignment}: ${key} must be a ${shape(old)} (the rubric's is ${JSON.stringify(old)})`);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new UsageError(`--set ${assignment}: ${raw} is not a finite number`);
  params[key] = value;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);
const roleSet = (v: unknown): { required: string[]; optional: string[] } => {
  const o = (v && typeof v === 'object' && !Array.isArray(v) ? v : { required: v }) as Record<string, unknown>;
  return { required: asList(o.required), optional: asList(o.optional) };
};

/** A data rubric from its (validated) data: parameters resolved, templates and matchers known, `with` valid for its template. */
export function buildDataRubric(raw: RawDataRubric, file: string, set: readonly string[] = []): DataRubric {
  const params: Params = { username: '', ...(raw.params ?? {}) };
  for (const s of set) applyDataSet(params, s);
  const where = (what: string) => `${file}: ${what}`;
  // `{{username}}` is per submission: filled when grading, with `{{env}}`.
  const { username: _user, ...loadParams } = params;
  const env = raw.environments ? (substitute(raw.environments, loadParams) as Record<string, unknown>) : undefined;
  let environments: EnvSpec | undefined;
  if (env) {
    const names = asList(env.names);
    environments = {
      names,
      required: asList(env.required),
      default: env.default === undefined || env.default === null ? null : String(env.default),
      label: typeof env.label === 'string' ? env.label : 'env',
      roles: roleSet(env.roles),
      extraRoles: roleSet(env.extraRoles ?? env.roles),
    };
    for (const e of [...environments.required, ...(environments.default ? [environments.default] : [])]) {
      if (!names.includes(e)) throw new RubricError(where(`environment "${e}" is not one of environments.names (${names.join(', ')})`));
    }
  }
  const roles: RoleSpec[] = raw.roles.map((r0) => {
    const r = substitute(r0, loadParams) as Record<string, unknown>;
    const checkMatchers = (ms: unknown): Matcher[] => {
      const list = (Array.isArray(ms) ? ms : []) as Matcher[];
      const walk = (m: Matcher) => {
        for (const [k, v] of Object.entries(m)) {
          if (!MATCHER_NAMES.includes(k)) {
            const meant = didYouMean(k, MATCHER_NAMES);
            throw new RubricError(where(`role ${String(r.name)}: unknown matcher "${k}"${meant ? `; did you mean "${meant}"?` : ''} (matchers: ${MATCHER_NAMES.join(', ')})`));
          }
          if (k === 'not') walk(v as Matcher);
          if (k === 'anyOf') (v as Matcher[]).forEach(walk);
        }
      };
      list.forEach(walk);
      return list;
    };
    const score = ((r.score as Record<string, unknown>[] | undefined) ?? []).map((s) => ({ add: Number(s.add), if: checkMatchers([s.if])[0]!, ...(typeof s.why === 'string' ? { why: s.why } : {}) }));
    return {
      name: String(r.name),
      kind: String(r.kind),
      label: typeof r.label === 'string' ? r.label : String(r.name),
      pick: r.pick === 'first' ? 'first' : 'score',
      never: checkMatchers(r.never),
      only: checkMatchers(r.only),
      score,
      first: checkMatchers(r.first),
    };
  });
  const roleNames = new Set(roles.map((r) => r.name));
  const seen = new Set<string>();
  const checks: CheckSpec[] = raw.checks.map((c0, i) => {
    const c = substitute(c0, loadParams) as Record<string, unknown>;
    const id = String(c0.id);
    if (seen.has(id)) throw new RubricError(where(`check "${id}" is listed twice`));
    seen.add(id);
    const t = TEMPLATES.get(String(c.template));
    if (!t) {
      const meant = didYouMean(String(c.template), [...TEMPLATES.keys()]);
      throw new RubricError(where(`checks[${i}] (${id}): unknown template "${String(c.template)}"${meant ? `; did you mean "${meant}"?` : ''} (kubegrade rubric --templates lists them)`));
    }
    const role = typeof c.role === 'string' ? c.role : undefined;
    if (role && !roleNames.has(role)) throw new RubricError(where(`checks[${i}] (${id}): unknown role "${role}" (roles: ${[...roleNames].join(', ')})`));
    const w = (c.with ?? {}) as Params;
    const when = c.when as { param: string; equals?: unknown } | undefined;
    // A check switched off by a null parameter is not validated: its `with` may hold that null.
    const off = when && (params[when.param] === null || params[when.param] === undefined || params[when.param] === false || ('equals' in when && params[when.param] !== when.equals));
    if (!off) {
      const err = validateWith(t, w);
      if (err) throw new RubricError(where(`checks[${i}] (${id}): with${err}`));
    }
    return {
      id,
      points: Number(c.points),
      template: t.key,
      ...(role ? { role } : {}),
      with: w,
      title: String(c0.title ?? id),
      hint: String(c0.hint ?? t.description),
      ...(when ? { when } : {}),
    };
  });
  return { name: raw.name, ...(raw.title ? { title: raw.title } : {}), file, params, ...(raw.username?.marker ? { usernameMarker: raw.username.marker } : {}), ...(environments ? { environments } : {}), roles, checks };
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
