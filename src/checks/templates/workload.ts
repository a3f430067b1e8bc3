/**
 * Check templates about Deployments: replicas, image, container port, the
 * selector, and the data volume.
 */
import type { RoleName } from '../../types.js';
import { containerPorts, containers, get, isRec, isRedisImage, pairs, labelValue, parseImage, podTemplate, portNumber, sameImage } from '../../util/k8s.js';
import { clip, didYouMean, lookAlikes, show } from '../../util/text.js';
import { fail, failWith, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { missing, misspeltKey, roleCheck, scalar } from './common.js';

type Meta = CheckMeta & { role: RoleName };
type NumberParam = 'redisReplicas' | 'flaskReplicas' | 'redisPort' | 'flaskPort';

/** `<role>.replicas`: spec.replicas equals a rubric parameter (absent or null means 1). */
export function replicas(meta: Meta & { param: NumberParam }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params[meta.param] as number;
      const raw = get(obj.value, ['spec', 'replicas']);
      const got = raw === undefined || raw === null ? 1 : portNumber(raw);
      const at = obj.at(['spec', 'replicas']);
      if (got === want) return pass(`spec.replicas is ${want}`);
      if (raw === undefined || raw === null) {
        return failWith({ param: meta.param, value: 1 }, `spec.replicas is not set, which means 1; the rubric wants ${want}`, at, `add replicas: ${want} under spec`);
      }
      return failWith({ param: meta.param, value: got ?? scalar(raw) }, `spec.replicas is ${show(raw)}; the rubric wants ${want}`, at, `set replicas: ${want}`);
    },
  );
}

/** `<role>.image`: a container runs the rubric's image (after Docker's normalisation). */
export function image(meta: Meta & { param: 'redisImage' }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params[meta.param];
      const cs = containers(obj);
      const hit = cs.find((c) => typeof c.value.image === 'string' && sameImage(c.value.image, want));
      if (hit) return pass(`the container runs ${String(hit.value.image)}`);
      const c = cs.find((x) => isRedisImage(x.value.image)) ?? cs[0];
      if (!c) return fail('the pod template has no containers', obj.at([...(podTemplate(obj)?.path ?? []), 'spec', 'containers']), `add a container with image: ${want}`);
      const img = c.value.image;
      if (typeof img !== 'string' || img === '') return fail('the container has no image', obj.at([...c.path, 'image']), `set image: ${want}`);
      const got = parseImage(img);
      const untagged = got.tag === 'latest' && !got.digest && !img.trim().endsWith(':latest');
      const extra = untagged ? ` (no tag means ${img.trim()}:latest)` : '';
      return failWith({ param: meta.param, value: img.trim() }, `the container runs ${clip(img)}${lookAlikes(img)}${extra}; the rubric wants ${want}`, obj.at([...c.path, 'image']), `set image: ${want}`);
    },
  );
}

/** `<role>.port`: a container declares the rubric's containerPort. */
export function containerPort(meta: Meta & { param: NumberParam }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params[meta.param] as number;
      const ports = containerPorts(obj);
      if (ports.some((p) => p.number === want)) return pass(`a container declares containerPort ${want}`);
      const c = containers(obj)[0];
      if (!c) {
        const spec = [...(podTemplate(obj)?.path ?? ['spec', 'template']), 'spec'];
        const podSpec = get(obj.value, spec);
        const typo = isRec(podSpec) ? didYouMean('containers', Object.keys(podSpec)) : undefined;
        if (typo) {
          return fail(`the pod template has no containers ("${typo}" is written where "containers" was meant), so none declares containerPort ${want}`, obj.keyAt([...spec, typo]), `rename "${typo}:" to "containers:"`);
        }
        return fail(`the pod template has no containers, so none declares containerPort ${want}`, obj.at([...spec, 'containers']), `add spec.template.spec.containers with a container that has ports: [{containerPort: ${want}}]`);
      }
      if (ports.length === 0) {
        return fail(`no container declares a port; the app listens on ${want}`, obj.at(c ? [...c.path, 'name'] : ['spec']), `add under the container: ports: [{containerPort: ${want}}]`);
      }
      // `containerport: 5000` (or no containerPort at all) in a port entry.
      const unnumbered = ports.find((p) => p.number === undefined);
      if (unnumbered) {
        const entry = get(obj.value, unnumbered.path);
        const key = isRec(entry) && !('containerPort' in entry) ? didYouMean('containerPort', Object.keys(entry)) : undefined;
        if (key) return fail(`a port entry has "${key}" where "containerPort" was meant`, obj.keyAt([...unnumbered.path, key]), `rename "${key}:" to "containerPort:" (case matters)`);
        if (!ports.some((p) => p.number !== undefined)) {
          return fail(`the container's ports entry has no containerPort; the app listens on ${want}`, obj.at(unnumbered.path), `add containerPort: ${want} to the ports entry`);
        }
      }
      const got = ports.flatMap((p) => (p.number === undefined ? [] : [p.number])).join(', ');
      const first = ports.find((p) => p.number !== undefined) ?? ports[0]!;
      return fail(`the container declares containerPort ${got}; the rubric wants ${want}`, obj.at([...first.path, 'containerPort']), `set containerPort: ${want}`);
    },
  );
}

