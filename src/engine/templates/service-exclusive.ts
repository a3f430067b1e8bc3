/** The Service's selector matches no pod template of the submission but `target`'s, and the fix names the label that tells them apart. */
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
  description: 'The Service\'s selector matches the pod template of no object of the submission but `target`\'s (called `label` in messages): copies and debug pods count. The fix adds the label of the target\'s pods that no other pods carry.',
  schema: { type: 'object', required: ['target', 'label'], additionalProperties: false, properties: { target: { type: 'string' }, label: { type: 'string' } } },
  messages: {
    ok: 'spec.selector matches no pods but the {{label}}\'s',
    others: 'spec.selector also matches the pods of {{names}}',
  },
  check(ctx) {
    const svc = ctx.obj!;
    const own = ctx.roleObj(String(ctx.with.target));
    const s = get(svc.value, ['spec', 'selector']);
    const sel = isRec(s) ? s : {};
    const intruders = ctx.world.objects.filter((o) => o !== own && o !== svc).flatMap((o) => {
      const t = podTemplate(o);
      return t && selects(sel, t.labels) ? [t] : [];
    });
    if (intruders.length === 0) return [];
    const names = intruders.map((t) => `${t.obj.kind ?? 'object'} ${t.obj.name ?? '(unnamed)'} (${t.obj.file})`).join(', ');
    const d = distinguishing(own, intruders, String(ctx.with.label), sel);
    return [{ messageId: 'others', data: { names }, node: { obj: svc, path: ['spec', 'selector'] }, hint: d.hint, ...(d.key === undefined ? {} : { fix: certain(setEdit(svc, ['spec', 'selector', d.key], d.value!)) }) }];
  },
};
export default template;
