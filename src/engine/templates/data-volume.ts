/** A container mounts `mountPath` from a volume of the pod that claims this environment's `claimRole` PVC. */
import { certain, setEdit } from '../../fix/edits.js';
import { containers, get, isRec, podTemplate } from '../../k8s/index.js';
import type { Template } from '../types.js';

const norm = (p: unknown) => (typeof p === 'string' ? p.replace(/\/+$/, '') || '/' : '');

const template: Template = {
  key: 'data-volume',
  kinds: [],
  description: 'A container mounts `mountPath` (`/data/` is the same) from a volume listed in the pod\'s `volumes` under the mount\'s name whose `persistentVolumeClaim.claimName` is the name of this environment\'s `claimRole` object (emptyDir, a mount naming no volume, another environment\'s claim fail).',
  schema: {
    type: 'object',
    required: ['mountPath', 'claimRole'],
    additionalProperties: false,
    properties: { mountPath: { type: 'string', pattern: '^/' }, claimRole: { type: 'string' } },
  },
  messages: {
    ok: '{{mountPath}} is on this environment\'s PVC',
    noPvc: 'there is no PVC in this environment for {{mountPath}} to be on',
    noMount: 'no container mounts {{mountPath}}: Redis keeps its data in the container, and loses it with the pod',
    noVolume: 'the mount of {{mountPath}} names volume {{volume}}, which the pod does not list',
    notClaim: 'the volume {{volume}} mounted at {{mountPath}} is not the PVC {{claim}}{{got}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = norm(ctx.with.mountPath);
    const mountPath = String(ctx.with.mountPath);
    const pvc = ctx.roleObj(String(ctx.with.claimRole));
    const volsPath = [...(podTemplate(obj)?.path ?? ['spec', 'template']), 'spec', 'volumes'];
    const vols = get(obj.value, volsPath);
    const mounts = containers(obj).flatMap((c) =>
      (Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : []).flatMap((m, i) => (isRec(m) && norm(m.mountPath) === want ? [{ path: [...c.path, 'volumeMounts', i], name: String(m.name ?? '') }] : [])),
    );
    if (mounts.length === 0) return [{ messageId: 'noMount', data: { mountPath }, node: { obj, path: [...(podTemplate(obj)?.path ?? []), 'spec', 'containers', 0] } }];
    if (!pvc?.name) return [{ messageId: 'noPvc', data: { mountPath }, node: { obj, path: mounts[0]!.path } }];
    const list = Array.isArray(vols) ? vols : [];
    let first: { messageId: string; data: Record<string, unknown>; node: { obj: typeof obj; path: (string | number)[] }; fix?: ReturnType<typeof certain> } | undefined;
    for (const m of mounts) {
      const i = list.findIndex((v) => isRec(v) && v.name === m.name);
      if (i < 0) {
        first ??= { messageId: 'noVolume', data: { mountPath, volume: m.name }, node: { obj, path: [...m.path, 'name'] } };
        continue;
      }
      const claim = get(list[i], ['persistentVolumeClaim', 'claimName']);
      if (claim === pvc.name) return [];
      first ??= {
        messageId: 'notClaim',
        data: { mountPath, volume: m.name, claim: pvc.name, got: typeof claim === 'string' ? ` (it claims ${claim})` : isRec(list[i]) && 'emptyDir' in (list[i] as object) ? ' (it is an emptyDir)' : '' },
        node: { obj, path: [...volsPath, i] },
        fix: typeof claim === 'string' ? certain(setEdit(obj, [...volsPath, i, 'persistentVolumeClaim', 'claimName'], pvc.name)) : undefined,
      };
    }
    return first ? [first] : [];
  },
};
export default template;
