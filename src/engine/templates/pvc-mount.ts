/**
 * A container of the workload mounts `mountPath` from a volume that claims the `pvc` role's PVC, writable:
 * HW6's ruling, with each way a student breaks it named (a blank in the path, a misspelt key, a mount of an
 * undeclared volume, an emptyDir, a claimName that is not the PVC's, readOnly), and fixes that agree with the
 * PVC's rename by its name check (`rename`).
 */
import { certain, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { containers, get, isRec, parseImage, templatePathOrDeployment } from '../../k8s/index.js';
import { didYouMean, goTrimSpace, show, word } from '../../util/text.js';
import { addOrFixFile } from '../keys.js';
import { SPEC_BESIDE_TEMPLATE, specBesideTemplate } from '../pods.js';
import type { TemplateContext, TFinding, Template } from '../types.js';

const norm = (p: unknown) => (typeof p === 'string' ? p.replace(/\/+$/, '') || '/' : '');

/** The name the PVC will have once its name check is followed: its own, else `rename.suggestion` (its own while a word is unknown: `<username>`). */
function finalName(ctx: TemplateContext): string | undefined {
  const pvc = ctx.roleObj(String(ctx.with.pvc));
  if (!pvc) return undefined;
  const r = ctx.with.rename as { words: Record<string, string>; suggestion: string } | undefined;
  const words = r ? Object.values(r.words) : [];
  if (!r || words.some((w) => w === '' || w.startsWith('<')) || (pvc.name && words.every((w) => pvc.name!.includes(w)))) return pvc.name;
  return r.suggestion;
}

const template: Template = {
  key: 'pvc-mount',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'],
  description: 'A container (the one running `image`, else the first) mounts `mountPath` from a volume of the pod whose persistentVolumeClaim.claimName is the `pvc` role\'s PVC, not read-only. Without the PVC, `pvcFile` is where it belongs (a `pvcKind`; `filesCheck` says what is wrong with that file). `rename` (`{words, suggestion}`) is the PVC\'s name check, so that a claimName fix agrees with its rename.',
  schema: {
    type: 'object',
    required: ['mountPath', 'pvc'],
    additionalProperties: false,
    properties: {
      mountPath: { type: 'string', pattern: '^/' },
      pvc: { type: 'string' },
      image: { type: 'string' },
      rename: { type: 'object', required: ['words', 'suggestion'], additionalProperties: false, properties: { words: { type: 'object', additionalProperties: { type: 'string' } }, suggestion: { type: 'string' } } },
      pvcFile: { type: 'string' },
      pvcKind: { type: 'string' },
      pvcLabel: { type: 'string' },
      filesCheck: { type: 'string' },
    },
  },
  messages: {
    ok: '{{mountPath}} is mounted from PVC {{pvc}}',
    blank: 'the container mounts {{got}}, a folder of its own, not {{mountPath}}, where Redis keeps its data',
    listTypo: 'the container has "{{key}}" where "volumeMounts" was meant, so it mounts nothing',
    pathTypo: 'the mount of {{mountPath}} has "{{key}}" where "mountPath" was meant',
    specBesideTemplate: SPEC_BESIDE_TEMPLATE,
    noMount: 'no container mounts {{mountPath}}, where Redis keeps its data',
    undeclared: '{{mountPath}} is mounted from volume "{{volume}}", which spec.template.spec.volumes does not declare',
    claimTypo: 'volume "{{volume}}" has persistentVolumeClaim.{{key}} where claimName was meant',
    noClaim: 'volume "{{volume}}" has persistentVolumeClaim without a claimName',
    notPvc: '{{mountPath}} is on volume "{{volume}}" ({{source}}), not on the PVC: the data is lost when the pod goes',
    noPvc: 'no {{label}} found in the submission',
    otherClaim: 'volume "{{volume}}" claims {{claim}}, but the PVC is named {{name}}',
    readOnly: '{{mountPath}} is mounted with readOnly: true: Redis cannot write its data there, so nothing is kept on the PVC',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { mountPath: ctx.with.mountPath, pvc: String(ctx.roleObj(String(ctx.with.pvc))?.name) } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const mountPath = String(ctx.with.mountPath);
    const one = (f: TFinding): TFinding[] => [{ ...f, data: { mountPath, ...f.data } }];
    const pvc = ctx.roleObj(String(ctx.with.pvc));
    const volsPath = [...templatePathOrDeployment(obj), 'spec', 'volumes'];
    const vols = get(obj.value, volsPath);
    const want = norm(mountPath);
    let mountAt: (string | number)[] | undefined;
    let volName: string | undefined;
    for (const c of containers(obj)) {
      const mounts = c.value.volumeMounts;
      if (!Array.isArray(mounts)) continue;
      const i = mounts.findIndex((m) => isRec(m) && norm(m.mountPath) === want);
      if (i >= 0) {
        mountAt = [...c.path, 'volumeMounts', i];
        volName = String(get(mounts[i], ['name']) ?? '');
        break;
      }
    }
    if (!mountAt) {
      // A blank around the path ("/data "): a folder of its own in the container, where Redis keeps nothing.
      for (const c of containers(obj)) {
        const mounts = Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : [];
        const i = mounts.findIndex((m) => isRec(m) && typeof m.mountPath === 'string' && norm(goTrimSpace(m.mountPath)) === want);
        if (i < 0) continue;
        const path = [...c.path, 'volumeMounts', i, 'mountPath'];
        return one({ messageId: 'blank', data: { got: word(String(get(obj.value, path))) }, node: { obj, path }, hint: `write mountPath: ${mountPath}`, fix: certain(setEdit(obj, path, mountPath)) });
      }
      // A misspelt key (volumeMount:, mountpath:) hides the mount: name it rather than say there is none.
      for (const c of containers(obj)) {
        const key = 'volumeMounts' in c.value ? undefined : didYouMean('volumeMounts', Object.keys(c.value));
        if (key) return one({ messageId: 'listTypo', data: { key }, node: { obj, path: [...c.path, key], key: true }, hint: `rename "${key}:" to "volumeMounts:"`, fix: certain(renameKeyEdit(obj, [...c.path, key], 'volumeMounts')) });
        const mounts = c.value.volumeMounts;
        if (!Array.isArray(mounts)) continue;
        for (let i = 0; i < mounts.length; i++) {
          const m = mounts[i];
          if (!isRec(m) || 'mountPath' in m) continue;
          const k = didYouMean('mountPath', Object.keys(m));
          if (k && norm(m[k]) === want) return one({ messageId: 'pathTypo', data: { key: k }, node: { obj, path: [...c.path, 'volumeMounts', i, k], key: true }, hint: `rename "${k}:" to "mountPath:" (case matters)`, fix: certain(renameKeyEdit(obj, [...c.path, 'volumeMounts', i, k], 'mountPath')) });
        }
      }
      const image = typeof ctx.with.image === 'string' ? ctx.with.image : undefined;
      const c = containers(obj).find((x) => image !== undefined && typeof x.value.image === 'string' && x.value.image.trim() !== '' && parseImage(x.value.image).name === image) ?? containers(obj)[0];
      // One volume on the PVC and a container that mounts nothing: mount that volume at the path.
      const onPvc = Array.isArray(vols) ? vols.filter((v) => isRec(v) && typeof v.name === 'string' && get(v, ['persistentVolumeClaim', 'claimName']) !== undefined) : [];
      let fix = c && c.value.volumeMounts === undefined && onPvc.length === 1 ? certain(setEdit(obj, [...c.path, 'volumeMounts'], [{ name: (onPvc[0] as Record<string, unknown>).name, mountPath }])) : undefined;
      // No volumes at all and a PVC in the submission: the volume on it and the mount, both (the volume's name is the PVC's).
      const pvcName = finalName(ctx);
      if (!fix && c && c.value.volumeMounts === undefined && vols === undefined && pvcName) {
        fix = certain(setEdit(obj, [...c.path, 'volumeMounts'], [{ name: pvcName, mountPath }]), setEdit(obj, volsPath, [{ name: pvcName, persistentVolumeClaim: { claimName: pvcName } }]));
      }
      const mount = fix ? (fix.edits[0]!.value as { name: string }[])[0]!.name : '<volume>';
      const withVolume = fix && fix.edits.length > 1 ? `, and the volume: volumes: [{name: ${mount}, persistentVolumeClaim: {claimName: ${mount}}}] under spec.template.spec` : '';
      const beside = c ? undefined : specBesideTemplate(obj);
      if (beside) return [beside];
      return one({ messageId: 'noMount', node: { obj, path: c ? [...c.path, 'volumeMounts'] : volsPath }, hint: `add volumeMounts: [{name: ${mount}, mountPath: ${mountPath}}] to the Redis container${withVolume}`, ...(fix ? { fix } : {}) });
    }
    const claimText = `persistentVolumeClaim.claimName: ${pvc?.name ?? '<the PVC name>'}`;
    const vi = Array.isArray(vols) ? vols.findIndex((v) => isRec(v) && v.name === volName) : -1;
    if (vi < 0) {
      const declared = Array.isArray(vols) ? vols.flatMap((v) => (isRec(v) && typeof v.name === 'string' ? [v.name] : [])) : [];
      return one({
        messageId: 'undeclared',
        data: { volume: volName },
        node: { obj, path: [...mountAt, 'name'] },
        hint: declared.length > 0 ? `use the volume's name in the mount (name: ${declared[0]}), or add a volume named ${volName} with ${claimText}` : `add a volume named ${volName} with ${claimText}`,
        ...(declared.length === 1 ? { fix: certain(setEdit(obj, [...mountAt, 'name'], declared[0])) } : {}),
      });
    }
    const vol = (vols as unknown[])[vi] as Record<string, unknown>;
    const claim = get(vol, ['persistentVolumeClaim', 'claimName']);
    const source = vol.persistentVolumeClaim;
    if (claim === undefined && source !== undefined) {
      // persistentVolumeClaim: is there, its claimName is not (claimname:, or nothing under it).
      const typo = didYouMean('claimName', isRec(source) ? Object.keys(source) : []);
      const at = [...volsPath, vi, 'persistentVolumeClaim'];
      if (typo) return one({ messageId: 'claimTypo', data: { volume: volName, key: typo }, node: { obj, path: [...at, typo], key: true }, hint: `rename "${typo}:" to "claimName:" (case matters)`, fix: certain(renameKeyEdit(obj, [...at, typo], 'claimName')) });
      const name = finalName(ctx);
      return one({ messageId: 'noClaim', data: { volume: volName }, node: { obj, path: at }, hint: `add claimName: ${pvc?.name ?? '<the PVC name>'} under persistentVolumeClaim`, ...(name ? { fix: certain(setEdit(obj, [...at, 'claimName'], name)) } : {}) });
    }
    if (claim === undefined) {
      const kind = Object.keys(vol).find((k) => k !== 'name') ?? 'no source';
      return one({ messageId: 'notPvc', data: { volume: volName, source: kind }, node: { obj, path: [...volsPath, vi, kind] }, hint: `use persistentVolumeClaim: {claimName: ${pvc?.name ?? '<the PVC name>'}} for volume ${volName}` });
    }
    if (!pvc) {
      return one({ messageId: 'noPvc', data: { label: String(ctx.with.pvcLabel) }, hint: addOrFixFile(ctx.world.fileNames, String(ctx.with.pvcFile), String(ctx.with.pvcKind), String(ctx.with.filesCheck)) });
    }
    if (claim !== pvc.name) {
      // The name the PVC will have: when its name check renames it, the claim follows in the same round.
      const name = finalName(ctx) ?? pvc.name;
      const claimPath = [...volsPath, vi, 'persistentVolumeClaim', 'claimName'];
      const renamed = name !== pvc.name ? ` (redis-pvc.name renames the PVC to ${name})` : '';
      return one({ messageId: 'otherClaim', data: { volume: volName, claim: show(claim), name: show(pvc.name) }, node: { obj, path: claimPath }, hint: `set claimName: ${name}${renamed}`, ...(name ? { fix: certain(setEdit(obj, claimPath, name)) } : {}) });
    }
    // Mounted read-only (on the mount, or on the claim): Redis cannot write its dump, and the data is never kept.
    for (const at of [[...mountAt, 'readOnly'], [...volsPath, vi, 'persistentVolumeClaim', 'readOnly']]) {
      if (get(obj.value, at) === true) return one({ messageId: 'readOnly', node: { obj, path: at }, hint: `remove readOnly: true (or write readOnly: false) so that Redis can write to ${mountPath}`, fix: certain(setEdit(obj, at, false)) });
    }
    return [];
  },
};
export default template;
