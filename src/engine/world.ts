/**
 * The graded world of a data rubric: each object's environment, the graded
 * environments, the roles each environment's objects take, and which roles'
 * checks each environment emits.
 */
import type { KObject, Path } from '../parse/index.js';
import type { Finding } from '../types.js';
import { get, podTemplate } from '../k8s/index.js';
import { assignEnvs, envWords, stem } from './envs.js';
import { resolveEnvRoles } from './roles.js';
import type { DataRubric, Params, StageFindings, World } from './types.js';

/** `stage`: the schema stage's findings, by object (a Map of them alone), or with what applying the objects loses. */
export function buildWorld(rubric: DataRubric, params: Params, objects: readonly KObject[], fileNames: readonly string[], parseFindings: readonly Finding[], stage: StageFindings | ReadonlyMap<KObject, Finding[]>): World {
  const st: StageFindings = stage instanceof Map ? { schemaFindings: stage } : (stage as StageFindings);
  const spec = rubric.environments;
  const envOf: World['envOf'] = spec ? assignEnvs(objects, spec) : new Map(objects.map((o) => [o, { env: '', rule: 'default' as const }]));
  let graded = spec ? spec.names.filter((n) => spec.required.includes(n) || objects.some((o) => envOf.get(o)?.env === n)) : [''];
  // Nothing required and nothing there (an empty submission): the default environment is graded, so its roles are missing.
  if (spec && graded.length === 0 && spec.default) graded = [spec.default];
  const roles: World['roles'] = new Map();
  const reasons: World['reasons'] = new Map();
  const roleOf: World['roleOf'] = new Map();
  const gradedRoles: World['gradedRoles'] = new Map();
  for (const env of graded) {
    const mine = objects.filter((o) => envOf.get(o)?.env === env);
    // A rubric without environments may name one as a parameter (HW6: env: test).
    const vars = { ...(params.username ? { username: params.username } : {}), env: env || String(params.env ?? '') };
    const r = resolveEnvRoles(mine, rubric.resolution, env, vars, rubric.roleReasons);
    roles.set(env, r.roles);
    reasons.set(env, r.reasons);
    for (const [role, obj] of r.roles) roleOf.set(obj, { env, role });
    const set = spec ? (spec.required.includes(env) ? spec.roles : spec.extraRoles) : { required: rubric.roles.map((x) => x.name), optional: [] };
    gradedRoles.set(env, new Set([...set.required, ...set.optional.filter((x) => r.roles.has(x))]));
  }
  return {
    params, objects, fileNames, envOf, graded, roles, roleOf, reasons, rubric, gradedRoles, parseFindings,
    schemaFindings: st.schemaFindings,
    validated: st.validated ?? objects,
    unvalidated: st.unvalidated ?? new Set(),
    appliedFindings: st.appliedFindings ?? [],
  };
}

/** Where an object names an environment: its file name, its metadata.name, its `env` label or its pod template's. */
export function envWordsOf(obj: KObject, world: World): { where: string; env: string; path?: Path }[] {
  const spec = world.rubric.environments;
  if (!spec) return [];
  const out: { where: string; env: string; path?: Path }[] = [];
  const names = spec.names;
  // Every environment a name says, not only a name that says one (which is what decides an environment):
  // `app-prod-worker-test.yml` in prod names test (rubric-spec-final.md, env-consistent).
  for (const f of envWords(stem(obj.file), names)) out.push({ where: 'file name', env: f });
  for (const n of obj.name ? envWords(obj.name, names) : []) out.push({ where: 'name', env: n, path: ['metadata', 'name'] });
  for (const path of [['metadata', 'labels', spec.label], [...(podTemplate(obj)?.path ?? ['-']), 'metadata', 'labels', spec.label]]) {
    const v = get(obj.value, path);
    if (typeof v === 'string' && names.includes(v)) out.push({ where: `${spec.label} label`, env: v, path });
  }
  return out;
}
