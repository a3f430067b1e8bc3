/** Every backend's port: a port of the named Service (`mode: servicePort`), or a nodePort of a NodePort Service (`mode: nodePort`: 30000–32767, the pinned one if any). */
import { ingressBackends, kindIs, servicePorts, serviceType } from '../../k8s/index.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'ingress-port',
  kinds: ['Ingress'],
  description: 'For every backend, the named Service exists in this environment and, with `mode: servicePort`, `port.number` is one of its `ports[].port` (or `port.name` one of its port names); with `mode: nodePort`, the Service is `type: NodePort`, `port.number` is an integer in 30000–32767 and equals a `nodePort` it pins, if it pins any.',
  schema: { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: { enum: ['servicePort', 'nodePort'] } } },
  messages: {
    ok: 'every backend port is one the Service exposes',
    none: 'the Ingress has no backend',
    missing: 'the backend names Service {{name}}, which this environment does not have',
    notServicePort: 'the backend port {{port}} is not a port of Service {{name}} ({{ports}})',
    notNodePortService: 'the backend Service {{name}} is not of type NodePort',
    notNodePort: 'the backend port {{port}} is not a nodePort (an integer in 30000-32767{{pinned}})',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const bs = ingressBackends(obj);
    if (bs.length === 0) return [{ messageId: 'none', node: { obj, path: ['spec'] } }];
    const out: TFinding[] = [];
    for (const b of bs) {
      const node = { obj, path: b.portPath };
      const svc = ctx.envObjects().find((s) => kindIs(s, 'Service') && s.name === b.service);
      if (!svc) {
        out.push({ messageId: 'missing', data: { name: String(b.service ?? '(none)') }, node });
        continue;
      }
      const ports = servicePorts(svc);
      const shown = b.portName ?? (b.portNumber === undefined ? '(none)' : JSON.stringify(b.portNumber));
      if (ctx.with.mode === 'servicePort') {
        const ok = b.portName !== undefined ? ports.some((p) => p.name === b.portName) : typeof b.portNumber === 'number' && ports.some((p) => p.port === b.portNumber);
        if (!ok) out.push({ messageId: 'notServicePort', data: { port: shown, name: svc.name, ports: ports.map((p) => p.port).join(', ') }, node });
      } else {
        if (serviceType(svc) !== 'NodePort') {
          out.push({ messageId: 'notNodePortService', data: { name: svc.name }, node });
          continue;
        }
        const pinned = ports.map((p) => p.nodePort).filter((n): n is number => n !== undefined);
        const n = b.portNumber;
        const ok = typeof n === 'number' && Number.isInteger(n) && n >= 30000 && n <= 32767 && (pinned.length === 0 || pinned.includes(n));
        if (!ok) out.push({ messageId: 'notNodePort', data: { port: shown, pinned: pinned.length ? `, the Service pins ${pinned.join(', ')}` : '' }, node });
      }
    }
    return out;
  },
};
export default template;
