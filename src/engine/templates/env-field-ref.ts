/** A container's `env` has an entry named `name` whose `valueFrom.fieldRef.fieldPath` is `fieldPath` (the Downward API). */
import { certain, setEdit } from '../../fix/edits.js';
import { containers, envFromField, envVars, get } from '../../k8s/index.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'env-field-ref',
  kinds: [],
  description: 'A container has an environment variable named exactly `name` whose `valueFrom.fieldRef.fieldPath` is `fieldPath` (`status.podIP`).',
  schema: {
    type: 'object',
    required: ['name', 'fieldPath'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, fieldPath: { type: 'string', minLength: 1 } },
  },
  messages: {
    ok: '{{name}} comes from {{fieldPath}}',
    absent: 'no container has an environment variable {{name}}',
    wrongSource: '{{name}} does not come from valueFrom.fieldRef.fieldPath: {{fieldPath}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const name = String(ctx.with.name);
    const fieldPath = String(ctx.with.fieldPath);
    if (envFromField(obj, name, fieldPath)) return [];
    const vars = envVars(obj).filter((e) => e.name === name);
    const entry = { name, valueFrom: { fieldRef: { fieldPath } } };
    if (vars.length) {
      const v = vars[0]!;
      // A scalar in place when the fieldRef is there (its other keys kept); else the whole valueFrom.
      const edit = get(v.valueFrom, ['fieldRef']) !== undefined ? setEdit(obj, [...v.path, 'valueFrom', 'fieldRef', 'fieldPath'], fieldPath) : setEdit(obj, [...v.path, 'valueFrom'], entry.valueFrom);
      return [{ messageId: 'wrongSource', data: { name, fieldPath }, node: { obj, path: v.path }, fix: v.value === undefined ? certain(edit) : undefined }];
    }
    const c = containers(obj)[0];
    const env = c ? get(c.value, ['env']) : undefined;
    const fix = c && (env === undefined || Array.isArray(env)) ? certain(setEdit(obj, [...c.path, 'env', Array.isArray(env) ? env.length : 0], entry)) : undefined;
    return [{ messageId: 'absent', data: { name, fieldPath }, node: { obj, path: c ? [...c.path, 'env'] : ['spec'] }, fix }];
  },
};
export default template;
