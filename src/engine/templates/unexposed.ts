/** No Service in the submission selects the role's pod template. */
import { get, kindIs, podTemplate, selects } from '../../k8s/index.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'unexposed',
  kinds: [],
  description: 'No Service anywhere in the submission selects the role\'s pod template (a worker takes jobs from a queue; nothing connects to it).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'no Service selects its pods',
    exposed: 'Service {{name}} ({{file}}) selects its pods: nothing connects to a worker',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const t = podTemplate(obj);
    if (!t) return [];
    return ctx.world.objects
      .filter((s) => kindIs(s, 'Service') && selects(get(s.value, ['spec', 'selector']), t.labels))
      .map((s) => ({ messageId: 'exposed', data: { name: s.name ?? '(no name)', file: s.file }, node: { obj: s, path: ['spec', 'selector'] } }));
  },
};
export default template;
