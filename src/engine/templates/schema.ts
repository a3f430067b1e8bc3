/** The role's object (or, without a role, every object that takes none) is one the Kubernetes API accepts. */
import type { KObject } from '../../parse/index.js';
import { describeObject, missingHint } from '../findings.js';
import type { TFinding, Template, TemplateContext } from '../types.js';

/** The objects a check without a role reads: every object the schema stage read that takes no role. */
const others = (ctx: TemplateContext): KObject[] => ctx.world.validated.filter((o) => !ctx.world.roleOf.has(o));
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const template: Template = {
  key: 'schema',
  kinds: [],
  needsObject: false,
  stage: true,
  description: 'With a role: its object is valid for the Kubernetes API (kinds, fields, types, as the API server\'s strict field validation reads them). Without: every object that takes no role is, and what applying the objects would lose (a copy replaced by a later one, an object in another namespace) is reported.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: '{{what}}{{verdict}}',
    finding: '{{message}}',
    missing: 'no {{label}} found, so there is nothing to validate',
  },
  ok(ctx) {
    const obj = ctx.obj;
    if (obj) {
      const verdict = ctx.world.unvalidated.has(obj) ? ` not validated: no schema for its kind (${obj.apiVersion ?? 'no apiVersion'}); pass --schema DIR` : ' is valid for the Kubernetes API';
      return { messageId: 'ok', data: { what: describeObject(obj), verdict } };
    }
    const list = others(ctx);
    const notChecked = list.filter((o) => ctx.world.unvalidated.has(o));
    const what = plural(list.length, 'other object');
    if (notChecked.length === 0) return { messageId: 'ok', data: { what, verdict: ', all valid' } };
    const kinds = [...new Set(notChecked.map((o) => o.kind ?? 'object'))];
    const shown = kinds.slice(0, 3).map((k) => `kind ${k}`).join(', ') + (kinds.length > 3 ? `, and ${kinds.length - 3} more kinds` : '');
    return { messageId: 'ok', data: { what, verdict: `: ${list.length - notChecked.length} valid, ${notChecked.length} not validated (${shown}: no schema; pass --schema DIR)` } };
  },
  check(ctx) {
    const stage = (f: NonNullable<TFinding['finding']>): TFinding => ({ messageId: 'finding', data: { message: f.message }, node: f.location, finding: f });
    if (ctx.role) {
      if (!ctx.obj) {
        const label = ctx.world.rubric.roles.find((r) => r.name === ctx.role)?.label ?? ctx.role;
        return [{ messageId: 'missing', data: { label }, hint: missingHint(ctx.world, ctx.env, ctx.role, '') || undefined }];
      }
      return (ctx.world.schemaFindings.get(ctx.obj) ?? []).map(stage);
    }
    return [...ctx.world.appliedFindings.map(stage), ...others(ctx).flatMap((o) => (ctx.world.schemaFindings.get(o) ?? []).map(stage))];
  },
};
export default template;
