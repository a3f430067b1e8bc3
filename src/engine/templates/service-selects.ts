/** The Service's selector selects this environment's `target` role's pod template. */
import { get, pairs, podTemplate } from '../../k8s/index.js';
import { selectsRole } from '../matchers.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'service-selects',
  kinds: ['Service'],
  description: 'The Service\'s `spec.selector` is non-empty and every pair is among the labels of this environment\'s `target` pod template.',
  schema: { type: 'object', required: ['target'], additionalProperties: false, properties: { target: { type: 'string' } } },
  messages: {
    ok: 'the selector selects the {{target}} pods',
    empty: 'spec.selector is missing or empty: the Service selects no pods',
    noTarget: 'there is no {{target}} in this environment to select',
    misses: 'the selector ({{selector}}) does not select the pods of {{name}} (labels {{labels}})',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const target = ctx.roleObj(String(ctx.with.target));
    const sel = get(obj.value, ['spec', 'selector']);
    const node = { obj, path: ['spec', 'selector'] };
    if (pairs(sel).length === 0) return [{ messageId: 'empty', node }];
    if (!target) return [{ messageId: 'noTarget', data: { target: ctx.with.target }, node }];
    if (selectsRole(obj, target)) return [];
    const show = (v: [string, string][]) => v.map(([k, x]) => `${k}: ${x}`).join(', ') || 'none';
    return [{ messageId: 'misses', data: { selector: show(pairs(sel)), name: target.name ?? target.file, labels: show(pairs(podTemplate(target)?.labels)) }, node }];
  },
};
export default template;
