/**
 * Check templates about Deployments: the
 * selector, and the data volume.
 */
import type { RoleName } from '../../types.js';
import { containers, get, isRec, isRedisImage, templatePathOrDeployment } from '../../k8s/index.js';
import type { KObject } from '../../parse/index.js';
import { didYouMean, goTrimSpace, interpolate, show, word } from '../../util/text.js';
import { fail, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { finalName, missing, roleCheck } from './common.js';
import { certain, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { SPEC_BESIDE_TEMPLATE, specBesideTemplate } from '../../engine/pods.js';
import { locate } from '../../engine/grade.js';

type Meta = CheckMeta & { role: RoleName };

/** `redis-deployment.data-volume`: a container mounts /data from a volume claiming the PVC. */
export function dataVolume(meta: Meta & { pvcRole: RoleName; mountPath: string }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const pvc = ctx.roles[meta.pvcRole];
      const volsPath = [...templatePathOrDeployment(obj), 'spec', 'volumes'];
      const vols = get(obj.value, volsPath);
      const norm = (p: unknown) => (typeof p === 'string' ? p.replace(/\/+$/, '') || '/' : '');
      const want = norm(meta.mountPath);
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
          return fail(`the container mounts ${word(String(get(obj.value, path)))}, a folder of its own, not ${meta.mountPath}, where Redis keeps its data`, obj.at(path), `write mountPath: ${meta.mountPath}`, certain(setEdit(obj, path, meta.mountPath)));
        }
        // A misspelt key (volumeMount:, mountpath:) hides the mount: name it rather than say there is none.
        for (const c of containers(obj)) {
          const listKey = 'volumeMounts' in c.value ? undefined : didYouMean('volumeMounts', Object.keys(c.value));
          if (listKey) return fail(`the container has "${listKey}" where "volumeMounts" was meant, so it mounts nothing`, obj.keyAt([...c.path, listKey]), `rename "${listKey}:" to "volumeMounts:"`, certain(renameKeyEdit(obj, [...c.path, listKey], 'volumeMounts')));
          const mounts = c.value.volumeMounts;
          if (!Array.isArray(mounts)) continue;
          for (let i = 0; i < mounts.length; i++) {
            const m = mounts[i];
            if (!isRec(m) || 'mountPath' in m) continue;
            const key = didYouMean('mountPath', Object.keys(m));
            if (key && norm(m[key]) === want) return fail(`the mount of ${meta.mountPath} has "${key}" where "mountPath" was meant`, obj.keyAt([...c.path, 'volumeMounts', i, key]), `rename "${key}:" to "mountPath:" (case matters)`, certain(renameKeyEdit(obj, [...c.path, 'volumeMounts', i, key], 'mountPath')));
          }
        }
        const c = containers(obj).find((x) => isRedisImage(x.value.image)) ?? containers(obj)[0];
        // One volume on the PVC and a container that mounts nothing: mount that volume at /data.
        const onPvc = Array.isArray(vols) ? vols.filter((v) => isRec(v) && typeof v.name === 'string' && get(v, ['persistentVolumeClaim', 'claimName']) !== undefined) : [];
        let fix = c && c.value.volumeMounts === undefined && onPvc.length === 1 ? certain(setEdit(obj, [...c.path, 'volumeMounts'], [{ name: (onPvc[0] as Record<string, unknown>).name, mountPath: meta.mountPath }])) : undefined;
        // No volumes at all and a PVC in the submission: the volume on it and the mount, both (the volume's name is the PVC's).
        const pvcName = finalName(meta.pvcRole, ctx);
        if (!fix && c && c.value.volumeMounts === undefined && vols === undefined && pvcName) {
          fix = certain(
            setEdit(obj, [...c.path, 'volumeMounts'], [{ name: pvcName, mountPath: meta.mountPath }]),
            setEdit(obj, volsPath, [{ name: pvcName, persistentVolumeClaim: { claimName: pvcName } }]),
          );
        }
        const mount = fix ? (fix.edits[0]!.value as { name: string }[])[0]!.name : '<volume>';
        const withVolume = fix && fix.edits.length > 1 ? `, and the volume: volumes: [{name: ${mount}, persistentVolumeClaim: {claimName: ${mount}}}] under spec.template.spec` : '';
        if (!c) {
          const beside = besideTemplate(obj);
          if (beside) return beside;
        }
        return fail(`no container mounts ${meta.mountPath}, where Redis keeps its data`, obj.at(c ? [...c.path, 'volumeMounts'] : volsPath), `add volumeMounts: [{name: ${mount}, mountPath: ${meta.mountPath}}] to the Redis container${withVolume}`, fix);
      }
      const vi = Array.isArray(vols) ? vols.findIndex((v) => isRec(v) && v.name === volName) : -1;
      if (vi < 0) {
        const declared = Array.isArray(vols) ? vols.flatMap((v) => (isRec(v) && typeof v.name === 'string' ? [v.name] : [])) : [];
        const claim = `persistentVolumeClaim.claimName: ${pvc?.name ?? '<the PVC name>'}`;
        return fail(
          `${meta.mountPath} is mounted from volume "${volName}", which spec.template.spec.volumes does not declare`,
          obj.at([...mountAt, 'name']),
          declared.length > 0
            ? `use the volume's name in the mount (name: ${declared[0]}), or add a volume named ${volName} with ${claim}`
            : `add a volume named ${volName} with ${claim}`,
          declared.length === 1 ? certain(setEdit(obj, [...mountAt, 'name'], declared[0])) : undefined,
        );
      }
      const vol = (vols as unknown[])[vi] as Record<string, unknown>;
      const claim = get(vol, ['persistentVolumeClaim', 'claimName']);
      const source = vol.persistentVolumeClaim;
      if (claim === undefined && source !== undefined) {
        // persistentVolumeClaim: is there, its claimName is not (claimname:, or nothing under it).
        const keys = isRec(source) ? Object.keys(source) : [];
        const typo = didYouMean('claimName', keys);
        const at = [...volsPath, vi, 'persistentVolumeClaim'];
        const name = finalName(meta.pvcRole, ctx);
        return typo
          ? fail(`volume "${volName}" has persistentVolumeClaim.${typo} where claimName was meant`, obj.keyAt([...at, typo]), `rename "${typo}:" to "claimName:" (case matters)`, certain(renameKeyEdit(obj, [...at, typo], 'claimName')))
          : fail(`volume "${volName}" has persistentVolumeClaim without a claimName`, obj.at(at), `add claimName: ${pvc?.name ?? '<the PVC name>'} under persistentVolumeClaim`, name ? certain(setEdit(obj, [...at, 'claimName'], name)) : undefined);
      }
      if (claim === undefined) {
        const kind = Object.keys(vol).find((k) => k !== 'name') ?? 'no source';
        return fail(`${meta.mountPath} is on volume "${volName}" (${kind}), not on the PVC: the data is lost when the pod goes`, obj.at([...volsPath, vi, kind]), `use persistentVolumeClaim: {claimName: ${pvc?.name ?? '<the PVC name>'}} for volume ${volName}`);
      }
      if (!pvc) return missing(meta.pvcRole, ctx.params, ctx.fileNames);
      if (claim !== pvc.name) {
        // The name the PVC will have: when redis-pvc.name renames it, the claim follows in the same round.
        const name = finalName(meta.pvcRole, ctx) ?? pvc.name;
        const claimPath = [...volsPath, vi, 'persistentVolumeClaim', 'claimName'];
        const renamed = name !== pvc.name ? ` (redis-pvc.name renames the PVC to ${name})` : '';
        return fail(`volume "${volName}" claims ${show(claim)}, but the PVC is named ${show(pvc.name)}`, obj.at(claimPath), `set claimName: ${name}${renamed}`, name ? certain(setEdit(obj, claimPath, name)) : undefined);
      }
      // Mounted read-only (on the mount, or on the claim): Redis cannot write its dump, and the data is never kept.
      for (const at of [[...mountAt, 'readOnly'], [...volsPath, vi, 'persistentVolumeClaim', 'readOnly']]) {
        if (get(obj.value, at) === true) {
          return fail(
            `${meta.mountPath} is mounted with readOnly: true: Redis cannot write its data there, so nothing is kept on the PVC`,
            obj.at(at),
            `remove readOnly: true (or write readOnly: false) so that Redis can write to ${meta.mountPath}`,
            certain(setEdit(obj, at, false)),
          );
        }
      }
      return pass(`${meta.mountPath} is mounted from PVC ${pvc.name}`);
    },
  );
}

/**
 * The failure for a workload whose pod spec sits beside `template:` instead of under it: its
 * containers are there, but not where Kubernetes reads them (the schema check names the field).
 */
function besideTemplate(obj: KObject): ReturnType<typeof fail> | undefined {
  const f = specBesideTemplate(obj);
  return f && fail(interpolate(SPEC_BESIDE_TEMPLATE, f.data ?? {}), locate(f.node), f.hint);
}
