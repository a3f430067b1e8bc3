/** The Ingress has a rule, and every rule's host is `<label>.<domain>`, a DNS label containing the username when one is given. */
import { get } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { TFinding, Template } from '../types.js';

export function ingressHosts(value: unknown): { host: unknown; i: number }[] {
  const rules = get(value, ['spec', 'rules']);
  return Array.isArray(rules) ? rules.map((r, i) => ({ host: get(r, ['host']), i })) : [];
}

const template: Template = {
  key: 'ingress-host',
  kinds: ['Ingress'],
  description: 'At least one rule, and every rule\'s `host` is `<label>.<domain>` with `<label>` one lower-case DNS label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`) that contains `username` when it is given.',
  schema: { type: 'object', required: ['domain'], additionalProperties: false, properties: { domain: { type: 'string', minLength: 1 }, username: { type: 'string' } } },
  messages: {
    ok: 'every host is a name under {{domain}}',
    noRules: 'the Ingress has no rules, so no host',
    wrong: 'the host {{host}} is not <name>.{{domain}}',
    noUser: 'the host {{host}} does not contain the username {{username}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const domain = String(ctx.with.domain);
    const user = typeof ctx.with.username === 'string' ? ctx.with.username : '';
    const hs = ingressHosts(obj.value);
    if (hs.length === 0) return [{ messageId: 'noRules', node: { obj, path: ['spec', 'rules'] } }];
    const out: TFinding[] = [];
    for (const { host, i } of hs) {
      const node = { obj, path: ['spec', 'rules', i, 'host'] };
      const h = typeof host === 'string' ? host : '';
      const label = h.endsWith(`.${domain}`) ? h.slice(0, -domain.length - 1) : undefined;
      if (label === undefined || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label)) out.push({ messageId: 'wrong', data: { host: show(host), domain }, node });
      else if (user && !label.includes(user)) out.push({ messageId: 'noUser', data: { host: show(host), username: user }, node });
    }
    return out;
  },
};
export default template;
