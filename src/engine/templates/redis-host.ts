/**
 * The Deployment says, in its own YAML, which Redis it talks to: its Redis host variables
 * (`env` entries with a literal value whose name is REDIS/RD + `_WORD` parts with HOST, IP, ADDR,
 * URL, SERVER or SERVICE and no PORT) each name a Service of this environment that selects this
 * environment's Redis pods, or (with `ipAllowed`) an IPv4 literal consistent across the environment.
 */
import { envVars, get, kindIs } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import { selectsRole } from '../matchers.js';
import type { KObject } from '../../parse/index.js';
import type { TFinding, Template, TemplateContext } from '../types.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function isRedisHostVar(name: string): boolean {
  const n = name.toUpperCase();
  return /^(REDIS|RD)(_[A-Z0-9]+)+$/.test(n) && /HOST|IP|ADDR|URL|SERVER|SERVICE/.test(n) && !n.includes('PORT');
}

/** The host of a value: without `scheme://`, `user@`, a `/path` and a `:port`. */
export function hostOf(v: string): string {
  let s = v.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  s = s.slice(s.lastIndexOf('@') + 1);
  s = s.split('/')[0]!;
  return s.replace(/:\d*$/, '');
}

function hosts(obj: KObject | undefined) {
  return obj ? envVars(obj).filter((e) => isRedisHostVar(e.name) && e.value !== undefined && e.value !== null && e.valueFrom === undefined).map((e) => ({ e, host: hostOf(String(e.value)) })) : [];
}

function ipHosts(ctx: TemplateContext, role: string, env: string): string[] {
  return hosts(ctx.roleObj(role, env)).map((h) => h.host).filter((h) => IPV4.test(h));
}

const template: Template = {
  key: 'redis-host',
  kinds: ['Deployment'],
  description: 'At least one Redis host variable, and each names a Service of this environment selecting this environment\'s `redis` pod template (or that name followed by `.` and more); with `ipAllowed`, an IPv4 literal also passes when no `peers` Deployment of another environment uses it, it equals the IP the other `peers` Deployment of this environment uses, and the clusterIP a Redis Service pins.',
  schema: {
    type: 'object',
    required: ['redis'],
    additionalProperties: false,
    properties: { redis: { type: 'string' }, ipAllowed: { type: 'boolean' }, peers: { type: 'array', items: { type: 'string' } } },
  },
  messages: {
    ok: 'the Redis host names this environment\'s Redis Service',
    none: 'no environment variable names the Redis host (REDIS_HOST, REDIS_IP, ...): a host baked into the image cannot differ between environments',
    notService: '{{name}} is {{value}}, which is not the name of a Service of this environment that selects its Redis pods{{services}}',
    ip: '{{name}} is the IP address {{value}}: name the Redis Service instead (an IP exists only where that Service was once created)',
    ipInconsistent: '{{name}} is the IP address {{value}}, {{why}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const vars = hosts(obj);
    if (vars.length === 0) return [{ messageId: 'none', node: { obj, path: [...(envVars(obj)[0]?.path.slice(0, -1) ?? ['spec', 'template', 'spec', 'containers'])] } }];
    const redis = ctx.roleObj(String(ctx.with.redis));
    const services = ctx.envObjects().filter((s) => kindIs(s, 'Service') && selectsRole(s, redis));
    const peers = (ctx.with.peers as string[] | undefined) ?? [];
    const out: TFinding[] = [];
    for (const { e, host } of vars) {
      const node = { obj, path: [...e.path, 'value'] };
      const data = { name: e.name, value: show(e.value) };
      if (services.some((s) => s.name && (host === s.name || host.startsWith(`${s.name}.`)))) continue;
      if (IPV4.test(host)) {
        if (!ctx.with.ipAllowed) {
          out.push({ messageId: 'ip', data, node });
          continue;
        }
        const elsewhere = ctx.world.graded.filter((g) => g !== ctx.env).some((g) => peers.some((p) => ipHosts(ctx, p, g).includes(host)));
        const other = peers.filter((p) => p !== ctx.role).flatMap((p) => ipHosts(ctx, p, ctx.env));
        const pinned = services.map((s) => get(s.value, ['spec', 'clusterIP'])).filter((x): x is string => typeof x === 'string' && IPV4.test(x));
        const why = elsewhere ? 'which another environment also uses for its Redis' : other.some((o) => o !== host) ? `while the environment's other Deployment uses ${other.find((o) => o !== host)}` : pinned.length && !pinned.includes(host) ? `not the clusterIP ${pinned[0]} of the Redis Service` : undefined;
        if (why) out.push({ messageId: 'ipInconsistent', data: { ...data, why }, node });
        continue;
      }
      const names = ctx.envObjects().filter((s) => kindIs(s, 'Service') && selectsRole(s, redis)).map((s) => s.name);
      out.push({ messageId: 'notService', data: { ...data, services: names.length ? ` (${names.join(', ')} does)` : '' }, node });
    }
    return out;
  },
};
export default template;
