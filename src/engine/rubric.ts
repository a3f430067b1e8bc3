/**
 * Data rubrics: roles, environments and checks as data (rubrics/*.yml with
 * `roles:`), parameters with `{{param}}` references, and `extends` (a
 * semester is its parameters on top of the assignment's rubric). Loaded from
 * plain data already read and validated by src/rubric/index.ts.
 */
import { parse as parseYaml } from 'yaml';
import { RubricError, UsageError } from '../util/errors.js';
import { didYouMean } from '../util/text.js';
import { buildRoles, resolutionOrder } from './roles.js';
import { TEMPLATES } from './templates/index.js';
import { validateWith } from './validate.js';
import type { CheckSpec, DataRubric, EnvSpec, Params } from './types.js';
import { substitute, withRefs } from './params.js';

export { substitute, buildRoles, resolutionOrder };

export interface RawDataRubric {
  name: string;
  title?: string;
  params?: Params;
  username?: { marker?: string; pick?: 'common' | 'first'; label?: string; unknown?: string };
  objects?: 'all' | 'applied';
  environments?: Record<string, unknown>;
  roleReasons?: string;
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
  const roles = buildRoles(raw.roles, loadParams, where);
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
    const refs = withRefs(c0.with);
    return {
      id,
      points: Number(c.points),
      template: t.key,
      ...(refs ? { refs } : {}),
      ...(role ? { role } : {}),
      with: w,
      title: String(c0.title ?? id),
      hint: String(c0.hint ?? t.description),
      ...(when ? { when } : {}),
      ...(c.needsUsername === true ? { needsUsername: true } : {}),
      impl: t,
    };
  });
  return {
    name: raw.name,
    ...(raw.title ? { title: raw.title } : {}),
    file,
    params,
    ...(raw.username ? { username: { ...(raw.username.marker ? { marker: raw.username.marker, roleFiles: true, ...(raw.username.pick ? { pick: raw.username.pick } : {}) } : {}), ...(raw.username.label ? { label: raw.username.label } : {}), ...(raw.username.unknown !== undefined ? { unknown: raw.username.unknown } : {}) } } : {}),
    ...(raw.objects === 'applied' ? { objects: 'applied' as const } : {}),
    ...(environments ? { environments } : {}),
    roles,
    resolution: resolutionOrder(roles),
    roleReasons: raw.roleReasons === 'plain' ? 'plain' : 'scored',
    checks,
  };
}

export { checkOn, renderText } from './params.js';
