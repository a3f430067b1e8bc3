/** The Ingress has a backend, and every backend names a Service of this environment that selects this environment's `target` pod template. */
import { ingressBackends, kindIs } from '../../k8s/index.js';
import { selectsRole } from '../matchers.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'ingress-service',
  kinds: ['Ingress'],
  description: 'At least one backend, and every backend (`rules[].http.paths[].backend.service.name`, `spec.defaultBackend`, the v1beta1 `serviceName`) names a Service of this environment that selects this environment\'s `target` pod template.',
  schema: { type: 'object', required: ['target'], additionalProperties: false, properties: { target: { type: 'string' } } },
  messages: {
    ok: 'every backend is a Service in front of the API',
    none: 'the Ingress has no backend',
    missing: 'the backend names Service {{name}}, which this environment does not have',
    wrong: 'the backend Service {{name}} does not select this environment\'s API pods',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const bs = ingressBackends(obj);
    if (bs.length === 0) return [{ messageId: 'none', node: { obj, path: ['spec'] } }];
    const target = ctx.roleObj(String(ctx.with.target));
    const out: TFinding[] = [];
    for (const b of bs) {
      const svc = ctx.envObjects().filter((s) => kindIs(s, 'Service') && s.name === b.service);
      const node = { obj, path: [...b.path] };
      if (svc.length === 0) out.push({ messageId: 'missing', data: { name: String(b.service ?? '(none)') }, node });
      else if (!svc.some((s) => selectsRole(s, target))) out.push({ messageId: 'wrong', data: { name: String(b.service) }, node });
    }
    return out;
  },
};
export default template;
