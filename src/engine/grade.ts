/**
 * Grading with a data rubric: the world (environments, roles), then each
 * check of the rubric, per graded environment where its id says `{{env}}`.
 * A template reports findings; the first is the check's message, so the JSON
 * report has the shape of the HW6 one.
 */
import type { KObject } from '../parse/index.js';
import type { CheckResult, Finding, RoleAssignment } from '../types.js';
import { clip } from '../util/text.js';
import { checkOn, renderText, substitute } from './rubric.js';
import { TEMPLATES } from './templates/index.js';
import { actualOf, context, formatMessage, locate, passMessage } from './findings.js';
import { buildWorld } from './world.js';
import { isListItem } from '../objects/index.js';
import type { CheckSpec, DataRubric, Params, World } from './types.js';

export interface ObjectEnvironment {
  file: string;
  document: number;
  kind?: string;
  name?: string;
  /** null: unassigned (takes no role, not graded). */
  env: string | null;
  rule?: string;
}

export interface DataGrade {
  world: World;
  checks: CheckResult[];
  roles: RoleAssignment[];
  environments: ObjectEnvironment[];
}

export function gradeData(rubric: DataRubric, params: Params, objects: readonly KObject[], fileNames: readonly string[], parseFindings: readonly Finding[], schemaFindings: ReadonlyMap<KObject, Finding[]>, maxFindings: number, maxChars: number): DataGrade {
  const world = buildWorld(rubric, params, objects, fileNames, parseFindings, schemaFindings);
  const checks: CheckResult[] = [];
  const perEnv = (c: CheckSpec) => /\{\{\s*env\s*\}\}/.test(c.id);
  for (const c of rubric.checks) {
    if (!checkOn(c, params)) continue;
    const t = TEMPLATES.get(c.template)!;
    const envs = perEnv(c) ? world.graded : [world.graded[0] ?? ''];
    for (const env of envs) {
      // A check of the whole submission says <env> where its text names one.
      const textEnv = perEnv(c) || !rubric.environments ? env : '<env>';
      if (perEnv(c) && c.role && !world.gradedRoles.get(env)?.has(c.role)) continue;
      const id = renderText(c.id, params, env);
      const w = substitute(c.with, { username: params.username ?? '', env }) as Params;
      const ctx = context(world, env, c, w);
      if (t.applies && !t.applies(ctx)) continue;
      const title = renderText(c.title, params, textEnv);
      const base = { id, title, maxPoints: c.points };
      if (c.role && t.needsObject !== false && !ctx.obj) {
        const label = rubric.roles.find((r) => r.name === c.role)?.label ?? c.role;
        checks.push({ ...base, status: 'fail', points: 0, message: `no ${label} found${env ? ` in the ${env} environment` : ''}`, hint: renderText(c.hint, params, textEnv) });
        continue;
      }
      const findings = t.check(ctx);
      if (findings.length === 0) {
        checks.push({ ...base, status: 'pass', points: c.points, message: clip(passMessage(t, ctx, { ...w, env, files: fileNames.length }), maxChars) });
        continue;
      }
      const hint = renderText(c.hint, params, textEnv);
      const list: Finding[] = findings.map((f) => {
        const out: Finding = { message: clip(formatMessage(t, f), maxChars) };
        const loc = locate(f.node);
        if (loc) out.location = loc;
        out.hint = f.hint ?? hint;
        // An edit addresses a document by its path from the root: an item of a List has none of its own.
        const inList = f.node && 'obj' in f.node && isListItem(f.node.obj);
        if (f.fix && f.fix.edits.length && !inList) out.fix = f.fix;
        return out;
      });
      const first = list[0]!;
      const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
      const r: CheckResult = { ...base, status: 'fail', points: 0, message: clip(first.message + more, maxChars) };
      if (first.location) r.location = first.location;
      r.hint = first.hint ?? hint;
      if (list.length > 1) r.findings = list.slice(0, maxFindings);
      if (first.fix) r.fix = first.fix;
      const actual = actualOf(findings[0]!, c.refs);
      if (actual) r.actual = actual;
      checks.push(r);
    }
  }
  const roles: RoleAssignment[] = [];
  for (const env of world.graded) {
    const got = world.roles.get(env)!;
    for (const spec of rubric.roles) {
      if (!world.gradedRoles.get(env)?.has(spec.name) && !got.has(spec.name)) continue;
      const o = got.get(spec.name);
      const role = (env ? `${env}.${spec.name}` : spec.name) as RoleAssignment['role'];
      roles.push(o ? { role, file: o.file, document: o.document, kind: o.kind, name: o.name, reason: world.reasons.get(env)?.get(spec.name) } : { role });
    }
  }
  const environments: ObjectEnvironment[] = rubric.environments
    ? objects.map((o) => {
        const e = world.envOf.get(o);
        return { file: o.file, document: o.document, ...(o.kind ? { kind: o.kind } : {}), ...(o.name ? { name: o.name } : {}), env: e?.env ?? null, ...(e ? { rule: e.rule } : {}) };
      })
    : [];
  return { world, checks, roles, environments };
}
