/** The role's object (or, without a role, every object that takes none) is one the Kubernetes API accepts. */
import type { KObject } from '../../parse/index.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'schema',
  kinds: [],
  needsObject: false,
  description: 'With a role: its object is valid for the Kubernetes API (kinds, fields, types, as the API server\'s strict field validation reads them). Without: every object that takes no role is.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: { ok: 'valid for the Kubernetes API', finding: '{{kind}} {{name}}: {{message}}', missing: 'no {{role}} found, so there is nothing to validate' },
  check(ctx) {
    const objs: KObject[] = ctx.role ? (ctx.obj ? [ctx.obj] : []) : ctx.world.objects.filter((o) => !ctx.world.roleOf.has(o));
    if (ctx.role && !ctx.obj) return [{ messageId: 'missing', data: { role: ctx.role } }];
    return objs.flatMap((o) => (ctx.world.schemaFindings.get(o) ?? []).map((f): TFinding => ({ messageId: 'finding', data: { kind: o.kind ?? 'object', name: o.name ?? '', message: f.message }, node: f.location, fix: f.fix, hint: f.hint })));
  },
};
export default template;
