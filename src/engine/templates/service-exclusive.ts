/** The Service's selector matches no pod template of the submission but `target`'s (a same-kind, same-name copy of it is the same object), and the fix names the label that tells them apart. */
import { certain, setEdit } from '../../fix/edits.js';
import { get, isRec, labelValue, podTemplate, selects, type PodTemplate, type Rec } from '../../k8s/index.js';
import type { KObject } from '../../parse/index.js';
import type { Template } from '../types.js';

/** The label to add so the selector tells the target's pods from every intruder's. */
function distinguishing(own: KObject | undefined, intruders: PodTemplate[], label: string, selector: Rec): { hint: string; key?: string; value?: string } {
  const t = own && podTemplate(own);
  if (!t) return { hint: 'add a label to spec.selector that only the intended pods carry (app: …)' };
  for (const [k, v] of Object.entries(t.labels)) {
    if (intruders.every((i) => !(k in i.labels) || labelValue(i.labels[k]) !== labelValue(v))) {
      const hint = k in selector
        ? `set ${k}: ${labelValue(v)} in spec.selector (not ${labelValue(selector[k])}): the ${label}'s pods carry that, the other pods do not`
        : `add ${k}: ${labelValue(v)} to spec.selector: the other pods do not carry it`;
      return { hint, key: k, value: labelValue(v) };
    }
  }
  const files = [...new Set(intruders.map((i) => i.obj.file))].join(', ');
  return { hint: `the pods of ${files} carry every label of the ${label}'s pods: give them labels of their own (app: …), or give the ${label}'s pods one they lack and select it` };
}

const template: Template = {
  key: 'service-exclusive',
  kinds: ['Service'],
  description: 'The Service\'s selector matches the pod template of no object of the submission but `target`\'s (called `label` in messages; by default the role\'s label): debug pods and other environments\' workloads count, a same-kind, same-name copy of the target is the target; an empty selector selects nothing. The fix adds the label of the target\'s pods that no other pods carry.',
  schema: { type: 'object', required: ['target'], additionalProperties: false, properties: { target: { type: 'string' }, label: { type: 'string' } } },
  messages: {
    ok: 'spec.selector matches no pods but the {{label}}\'s',
    others: 'spec.selector also matches the pods of {{names}}',
  },
  check(ctx) {
    const svc = ctx.obj!;
    const target = String(ctx.with.target);
    const own = ctx.roleObj(target);
    const label = typeof ctx.with.label === 'string' ? ctx.with.label : (ctx.world.rubric.roles.find((r) => r.name === target)?.label ?? target);
    const s = get(svc.value, ['spec', 'selector']);
    const sel = isRec(s) ? s : {};
    const copy = (o: KObject) => own !== undefined && o.kind === own.kind && o.name === own.name;
    const intruders = ctx.world.objects.filter((o) => o !== own && o !== svc && !copy(o)).flatMap((o) => {
      const t = podTemplate(o);
      return t && selects(sel, t.labels) ? [t] : [];
    });
    if (intruders.length === 0) return [];
    const names = intruders.map((t) => `${t.obj.kind ?? 'object'} ${t.obj.name ?? '(unnamed)'} (${t.obj.file})`).join(', ');
    const d = distinguishing(own, intruders, label, sel);
    return [{ messageId: 'others', data: { names }, node: { obj: svc, path: ['spec', 'selector'] }, hint: d.hint, ...(d.key === undefined ? {} : { fix: certain(setEdit(svc, ['spec', 'selector', d.key], d.value!)) }) }];
  },
};
export default template;
