/** The Service's selector selects no pod template in the whole submission other than `target`'s (same-kind same-name copies of it excepted). */
import { get, pairs, podTemplate, selects } from '../../k8s/index.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'service-selects-only',
  kinds: ['Service'],
  description: 'The Service selects no other pod template in the whole submission (every environment, unassigned and ungraded workloads included; same-kind same-name copies of `target` excepted). An empty selector selects nothing and passes.',
  schema: { type: 'object', required: ['target'], additionalProperties: false, properties: { target: { type: 'string' } } },
  messages: {
    ok: 'the selector selects no other pods',
    other: 'the selector also selects the pods of {{kind}} {{name}} ({{file}})',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const target = ctx.roleObj(String(ctx.with.target));
    const sel = get(obj.value, ['spec', 'selector']);
    if (pairs(sel).length === 0) return [];
    const out: TFinding[] = [];
    for (const o of ctx.world.objects) {
      if (target && (o === target || (o.kind === target.kind && o.name === target.name))) continue;
      const t = podTemplate(o);
      if (t && selects(sel, t.labels)) out.push({ messageId: 'other', data: { kind: o.kind, name: o.name ?? '(no name)', file: o.file }, node: { obj, path: ['spec', 'selector'] } });
    }
    return out;
  },
};
export default template;
