/** A Service's `spec.type` is `want` (absent, null or "" means ClusterIP, what the API server defaults it to). */
import { certain, setEdit } from '../../fix/edits.js';
import { get, serviceType, serviceTypeSet } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'service-type',
  kinds: ['Service'],
  description: 'A Service\'s `spec.type` is `want` (absent means ClusterIP); a case slip (clusterip) is named as one.',
  schema: {
    type: 'object',
    required: ['want'],
    additionalProperties: false,
    properties: { want: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] } },
  },
  messages: {
    ok: 'spec.type is {{want}}',
    okUnset: 'spec.type is not set, which means {{want}}',
    wrong: 'spec.type is {{got}}; the rubric wants {{want}}{{close}}',
  },
  ok(ctx) {
    return { messageId: serviceTypeSet(ctx.obj!) ? 'ok' : 'okUnset', data: { want: ctx.with.want } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = String(ctx.with.want);
    // Absent is ClusterIP: a rubric that wants ClusterIP takes it.
    if (serviceType(obj) === want) return [];
    const t = get(obj.value, ['spec', 'type']);
    const close = typeof t === 'string' && t.toLowerCase() === want.toLowerCase() ? ' (case matters)' : '';
    return [{ messageId: 'wrong', data: { got: show(t), want, close }, node: { obj, path: ['spec', 'type'] }, hint: `set type: ${want}, or leave type out`, fix: certain(setEdit(obj, ['spec', 'type'], want)) }];
  },
};
export default template;
