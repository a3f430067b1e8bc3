/**
 * Grading with a data rubric: the world (environments, roles), then each
 * check of the rubric, per graded environment where its id says `{{env}}`.
 * A template reports findings; the first is the check's message, so the JSON
 * report has the shape of the HW6 one.
 */
import type { KObject } from '../parse/index.js';
import type { CheckResult, Finding, RoleAssignment } from '../types.js';
import { clip } from '../util/text.js';
import { checkOn, renderText, substitute } from './params.js';
import { actualOf, context, contextBase, envText, formatMessage, gradingVars, locate, missingHint, passMessage } from './findings.js';
import { buildWorld } from './world.js';
import type { CheckSpec, DataRubric, Params, StageFindings, World } from './types.js';

/** The first `max` of `list`, then one that counts the rest of `total`, at the first one left out. */
function capped(list: Finding[], total: number, max: number): Finding[] {
  if (total <= max) return list;
  const out = list.slice(0, max);
  const leftOut = total - out.reduce((n, f) => n + (f.leftOut ?? 1), 0);
  const rest: Finding = { message: `(and ${leftOut} more findings, not listed)`, leftOut };
  const at = list[max]?.location;
  if (at) rest.location = at;
  countedRest.add(rest);
  out.push(rest);
  return out;
}

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

/** Whether a check is graded once per environment: its id says `{{env}}` (remembered per check). */
const perEnvIds = new WeakMap<CheckSpec, boolean>();
function isPerEnv(c: CheckSpec): boolean {
  let v = perEnvIds.get(c);
  if (v === undefined) perEnvIds.set(c, (v = /\{\{\s*env\s*\}\}/.test(c.id)));
  return v;
}

/** The "(and N more findings, not listed)" entries made here: a list that ends in one is capped already. */
export const countedRest = new WeakSet<Finding>();

export function gradeData(rubric: DataRubric, params: Params, objects: readonly KObject[], fileNames: readonly string[], parseFindings: readonly Finding[], stage: StageFindings | ReadonlyMap<KObject, Finding[]>, maxFindings: number, maxChars: number): DataGrade {
  const world = buildWorld(rubric, params, objects, fileNames, parseFindings, stage);
  const checks: CheckResult[] = [];
  // What `{{username}}` and `{{env}}` stand for, the environment as texts say it and what a template's
  // context shares: once per environment rather than per check.
  const perEnvs = new Map<string, { vars: Params; text: string; base: ReturnType<typeof contextBase> }>();
  const ofEnv = (env: string) => {
    let e = perEnvs.get(env);
    if (!e) perEnvs.set(env, (e = { vars: gradingVars(world, env), text: envText(world, env), base: contextBase(world, env) }));
    return e;
  };
  const whole = [world.graded[0] ?? ''];
  for (const c of rubric.checks) {
    if (!checkOn(c, params)) continue;
    const perEnv = isPerEnv(c);
    const envs = perEnv ? world.graded : whole;
    for (const env of envs) {
      const e = ofEnv(env);
      // A check of the whole submission says <env> where its text names one.
      const textEnv = perEnv || !rubric.environments ? e.text : '<env>';
      if (perEnv && c.role && !world.gradedRoles.get(env)?.has(c.role)) continue;
      const id = renderText(c.id, params, env);
      const title = renderText(c.title, params, textEnv);
      // The same keys in the same order as every report's checks.
      const result = (status: CheckResult['status'], message: string, rest: Partial<CheckResult> = {}): CheckResult => ({ id, title, status, points: status === 'pass' ? c.points : 0, maxPoints: c.points, message: clip(message, maxChars), ...rest });
      if (c.live) {
        checks.push(result('skip', 'live check: run with --live against a cluster'));
        continue;
      }
      const t = c.impl!;
      const w = substitute(c.with, e.vars) as Params;
      const ctx = context(world, env, c, w, e.base);
      if (t.applies && !t.applies(ctx)) continue;
      const hint = renderText(c.hint, params, textEnv);
      if (c.needsUsername && !params.username) {
        checks.push(result('fail', 'the username is unknown, so names and labels cannot be checked', { hint: 'run again with --username <your username>' }));
        continue;
      }
      if (c.role && t.needsObject !== false && !ctx.obj) {
        const label = rubric.roles.find((r) => r.name === c.role)?.label ?? c.role;
        checks.push(result('fail', `no ${label} found in ${env ? `the ${env} environment` : 'the submission'}`, { hint: missingHint(world, env, c.role, hint) }));
        continue;
      }
      const findings = t.check(ctx);
      if (findings.length === 0) {
        checks.push(result('pass', passMessage(t, ctx, () => ({ ...w, env: e.text, files: fileNames.length }))));
        continue;
      }
      // Only what a report shows is made (and the first left out, where "and N more" points); the rest are counted.
      const total = findings.reduce((n, f) => n + (f.finding?.leftOut ?? 1), 0);
      const list: Finding[] = findings.slice(0, maxFindings + 1).map((f) => {
        if (t.stage && f.finding) return f.finding.message.length > maxChars ? { ...f.finding, message: clip(f.finding.message, maxChars) } : f.finding;
        const out: Finding = { message: clip(formatMessage(t, f), maxChars) };
        const loc = locate(f.node);
        if (loc) out.location = loc;
        out.hint = f.hint || hint;
        if (f.fix && f.fix.edits.length) out.fix = f.fix;
        return out;
      });
      const shown = capped(list, total, maxFindings);
      const more = total > 1 ? ` (and ${total - 1} more)` : '';
      const rest: Partial<CheckResult> = {};
      const location = t.stage ? shown[0]!.location : locate(findings[0]!.node);
      if (location) rest.location = location;
      rest.hint = (t.stage ? shown[0]!.hint : findings[0]!.hint) || hint;
      if (shown.length > 1) rest.findings = shown;
      // A stage's findings are independent: the check's fix makes every one's edit, certain when all are.
      const fix = t.stage ? (shown[0]!.fix ? { edits: shown.flatMap((f) => f.fix?.edits ?? []), certain: shown.every((f) => f.fix?.certain === true) } : undefined) : shown[0]!.fix;
      if (fix && fix.edits.length > 0) rest.fix = fix;
      const actual = actualOf(findings[0]!, c.refs);
      if (actual) rest.actual = actual;
      checks.push(result('fail', formatMessage(t, findings[0]!) + more, rest));
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
