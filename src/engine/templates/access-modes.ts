/** A PVC's `spec.accessModes` is exactly the list `want` (case matters: ReadWriteOnce). */
import { certain, setEdit } from '../../fix/edits.js';
import { get } from '../../k8s/index.js';
import { didYouMean, show } from '../../util/text.js';
import type { Template } from '../types.js';

const MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

const template: Template = {
  key: 'access-modes',
  kinds: ['PersistentVolumeClaim'],
  description: 'A PVC\'s `spec.accessModes` is exactly the list `want`, in order; a misspelt mode (ReadWriteonce) is named with the one Kubernetes expects.',
  schema: { type: 'object', required: ['want'], additionalProperties: false, properties: { want: { type: 'array', items: { enum: MODES }, minItems: 1 } } },
  messages: {
    ok: 'accessModes is {{want}}',
    notList: 'spec.accessModes is {{got}}; the rubric wants {{want}}',
    wrong: 'accessModes is {{got}}{{why}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = (ctx.with.want as unknown[]).map(String);
    const wantText = `[${want.join(', ')}]`;
    const got = get(obj.value, ['spec', 'accessModes']);
    const list = Array.isArray(got) ? got : undefined;
    if (list && list.length === want.length && list.every((m, i) => m === want[i])) return [];
    if (!list) {
      return [{
        messageId: 'notList',
        data: { got: got === undefined ? 'missing' : `${show(got)}, not a list`, want: wantText },
        node: { obj, path: ['spec', 'accessModes'] },
        hint: got === undefined ? `add accessModes: ${wantText} under spec` : `write it as a list: accessModes: ${wantText}`,
        fix: certain(setEdit(obj, ['spec', 'accessModes'], [...want])),
        actual: { param: 'want', value: got === undefined || got === null ? null : [String(got)] },
      }];
    }
    const bad = list.findIndex((m, i) => m !== want[i]);
    const typed = bad >= 0 ? list[bad] : undefined;
    const meant = typeof typed === 'string' ? didYouMean(typed, MODES) : undefined;
    const why = meant && want.includes(meant) ? `; Kubernetes expects ${meant}` : `; the rubric wants ${wantText}`;
    // Same length: each mode rewritten in place (the list keeps its style and comments).
    const fix = list.length === want.length ? certain(...want.flatMap((m, i) => (list[i] === m ? [] : [setEdit(obj, ['spec', 'accessModes', i], m)]))) : undefined;
    return [{
      messageId: 'wrong',
      data: { got: show(list), why },
      node: { obj, path: ['spec', 'accessModes', bad >= 0 && bad < list.length ? bad : 0] },
      hint: meant ? `write ${meant} (case matters)` : `set accessModes: ${wantText}`,
      ...(fix ? { fix } : {}),
      actual: { param: 'want', value: list.map(String) },
    }];
  },
};
export default template;
