/** A Service has the port `port` on TCP, and its targetPort (absent: the port; a name: `target`'s named container port) is `port` too. */
import { certain, moveUpEdit, setEdit } from '../../fix/edits.js';
import { get, isRec, namedContainerPort, portNumber, targetPortNumber, type Rec } from '../../k8s/index.js';
import type { Fix } from '../../types.js';
import { clip, show } from '../../util/text.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'service-port',
  kinds: ['Service'],
  description: 'A port of the Service is `port`, on TCP, and sends to `port` on `target`\'s pods (called `label` in messages): a targetPort that is absent means the port, a name is `target`\'s container port of that name.',
  schema: {
    type: 'object',
    required: ['port', 'target', 'label'],
    additionalProperties: false,
    properties: { port: { type: 'integer', minimum: 1, maximum: 65535 }, target: { type: 'string' }, label: { type: 'string' } },
  },
  messages: {
    ok: 'port {{port}} → targetPort {{port}}',
    okUnset: 'port {{port}} (targetPort not set, which means {{port}})',
    okNamed: 'port {{port}} → targetPort {{name}} (containerPort {{port}})',
    underSelector: 'spec.ports is missing: ports: is indented under spec.selector',
    noPorts: 'spec.ports is missing or empty',
    protocol: 'port {{port}} has protocol: {{protocol}}, but {{app}} answers on TCP: no connection reaches it',
    noPort: 'no port {{port}} in spec.ports (it has {{got}})',
    wrongTarget: 'port {{port}} sends traffic to targetPort {{got}}, but the app listens on {{port}}',
    noTarget: 'targetPort {{got}} is a port name, and there is no {{label}} to resolve it in',
    unnamed: 'targetPort {{got}} names no container port of {{file}}',
    wrongNamed: 'targetPort {{got}} is containerPort {{number}}, but the app listens on {{port}}',
  },
  ok(ctx) {
    const port = Number(ctx.with.port);
    const ports = get(ctx.obj!.value, ['spec', 'ports']) as unknown[];
    const p = ports.find((x) => isRec(x) && portNumber(x.port) === port && (x.protocol === undefined || x.protocol === null || x.protocol === 'TCP')) as Rec;
    const tp = p.targetPort;
    if (tp === undefined || tp === null) return { messageId: 'okUnset', data: { port } };
    return portNumber(tp) !== undefined ? { messageId: 'ok', data: { port } } : { messageId: 'okNamed', data: { port, name: String(tp) } };
  },
  check(ctx) {
    const svc = ctx.obj!;
    const want = Number(ctx.with.port);
    const label = String(ctx.with.label);
    const target = ctx.roleObj(String(ctx.with.target));
    const one = (f: TFinding): TFinding[] => [{ ...f, data: { port: want, ...f.data } }];
    const ports = get(svc.value, ['spec', 'ports']);
    if (!Array.isArray(ports) || ports.length === 0) {
      // `ports:` indented under `selector:` is one fault, said by the selects check too: the same fix, not a second instruction.
      if (get(svc.value, ['spec', 'selector', 'ports']) !== undefined && get(svc.value, ['spec', 'ports']) === undefined) {
        return one({ messageId: 'underSelector', node: { obj: svc, path: ['spec', 'ports'] }, hint: 'move ports: left so that it lines up with selector:', fix: certain(moveUpEdit(svc, ['spec', 'selector', 'ports'], ['spec'])) });
      }
      return one({ messageId: 'noPorts', node: { obj: svc, path: ['spec', 'ports'] }, hint: `add ports: [{port: ${want}, targetPort: ${want}}]`, fix: certain(setEdit(svc, ['spec', 'ports'], [{ port: want, targetPort: want }])) });
    }
    // The port must carry TCP (the default): Redis and Flask answer nothing on UDP or SCTP.
    const tcp = (p: Rec) => p.protocol === undefined || p.protocol === null || p.protocol === 'TCP';
    const i = ports.findIndex((p) => isRec(p) && portNumber(p.port) === want && tcp(p));
    const other = i < 0 ? ports.findIndex((p) => isRec(p) && portNumber(p.port) === want) : -1;
    if (other >= 0) {
      const at = ['spec', 'ports', other, 'protocol'];
      return one({ messageId: 'protocol', data: { protocol: clip(String(get(svc.value, at)), 40), app: label.split(' ')[0] }, node: { obj: svc, path: at }, hint: 'remove the protocol line (TCP is the default), or write protocol: TCP', fix: certain(setEdit(svc, at, 'TCP')) });
    }
    if (i < 0) {
      const got = ports.map((p) => show(get(p, ['port']))).join(', ');
      // One port: it becomes the rubric's, and its targetPort with it unless that already reaches the app.
      let fix: Fix | undefined;
      let hint = `set port: ${want}`;
      if (ports.length === 1 && isRec(ports[0])) {
        fix = certain(setEdit(svc, ['spec', 'ports', 0, 'port'], want));
        const tp = ports[0].targetPort;
        if (tp !== undefined && tp !== null && targetPortNumber(tp, target) !== want) {
          fix.edits.push(setEdit(svc, ['spec', 'ports', 0, 'targetPort'], want));
          hint = `set port: ${want} and targetPort: ${want}`;
        }
      }
      return one({ messageId: 'noPort', data: { got }, node: { obj: svc, path: ['spec', 'ports', 0, 'port'] }, hint, ...(fix ? { fix } : {}) });
    }
    const tp = (ports[i] as Rec).targetPort;
    const node = { obj: svc, path: ['spec', 'ports', i, 'targetPort'] };
    const fix = certain(setEdit(svc, ['spec', 'ports', i, 'targetPort'], want));
    if (tp === undefined || tp === null) return [];
    const n = portNumber(tp);
    if (n !== undefined) return n === want ? [] : one({ messageId: 'wrongTarget', data: { got: n }, node, hint: `set targetPort: ${want}`, fix });
    if (!target) return one({ messageId: 'noTarget', data: { got: show(tp), label }, node, hint: `set targetPort: ${want}`, fix });
    const named = namedContainerPort(target, tp);
    if (!named) return one({ messageId: 'unnamed', data: { got: show(tp), file: target.file }, node, hint: `set targetPort: ${want}, or name the container port ${show(tp)}`, fix });
    return named.number === want ? [] : one({ messageId: 'wrongNamed', data: { got: show(tp), number: named.number ?? '?' }, node, hint: `set targetPort: ${want}`, fix });
  },
};
export default template;