/** `<role>.selector`: spec.selector.matchLabels is non-empty and each pair is among the pod template's labels. */
export function selectorMatchesTemplate(meta: Meta): StaticCheck {
  return roleCheck(
    meta,
    (obj) => {
      const t = podTemplate(obj);
      const sel = get(obj.value, ['spec', 'selector', 'matchLabels']);
      const sp = pairs(sel);
      if (sp.length === 0) {
        const typo = misspeltKey(obj, ['spec', 'selector', 'matchLabels']) ?? misspeltKey(obj, ['spec', 'selector']);
        if (typo) {
          const at = obj.has(['spec', 'selector']) ? ['spec', 'selector', typo] : ['spec', typo];
          const meant = at.length === 3 ? 'matchLabels' : 'selector';
          return fail(`${at.slice(0, -1).join('.')} has "${typo}" where "${meant}" was meant`, obj.keyAt(at), `rename "${typo}:" to "${meant}:" (case matters)`);
        }
        return fail('spec.selector.matchLabels is missing or empty', obj.at(['spec', 'selector', 'matchLabels']), 'add spec.selector.matchLabels with a label of the pod template (app: …)');
      }
      const labels = t?.labels ?? {};
      const wrong = sp.find(([k, v]) => !(k in labels) || labelValue(labels[k]) !== v);
      if (!wrong) return pass(`spec.selector.matchLabels (${sp.map(([k, v]) => `${k}: ${v}`).join(', ')}) matches the pod template`);
      const [k, v] = wrong;
      const message = k in labels
        ? `selector ${k}: ${v} does not match the pod template's ${k}: ${labelValue(labels[k])}`
        : `selector ${k}: ${v} is not among the pod template's labels`;
      return fail(message, obj.at(['spec', 'selector', 'matchLabels', k]), `make spec.selector.matchLabels and spec.template.metadata.labels agree on ${k}`);
    },
  );
}

/** `redis-deployment.data-volume`: a container mounts /data from a volume claiming the PVC. */
export function dataVolume(meta: Meta & { pvcRole: RoleName; mountPath: string }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const pvc = ctx.roles[meta.pvcRole];
      const t = podTemplate(obj);
      const volsPath = [...(t?.path ?? ['spec', 'template']), 'spec', 'volumes'];
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
        // A misspelt key (volumeMount:, mountpath:) hides the mount: name it rather than say there is none.
        for (const c of containers(obj)) {
          const listKey = 'volumeMounts' in c.value ? undefined : didYouMean('volumeMounts', Object.keys(c.value));
          if (listKey) return fail(`the container has "${listKey}" where "volumeMounts" was meant, so it mounts nothing`, obj.keyAt([...c.path, listKey]), `rename "${listKey}:" to "volumeMounts:"`);
          const mounts = c.value.volumeMounts;
          if (!Array.isArray(mounts)) continue;
          for (let i = 0; i < mounts.length; i++) {
            const m = mounts[i];
            if (!isRec(m) || 'mountPath' in m) continue;
            const key = didYouMean('mountPath', Object.keys(m));
            if (key && norm(m[key]) === want) return fail(`the mount of ${meta.mountPath} has "${key}" where "mountPath" was meant`, obj.keyAt([...c.path, 'volumeMounts', i, key]), `rename "${key}:" to "mountPath:" (case matters)`);
          }
        }
        const c = containers(obj).find((x) => isRedisImage(x.value.image)) ?? containers(obj)[0];
        return fail(`no container mounts ${meta.mountPath}, where Redis keeps its data`, obj.at(c ? [...c.path, 'volumeMounts'] : volsPath), `add volumeMounts: [{name: <volume>, mountPath: ${meta.mountPath}}] to the Redis container`);
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
        return typo
          ? fail(`volume "${volName}" has persistentVolumeClaim.${typo} where claimName was meant`, obj.keyAt([...at, typo]), `rename "${typo}:" to "claimName:" (case matters)`)
          : fail(`volume "${volName}" has persistentVolumeClaim without a claimName`, obj.at(at), `add claimName: ${pvc?.name ?? '<the PVC name>'} under persistentVolumeClaim`);
      }
      if (claim === undefined) {
        const kind = Object.keys(vol).find((k) => k !== 'name') ?? 'no source';
        return fail(`${meta.mountPath} is on volume "${volName}" (${kind}), not on the PVC: the data is lost when the pod goes`, obj.at([...volsPath, vi, kind]), `use persistentVolumeClaim: {claimName: ${pvc?.name ?? '<the PVC name>'}} for volume ${volName}`);
      }
      if (!pvc) return missing(meta.pvcRole, ctx.params, ctx.fileNames);
      if (claim !== pvc.name) {
        return fail(`volume "${volName}" claims ${show(claim)}, but the PVC is named ${show(pvc.name)}`, obj.at([...volsPath, vi, 'persistentVolumeClaim', 'claimName']), `set claimName: ${pvc.name}`);
      }
      return pass(`${meta.mountPath} is mounted from PVC ${pvc.name}`);
    },
  );
}
