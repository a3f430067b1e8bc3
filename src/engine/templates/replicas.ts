/** `spec.replicas` (absent or null means 1) is exactly `equals`, or at least `min`. */
import { certain, setEdit } from '../../fix/edits.js';
import { get, portNumber } from '../../k8s/index.js';
import { scalar, show } from '../../util/text.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'replicas',
  kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
  description: '`spec.replicas` (absent or null means 1) equals `equals`, or is at least `min`.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { equals: { type: 'integer', minimum: 0 }, min: { type: 'integer', minimum: 0 } },
  },
  messages: {
    ok: 'spec.replicas is {{got}}',
    unset: 'spec.replicas is not set, which means 1; the rubric wants {{want}}',
    notEqual: 'spec.replicas is {{got}}; the rubric wants {{want}}',
    tooFew: 'spec.replicas is {{got}}{{absent}}; the rubric wants at least {{want}}',
  },
  ok(ctx) {
    const raw = get(ctx.obj!.value, ['spec', 'replicas']);
    return { messageId: 'ok', data: { got: typeof ctx.with.equals === 'number' ? ctx.with.equals : raw === undefined || raw === null ? 1 : show(raw) } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const raw = get(obj.value, ['spec', 'replicas']);
    const unset = raw === undefined || raw === null;
    const got = unset ? 1 : portNumber(raw);
    const node = { obj, path: ['spec', 'replicas'] };
    if (typeof ctx.with.equals === 'number' && got !== ctx.with.equals) {
      const want = ctx.with.equals;
      const fix = certain(setEdit(obj, ['spec', 'replicas'], want));
      if (unset) return [{ messageId: 'unset', data: { want }, node, hint: `add replicas: ${want} under spec`, fix, actual: { param: 'equals', value: 1 } }];
      return [{ messageId: 'notEqual', data: { got: show(raw), want }, node, hint: `set replicas: ${want}`, fix, actual: { param: 'equals', value: got ?? scalar(raw) } }];
    }
    if (typeof ctx.with.min === 'number' && (got === undefined || got < ctx.with.min)) {
      const absent = unset ? ' (not set, which means 1)' : '';
      return [{ messageId: 'tooFew', data: { got: got ?? show(raw), absent, want: ctx.with.min }, node, fix: certain(setEdit(obj, ['spec', 'replicas'], ctx.with.min)), actual: { param: 'min', value: got ?? scalar(raw) } }];
    }
    return [];
  },
};
export default template;
