/**
 * The Service's ports reach its workload: with `port`, a port has that `port` and a `targetPort`
 * (absent: the port; a name resolves through the workload's named container port) equal to `targetPort`;
 * without, some `targetPort` reaches the workload's container (a declared containerPort, or `fallback`
 * when none is declared; a name, a named container port).
 */
import { containers, isRec, servicePorts } from '../../k8s/index.js';
import { reachesContainer } from '../matchers.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'service-ports',
  kinds: ['Service'],
  description: 'With `port`: a Service port is `port` and its targetPort (absent means port; a name resolves through `workload`\'s named container port) is `targetPort`. Without: a targetPort reaches `workload`\'s container (a declared containerPort, or `fallback` when it declares none; by name, a named container port).',
  schema: {
    type: 'object',
    required: ['workload'],
    additionalProperties: false,
    properties: { workload: { type: 'string' }, port: { type: 'integer' }, targetPort: { type: 'integer' }, fallback: { type: 'integer' } },
  },
  messages: {
    ok: 'a port reaches the container',
    noPorts: 'the Service has no ports',
    noPort: 'no port is {{port}}',
    wrongTarget: 'port {{port}} targets {{target}}, not {{want}}',
    unreached: 'no targetPort ({{targets}}) reaches a port the container listens on ({{declared}})',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const w = ctx.roleObj(String(ctx.with.workload));
    const ports = servicePorts(obj);
    if (ports.length === 0) return [{ messageId: 'noPorts', node: { obj, path: ['spec', 'ports'] } }];
    if (typeof ctx.with.port === 'number') {
      const want = (ctx.with.targetPort as number | undefined) ?? ctx.with.port;
      const named = (n: string) => (w ? containers(w) : []).flatMap((c) => (Array.isArray(c.value.ports) ? c.value.ports : [])).find((p) => isRec(p) && p.name === n);
      const hit = ports.filter((p) => p.port === ctx.with.port);
      if (hit.length === 0) return [{ messageId: 'noPort', data: { port: ctx.with.port }, node: { obj, path: ports[0]!.path } }];
      for (const p of hit) {
        const t = p.targetPort ?? p.port;
        const n = typeof t === 'string' && !/^\d+$/.test(t) ? Number((named(t) as Record<string, unknown> | undefined)?.containerPort) : Number(t);
        if (n === want) return [];
      }
      return [{ messageId: 'wrongTarget', data: { port: ctx.with.port, target: String(hit[0]!.targetPort), want }, node: { obj, path: [...hit[0]!.path, 'targetPort'] } }];
    }
    const fallback = Number(ctx.with.fallback);
    if (reachesContainer(obj, w, fallback)) return [];
    const declared = w ? containers(w).flatMap((c) => (Array.isArray(c.value.ports) ? c.value.ports : [])).filter(isRec).map((p) => String(p.name ?? p.containerPort)) : [];
    return [{ messageId: 'unreached', data: { targets: ports.map((p) => String(p.targetPort ?? p.port)).join(', '), declared: declared.join(', ') || `none declared: ${fallback}` }, node: { obj, path: [...ports[0]!.path, 'targetPort'] } }];
  },
};
export default template;
