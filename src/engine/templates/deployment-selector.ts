/** `spec.selector.matchLabels` is non-empty, inside the own pod template's labels, and selects the pod template of no other workload in the submission (a same-kind, same-name copy is the same object). */
import { certain, setEdit } from '../../fix/edits.js';
import { get, labelValue, pairs, podTemplate, selects } from '../../k8s/index.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'deployment-selector',
  kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'],
  description: '`spec.selector.matchLabels` is non-empty, each pair is among the pod template\'s labels, and it selects no other workload\'s pod template anywhere in the submission (other environments and unassigned objects included).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'spec.selector.matchLabels matches its own pod template and no other',
    empty: 'spec.selector.matchLabels is missing or empty',
    notOwn: 'selector {{key}}: {{value}} is not among the pod template\'s labels',
    mismatch: 'selector {{key}}: {{value}} does not match the pod template\'s {{key}}: {{own}}',
    other: 'the selector also selects the pods of {{kind}} {{name}} ({{file}}): the two fight over each other\'s pods',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const path = ['spec', 'selector', 'matchLabels'];
    const sel = get(obj.value, path);
    const sp = pairs(sel);
    const labels = podTemplate(obj)?.labels ?? {};
    if (sp.length === 0) {
      const app = labels.app;
      return [{ messageId: 'empty', node: { obj, path }, fix: app === undefined ? undefined : certain(setEdit(obj, path, { app: labelValue(app) })) }];
    }
    const wrong = sp.find(([k, v]) => !(k in labels) || labelValue(labels[k]) !== v);
    if (wrong) {
      const [k, v] = wrong;
      if (k in labels) return [{ messageId: 'mismatch', data: { key: k, value: v, own: labelValue(labels[k]) }, node: { obj, path: [...path, k] }, fix: certain(setEdit(obj, [...path, k], labelValue(labels[k]))) }];
      return [{ messageId: 'notOwn', data: { key: k, value: v }, node: { obj, path: [...path, k] } }];
    }
    for (const o of ctx.world.objects) {
      if (o === obj || (o.kind === obj.kind && o.name === obj.name)) continue;
      const t = podTemplate(o);
      if (t && selects(sel, t.labels)) return [{ messageId: 'other', data: { kind: o.kind, name: o.name ?? '(no name)', file: o.file }, node: { obj, path } }];
    }
    return [];
  },
};
export default template;
