/** A field of the role's object equals a value (a parameter): `spec.storageClassName`, `spec.type`, `spec.accessModes`. */
import { certain, setEdit } from '../../fix/edits.js';
import { get } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { Template } from '../types.js';

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => same(x, b[i])) : a === b || (a !== null && b !== null && typeof a !== 'object' && String(a) === String(b) && typeof a === typeof b);

const template: Template = {
  key: 'field-equals',
  kinds: [],
  description: 'The field at `path` (dotted) equals `value`; `default` is what an absent or null field means (absent fails without it).',
  schema: {
    type: 'object',
    required: ['path', 'value'],
    additionalProperties: false,
    properties: { path: { type: 'string', minLength: 1 }, value: {}, default: {} },
  },
  messages: {
    ok: '{{path}} is as the rubric wants',
    absent: '{{path}} is not set; the rubric wants {{want}}',
    wrong: '{{path}} is {{got}}; the rubric wants {{want}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const path = String(ctx.with.path).split('.');
    const raw = get(obj.value, path);
    const want = ctx.with.value;
    const has = 'default' in ctx.with;
    const got = (raw === undefined || raw === null) && has ? ctx.with.default : raw;
    if (same(got, want)) return [];
    const fix = certain(setEdit(obj, path, want));
    const data = { path: ctx.with.path, want: show(want), got: show(raw) };
    if (raw === undefined || raw === null || raw === '') return [{ messageId: 'absent', data, node: { obj, path }, fix }];
    return [{ messageId: 'wrong', data, node: { obj, path }, fix }];
  },
};
export default template;
