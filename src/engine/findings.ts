/**
 * A template's findings as a check's outcome (where, the message, the rubric parameter a value
 * came from) and the context a template reads: what the data rubric's grading (grade.ts) and the
 * HW6 checks (src/checks/templates/engine.ts) share, apart from grade.ts so that a HW6 run
 * loads neither the world builder nor the rubric loader (a HW6 Action run, scripts/bundle.mjs).
 */
import type { Actual, Location } from '../types.js';
import type { KObject } from '../parse/index.js';
import { interpolate } from '../util/text.js';
import type { CheckSpec, DataRubric, Node, Params, TFinding, Template, TemplateContext, World } from './types.js';
import { substitute } from './params.js';
import { addOrFixFile } from './keys.js';

export function locate(node: Node): Location | undefined {
  if (!node) return undefined;
  if ('obj' in node) return node.key ? node.obj.keyAt(node.path) : node.obj.at(node.path);
  return node;
}

/** A message of a template with a finding's data. */
export function formatMessage(t: Template, f: TFinding): string {
  const m = t.messages[f.messageId] ?? f.messageId;
  return interpolate(m, (f.data ?? {}) as Record<string, unknown>);
}

/** A passing check's message: the template's own when it says what passed, else `messages.ok` with `data()` (made only when it has a reference). */
export function passMessage(t: Template, ctx: TemplateContext, data: () => Record<string, unknown>): string {
  if (t.ok) return formatMessage(t, t.ok(ctx));
  const m = t.messages.ok ?? 'ok';
  return m.includes('{{') ? interpolate(m, data()) : m;
}

/** A finding's `actual` with the rubric parameter its `with` key refers to; none when the key refers to none. */
export function actualOf(f: TFinding, refs: Record<string, string> | undefined): Actual | undefined {
  const param = f.actual && refs?.[f.actual.param];
  return param ? { param, value: f.actual!.value } : undefined;
}

/** What every check's context in one environment shares: its role lookup and its objects (filtered once, when first asked). */
export function contextBase(world: World, env: string): Pick<TemplateContext, 'roleObj' | 'envObjects'> {
  let mine: readonly KObject[] | undefined;
  const roleObj = (role: string, e = env) => world.roles.get(e)?.get(role);
  const envObjects = (e = env) => (e === env ? (mine ??= world.objects.filter((o) => world.envOf.get(o)?.env === env)) : world.objects.filter((o) => world.envOf.get(o)?.env === e));
  return { roleObj, envObjects };
}

/** What a template's check reads: the world, the environment, its `with`, its role's object. */
export function context(world: World, env: string, c: Pick<CheckSpec, 'role'>, w: Params, base = contextBase(world, env)): TemplateContext {
  const ctx: TemplateContext = { world, env, with: w, params: world.params, roleObj: base.roleObj, envObjects: base.envObjects };
  if (c.role) {
    ctx.role = c.role;
    ctx.obj = base.roleObj(c.role);
  }
  return ctx;
}

/** The environment as texts say it: its name, else (a rubric without environments) the `env` parameter (HW6: test). */
export function envText(world: Pick<World, 'params'>, env: string): string {
  return env || String(world.params.env ?? '');
}

/** The values `{{username}}` and `{{env}}` stand for in a check's `with`: an unknown username reads as the rubric says (`<username>`). */
export function gradingVars(world: Pick<World, 'params' | 'rubric'>, env: string): Params {
  return { ...world.params, username: String(world.params.username ?? '') || (world.rubric.username?.unknown ?? ''), env: envText(world, env) };
}

/** The check that says which file a role's object belongs in (a template with `namesFile`), and that file's name. */
export function roleFile(world: World, env: string, role: string): { check: string; file: string } | undefined {
  const c = world.rubric.checks.find((x) => x.role === role && x.impl?.namesFile);
  if (!c) return undefined;
  const vars = gradingVars(world, env);
  const w = substitute(c.with, vars) as Params;
  const exts = Array.isArray(w.extensions) ? w.extensions.map(String) : ['.yml'];
  const file = typeof w.name === 'string' ? w.name.replaceAll('{env}', vars.env as string) : `${String(w.stem)}${exts[0] ?? '.yml'}`;
  return { check: interpolate(c.id, { ...world.params, env }), file };
}

/** The hint for a role's object that is missing: add its file (or fix the file of that name); else `fallback`. */
export function missingHint(world: World, env: string, role: string, fallback: string): string {
  const f = roleFile(world, env, role);
  const kind = world.rubric.roles.find((r) => r.name === role)?.kind ?? 'object';
  return f ? addOrFixFile(world.fileNames, f.file, kind, f.check) : fallback;
}

/** "Deployment redis", or the kind alone for an object without a name. */
export function describeObject(obj: { kind?: string; name?: string }): string {
  return `${obj.kind ?? 'object'}${obj.name ? ` ${obj.name}` : ''}`;
}

/**
 * Whether an object is in the file a check of its rubric names for a role (a template with
 * `namesFile`), the username known: of two copies of an object, the one there is graded.
 */
export function inExpectedFiles(rubric: Pick<DataRubric, 'checks'>, params: Params): (o: { file: string }) => boolean {
  if (!params.username) return () => false;
  const vars = { ...params, env: String(params.env ?? '') };
  const names = new Set<string>();
  for (const c of rubric.checks) {
    if (!c.role || !c.impl?.namesFile) continue;
    const w = substitute(c.with, vars) as Params;
    if (typeof w.name === 'string') names.add(w.name.replaceAll('{env}', String(vars.env)));
    else for (const e of Array.isArray(w.extensions) ? w.extensions : ['.yml']) names.add(`${String(w.stem)}${String(e)}`);
  }
  return (o) => names.has(o.file.slice(o.file.lastIndexOf('/') + 1));
}
