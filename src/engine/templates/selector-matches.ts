/** A workload's `spec.selector.matchLabels` is non-empty and each of its pairs is among its pod template's labels; `exclusive`: and it selects no other workload's pods. */
import { certain, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { get, labelValue, pairs, podTemplate, selects, unmetLabel } from '../../k8s/index.js';
import { misspeltKey } from '../keys.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'selector-matches',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  description: 'The workload\'s `spec.selector.matchLabels` is non-empty and each pair is among its pod template\'s labels (the API server refuses it otherwise); a misspelt `selector:` or `matchLabels:` is named as such, and the fix makes the selector follow the pods. With `exclusive: true`, it also selects the pod template of no other workload anywhere in the submission (other environments and unassigned objects included; a same-kind, same-name copy is the same object).',
  schema: { type: 'object', additionalProperties: false, properties: { exclusive: { type: 'boolean' } } },
  messages: {
    ok: 'spec.selector.matchLabels ({{pairs}}) matches the pod template{{alone}}',
    keyTypo: '{{parent}} has "{{typo}}" where "{{meant}}" was meant',
    empty: 'spec.selector.matchLabels is missing or empty',
    differs: 'selector {{key}}: {{value}} does not match the pod template\'s {{key}}: {{theirs}}',
    absent: 'selector {{key}}: {{value}} is not among the pod template\'s labels',
    other: 'the selector also selects the pods of {{kind}} {{name}} ({{file}}): the two fight over each other\'s pods',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { pairs: pairs(get(ctx.obj!.value, ['spec', 'selector', 'matchLabels'])).map(([k, v]) => `${k}: ${v}`).join(', '), alone: ctx.with.exclusive === true ? ' and no other' : '' } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const t = podTemplate(obj);
    const sel = get(obj.value, ['spec', 'selector', 'matchLabels']);
    if (pairs(sel).length === 0) {
      const typo = misspeltKey(obj, ['spec', 'selector', 'matchLabels']) ?? misspeltKey(obj, ['spec', 'selector']);
      if (typo) {
        const at = obj.has(['spec', 'selector']) ? ['spec', 'selector', typo] : ['spec', typo];
        const meant = at.length === 3 ? 'matchLabels' : 'selector';
        return [{ messageId: 'keyTypo', data: { parent: at.slice(0, -1).join('.'), typo, meant }, node: { obj, path: at, key: true }, hint: `rename "${typo}:" to "${meant}:" (case matters)`, fix: certain(renameKeyEdit(obj, at, meant)) }];
      }
      const app = t?.labels.app;
      return [{ messageId: 'empty', node: { obj, path: ['spec', 'selector', 'matchLabels'] }, hint: 'add spec.selector.matchLabels with a label of the pod template (app: …)', ...(app === undefined ? {} : { fix: certain(setEdit(obj, ['spec', 'selector', 'matchLabels'], { app: labelValue(app) })) }) }];
    }
    const labels = t?.labels ?? {};
    const wrong = unmetLabel(sel, labels);
    if (!wrong) {
      if (ctx.with.exclusive !== true) return [];
      for (const o of ctx.world.objects) {
        if (o === obj || (o.kind === obj.kind && o.name === obj.name)) continue;
        const other = podTemplate(o);
        if (other && selects(sel, other.labels)) return [{ messageId: 'other', data: { kind: o.kind, name: o.name ?? '(no name)', file: o.file }, node: { obj, path: ['spec', 'selector', 'matchLabels'] } }];
      }
      return [];
    }
    const [key, value] = wrong;
    const node = { obj, path: ['spec', 'selector', 'matchLabels', key] };
    const hint = `make spec.selector.matchLabels and spec.template.metadata.labels agree on ${key}`;
    if (!(key in labels)) return [{ messageId: 'absent', data: { key, value }, node, hint }];
    // The selector follows the pods (a Service selects the pods by their labels, not by this selector).
    const theirs = labelValue(labels[key]);
    return [{ messageId: 'differs', data: { key, value, theirs }, node, hint, fix: certain(setEdit(obj, ['spec', 'selector', 'matchLabels', key], theirs)) }];
  },
};
export default template;
