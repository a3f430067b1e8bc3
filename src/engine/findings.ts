/**
 * A template's findings as a check's outcome (where, the message, the rubric parameter a value
 * came from) and the context a template reads: what the data rubric's grading (grade.ts) and the
 * HW6 checks (src/checks/templates/engine.ts) share, apart from grade.ts so that a HW6 run
 * loads neither the world builder nor the rubric loader (a HW6 Action run, scripts/bundle.mjs).
 */
import type { Actual, Location } from '../types.js';
import { interpolate } from '../util/text.js';
import type { CheckSpec, Node, Params, TFinding, Template, TemplateContext, World } from './types.js';

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

/** A passing check's message: the template's own when it says what passed, else `messages.ok` with `data`. */
export function passMessage(t: Template, ctx: TemplateContext, data: Record<string, unknown>): string {
  if (t.ok) return formatMessage(t, t.ok(ctx));
  return interpolate(t.messages.ok ?? 'ok', data);
}

/** A finding's `actual` with the rubric parameter its `with` key refers to; none when the key refers to none. */
export function actualOf(f: TFinding, refs: Record<string, string> | undefined): Actual | undefined {
  const param = f.actual && refs?.[f.actual.param];
  return param ? { param, value: f.actual!.value } : undefined;
}

/** What a template's check reads: the world, the environment, its `with`, its role's object. */
export function context(world: World, env: string, c: Pick<CheckSpec, 'role'>, w: Params): TemplateContext {
  const roleObj = (role: string, e = env) => world.roles.get(e)?.get(role);
  return {
    world,
    env,
    with: w,
    params: world.params,
    ...(c.role ? { role: c.role, obj: roleObj(c.role) } : {}),
    roleObj,
    envObjects: (e = env) => world.objects.filter((o) => world.envOf.get(o)?.env === e),
  };
}
