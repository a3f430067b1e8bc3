/** Check templates about the PersistentVolumeClaim: access modes, storage class, storage request. */
import type { RoleName } from '../../types.js';
import { get, parseQuantity } from '../../k8s/index.js';
import { didYouMean, editDistance, show } from '../../util/text.js';
import { failWith, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { roleCheck, scalar } from './common.js';
import { certain, setEdit } from '../../fix/edits.js';

type Meta = CheckMeta & { role: RoleName };

/** `redis-pvc.access-modes`: spec.accessModes is exactly the rubric's list (case matters). */
export function accessModes(meta: Meta): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params.accessModes;
      const got = get(obj.value, ['spec', 'accessModes']);
      const list = Array.isArray(got) ? got : undefined;
      const wantText = `[${want.join(', ')}]`;
      if (list && list.length === want.length && list.every((m, i) => m === want[i])) return pass(`accessModes is ${wantText}`);
      if (!list) {
        return failWith(
          { param: 'accessModes', value: got === undefined || got === null ? null : [String(got)] },
          `spec.accessModes is ${got === undefined ? 'missing' : `${show(got)}, not a list`}; the rubric wants ${wantText}`,
          obj.at(['spec', 'accessModes']),
          got === undefined ? `add accessModes: ${wantText} under spec` : `write it as a list: accessModes: ${wantText}`,
          certain(setEdit(obj, ['spec', 'accessModes'], [...want])),
        );
      }
      const bad = list.findIndex((m, i) => m !== want[i]);
      const at = obj.at(['spec', 'accessModes', bad >= 0 && bad < list.length ? bad : 0]);
      const known = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
      const typed = bad >= 0 ? list[bad] : undefined;
      const meant = typeof typed === 'string' ? didYouMean(typed, known) : undefined;
      const why = meant && want.includes(meant) ? `; Kubernetes expects ${meant}` : `; the rubric wants ${wantText}`;
      // Same length: each mode rewritten in place (the list keeps its style and comments).
      const fix = list.length === want.length ? certain(...want.flatMap((m, i) => (list[i] === m ? [] : [setEdit(obj, ['spec', 'accessModes', i], m)]))) : undefined;
      return failWith({ param: 'accessModes', value: list.map(String) }, `accessModes is ${show(list)}${why}`, at, meant ? `write ${meant} (case matters)` : `set accessModes: ${wantText}`, fix);
    },
  );
}

/** `redis-pvc.storage-class`: spec.storageClassName is the rubric's class. */
export function storageClass(meta: Meta): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params.storageClassName;
      const got = get(obj.value, ['spec', 'storageClassName']);
      if (got === want) return pass(`storageClassName is "${want}"`);
      const at = obj.at(['spec', 'storageClassName']);
      if (got === undefined || got === null) {
        return failWith({ param: 'storageClassName', value: null }, `spec.storageClassName is not set (the cluster's default class would be used); the rubric wants "${want}"`, at, `add storageClassName: ${want} under spec`, certain(setEdit(obj, ['spec', 'storageClassName'], want)));
      }
      const near = typeof got === 'string' && editDistance(got, want) <= 1 ? ` (close: check the letters, "${got}" is not "${want}")` : '';
      return failWith(
        { param: 'storageClassName', value: scalar(got) },
        `storageClassName is ${show(got)}; the rubric wants "${want}"${near}`,
        at,
        `set storageClassName: ${want} (if your cluster names its class differently, ask your instructor: the rubric is set for "${want}")`,
        certain(setEdit(obj, ['spec', 'storageClassName'], want)),
      );
    },
  );
}

/** `redis-pvc.storage-request`: spec.resources.requests.storage equals the rubric's size as a quantity. */
export function storageRequest(meta: Meta): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const want = ctx.params.storage;
      const wantBytes = parseQuantity(want);
      const path = ['spec', 'resources', 'requests', 'storage'];
      const got = get(obj.value, path);
      const at = obj.at(path);
      const fix = certain(setEdit(obj, path, want));
      if (got === undefined || got === null) return failWith({ param: 'storage', value: null }, 'spec.resources.requests.storage is missing', at, `add resources: {requests: {storage: ${want}}} under spec`, fix);
      const bytes = parseQuantity(got);
      if (bytes !== undefined && bytes === wantBytes) return pass(`storage request ${String(got)} equals ${want}`);
      if (bytes === undefined) {
        return failWith({ param: 'storage', value: scalar(got) }, `storage ${show(got)} is not a Kubernetes quantity (the API rejects it)`, at, `write ${want}: Kubernetes writes binary units as Ki, Mi, Gi (no B)`, fix);
      }
      const decimal = typeof got === 'string' && /[kMGTPE]$/.test(got);
      // Plain digits: toExponential(0) rounded 1500M to "2e9".
      const why = decimal ? ` (${got} is ${bytes} bytes; ${want} is ${wantBytes} bytes)` : '';
      return failWith({ param: 'storage', value: scalar(got) }, `storage request is ${String(got)}; the rubric wants ${want}${why}`, at, `set storage: ${want}`, fix);
    },
  );
}
