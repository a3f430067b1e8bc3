/** A container of the role's workload declares `containerPort: port`. */
import { certain, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { containerPorts, containers, get, isRec, templatePathOrDeployment } from '../../k8s/index.js';
import { didYouMean } from '../../util/text.js';
import { SPEC_BESIDE_TEMPLATE, specBesideTemplate } from '../pods.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'container-port',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job'],
  description: 'A container of the role\'s workload declares `containerPort: port`; a misspelt key (containerport, contianers) is named as one.',
  schema: { type: 'object', required: ['port'], additionalProperties: false, properties: { port: { type: 'integer', minimum: 1, maximum: 65535 } } },
  messages: {
    ok: 'a container declares containerPort {{port}}',
    containersTypo: 'the pod template has no containers ("{{typo}}" is written where "containers" was meant), so none declares containerPort {{port}}',
    noContainers: 'the pod template has no containers, so none declares containerPort {{port}}',
    specBesideTemplate: SPEC_BESIDE_TEMPLATE,
    noPorts: 'no container declares a port; the app listens on {{port}}',
    keyTypo: 'a port entry has "{{key}}" where "containerPort" was meant',
    noNumber: 'the container\'s ports entry has no containerPort; the app listens on {{port}}',
    wrong: 'the container declares containerPort {{got}}; the rubric wants {{port}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const port = Number(ctx.with.port);
    const ports = containerPorts(obj);
    if (ports.some((p) => p.number === port)) return [];
    const one = (f: TFinding): TFinding[] => [{ ...f, data: { port, ...f.data } }];
    const c = containers(obj)[0];
    if (!c) {
      const spec = [...templatePathOrDeployment(obj), 'spec'];
      const podSpec = get(obj.value, spec);
      const typo = isRec(podSpec) ? didYouMean('containers', Object.keys(podSpec)) : undefined;
      if (typo) return one({ messageId: 'containersTypo', data: { typo }, node: { obj, path: [...spec, typo], key: true }, hint: `rename "${typo}:" to "containers:"`, fix: certain(renameKeyEdit(obj, [...spec, typo], 'containers')) });
      const beside = specBesideTemplate(obj);
      if (beside) return [beside];
      return one({ messageId: 'noContainers', node: { obj, path: [...spec, 'containers'] }, hint: `add spec.template.spec.containers with a container that has ports: [{containerPort: ${port}}]` });
    }
    if (ports.length === 0) return one({ messageId: 'noPorts', node: { obj, path: [...c.path, 'name'] }, hint: `add under the container: ports: [{containerPort: ${port}}]`, fix: certain(setEdit(obj, [...c.path, 'ports'], [{ containerPort: port }])) });
    // `containerport: 5000` (or no containerPort at all) in a port entry.
    const unnumbered = ports.find((p) => p.number === undefined);
    if (unnumbered) {
      const entry = get(obj.value, unnumbered.path);
      const key = isRec(entry) && !('containerPort' in entry) ? didYouMean('containerPort', Object.keys(entry)) : undefined;
      if (key) return one({ messageId: 'keyTypo', data: { key }, node: { obj, path: [...unnumbered.path, key], key: true }, hint: `rename "${key}:" to "containerPort:" (case matters)`, fix: certain(renameKeyEdit(obj, [...unnumbered.path, key], 'containerPort')) });
      if (!ports.some((p) => p.number !== undefined)) {
        return one({ messageId: 'noNumber', node: { obj, path: unnumbered.path }, hint: `add containerPort: ${port} to the ports entry`, fix: certain(setEdit(obj, [...unnumbered.path, 'containerPort'], port)) });
      }
    }
    const got = ports.flatMap((p) => (p.number === undefined ? [] : [p.number])).join(', ');
    const first = ports.find((p) => p.number !== undefined) ?? ports[0]!;
    return one({ messageId: 'wrong', data: { got }, node: { obj, path: [...first.path, 'containerPort'] }, hint: `set containerPort: ${port}`, fix: certain(setEdit(obj, [...first.path, 'containerPort'], port)) });
  },
};
export default template;
