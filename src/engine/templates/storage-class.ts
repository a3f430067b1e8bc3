/** A PVC's `spec.storageClassName` is `want`: a class the cluster does not have leaves the claim Pending. */
import { certain, setEdit } from '../../fix/edits.js';
import { get } from '../../k8s/index.js';
import { editDistance, scalar, show } from '../../util/text.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'storage-class',
  kinds: ['PersistentVolumeClaim'],
  description: 'A PVC\'s `spec.storageClassName` is `want`; absent (the cluster\'s default class) fails, and a name one letter off is named as a slip.',
  schema: { type: 'object', required: ['want'], additionalProperties: false, properties: { want: { type: 'string', minLength: 1 } } },
  messages: {
    ok: 'storageClassName is "{{want}}"',
    absent: 'spec.storageClassName is not set (the cluster\'s default class would be used); the rubric wants "{{want}}"',
    wrong: 'storageClassName is {{got}}; the rubric wants "{{want}}"{{near}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = String(ctx.with.want);
    const path = ['spec', 'storageClassName'];
    const got = get(obj.value, path);
    if (got === want) return [];
    const node = { obj, path };
    const fix = certain(setEdit(obj, path, want));
    if (got === undefined || got === null) return [{ messageId: 'absent', data: { want }, node, hint: `add storageClassName: ${want} under spec`, fix, actual: { param: 'want', value: null } }];
    const near = typeof got === 'string' && editDistance(got, want) <= 1 ? ` (close: check the letters, "${got}" is not "${want}")` : '';
    const hint = `set storageClassName: ${want} (if your cluster names its class differently, ask your instructor: the rubric is set for "${want}")`;
    return [{ messageId: 'wrong', data: { got: show(got), want, near }, node, hint, fix, actual: { param: 'want', value: scalar(got) } }];
  },
};
export default template;
