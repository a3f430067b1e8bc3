/** `spec.replicas` (absent or null means 1) is exactly `equals`, or at least `min`. */
import { certain, setEdit } from '../../fix/edits.js';
import { get, portNumber } from '../../k8s/index.js';
import { show } from '../../util/text.js';
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
    ok: 'spec.replicas is as the rubric wants',
    notEqual: 'spec.replicas is {{got}}{{absent}}; the rubric wants {{want}}',
    tooFew: 'spec.replicas is {{got}}{{absent}}; the rubric wants at least {{want}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const raw = get(obj.value, ['spec', 'replicas']);
    const got = raw === undefined || raw === null ? 1 : portNumber(raw);
    const absent = raw === undefined || raw === null ? ' (not set, which means 1)' : '';
    const node = { obj, path: ['spec', 'replicas'] };
    if (typeof ctx.with.equals === 'number' && got !== ctx.with.equals) {
      return [{ messageId: 'notEqual', data: { got: got ?? show(raw), absent, want: ctx.with.equals }, node, fix: certain(setEdit(obj, ['spec', 'replicas'], ctx.with.equals)) }];
    }
    if (typeof ctx.with.min === 'number' && (got === undefined || got < ctx.with.min)) {
      return [{ messageId: 'tooFew', data: { got: got ?? show(raw), absent, want: ctx.with.min }, node, fix: certain(setEdit(obj, ['spec', 'replicas'], ctx.with.min)) }];
    }
    return [];
  },
};
export default template;
