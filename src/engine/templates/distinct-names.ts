/** No two objects of the graded environments share `kind` and `metadata.name` (one namespace: the later apply replaces the earlier). */
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'distinct-names',
  kinds: [],
  needsObject: false,
  description: 'No two objects of the graded environments have the same `kind` and `metadata.name`, across the environments or within one: they share one namespace, and the later `kubectl apply` replaces the earlier. Every object counts.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'every object has its own name',
    same: '{{kind}} {{name}} is in {{file}} and in {{first}}: on the cluster they are one object, and the later apply replaces the earlier',
  },
  check(ctx) {
    const seen = new Map<string, (typeof ctx.world.objects)[number]>();
    const out: TFinding[] = [];
    for (const o of ctx.world.objects) {
      const e = ctx.world.envOf.get(o);
      if (!e || !ctx.world.graded.includes(e.env) || o.name === undefined) continue;
      const key = `${o.kind}\0${o.name}`;
      const first = seen.get(key);
      if (!first) seen.set(key, o);
      else out.push({ messageId: 'same', data: { kind: o.kind, name: o.name, file: o.file, first: first.file }, node: { obj: o, path: ['metadata', 'name'] } });
    }
    return out;
  },
};
export default template;
