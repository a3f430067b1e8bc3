/** Two environments grading `role` (an Ingress): both exist, and no host appears in both. */
import { ingressHosts } from './ingress-host.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'distinct-hosts',
  kinds: [],
  needsObject: false,
  description: 'Emitted when two graded environments grade the `ingress` role: both Ingresses exist and no host appears in both.',
  schema: { type: 'object', required: ['ingress'], additionalProperties: false, properties: { ingress: { type: 'string' } } },
  messages: {
    ok: 'each environment has its own host',
    missing: 'the {{env}} environment has no Ingress',
    same: 'the host {{host}} is in both environments: one Ingress hides the other',
  },
  applies(ctx) {
    return ctx.world.graded.filter((e) => ctx.world.gradedRoles.get(e)?.has(String(ctx.with.ingress))).length >= 2;
  },
  check(ctx) {
    const envs = ctx.world.graded.filter((e) => ctx.world.gradedRoles.get(e)?.has(String(ctx.with.ingress)));
    const out: TFinding[] = [];
    const seen = new Map<string, string>();
    for (const env of envs) {
      const ing = ctx.roleObj(String(ctx.with.ingress), env);
      if (!ing) {
        out.push({ messageId: 'missing', data: { env } });
        continue;
      }
      for (const { host, i } of ingressHosts(ing.value)) {
        if (typeof host !== 'string') continue;
        const other = seen.get(host);
        if (other !== undefined && other !== env) out.push({ messageId: 'same', data: { host }, node: { obj: ing, path: ['spec', 'rules', i, 'host'] } });
        else seen.set(host, env);
      }
    }
    return out;
  },
};
export default template;
