/**
 * Constructors of fixes (src/types.ts: Fix, FixEdit) for the checks: each names the object's
 * file and document, so a check says what to change by YAML path and `kubegrade fix` applies it.
 * The "who refers to what" of a submission lives here too, so that a rename or a relabel comes
 * with the edits of everything that refers to the old name or label (claimName, selectors).
 */
import type { KObject, Path } from '../parse/index.js';
import type { Fix, FixEdit } from '../types.js';
import { containers, get, isRec, kindIs, labelValue, podTemplate, unmetLabel } from '../k8s/index.js';

type Target = Pick<KObject, 'file' | 'document' | 'base'>;
/** A path in the object as a path in its document (an item of a List sits under items[i]). */
const inDoc = (obj: Target, path: Path) => (obj.base ? [...obj.base, ...path] : [...path]);

export function setEdit(obj: Target, path: Path, value: unknown): FixEdit {
  return { kind: 'set', file: obj.file, document: obj.document, path: inDoc(obj, path), value };
}

export function renameKeyEdit(obj: Target, path: Path, to: string): FixEdit {
  return { kind: 'rename-key', file: obj.file, document: obj.document, path: inDoc(obj, path), to };
}

export function moveUpEdit(obj: Target, path: Path, under: Path): FixEdit {
  return { kind: 'reindent', file: obj.file, document: obj.document, path: inDoc(obj, path), under: inDoc(obj, under) };
}

export function renameFileEdit(file: string, to: string): FixEdit {
  return { kind: 'rename-file', file, to };
}

export const certain = (...edits: FixEdit[]): Fix => ({ edits, certain: true });
export const suggestion = (...edits: FixEdit[]): Fix => ({ edits, certain: false });

/**
 * Renaming a PVC or a Service: the new name, and every reference to the old one in the
 * submission (a volume's claimName; an env value naming the Service, REDIS_HOST say).
 */
export function renameObject(obj: KObject, to: string, objects: readonly KObject[]): FixEdit[] {
  const edits = [setEdit(obj, ['metadata', 'name'], to)];
  const old = obj.name;
  if (!old) return edits;
  for (const o of objects) {
    const t = podTemplate(o);
    if (!t) continue;
    if (kindIs(obj, 'PersistentVolumeClaim')) {
      const vols = get(o.value, [...t.path, 'spec', 'volumes']);
      if (Array.isArray(vols)) {
        vols.forEach((v, i) => {
          if (get(v, ['persistentVolumeClaim', 'claimName']) === old) edits.push(setEdit(o, [...t.path, 'spec', 'volumes', i, 'persistentVolumeClaim', 'claimName'], to));
        });
      }
    }
    if (kindIs(obj, 'Service')) {
      for (const c of containers(o, true)) {
        const env = c.value.env;
        if (!Array.isArray(env)) continue;
        env.forEach((e, i) => {
          if (isRec(e) && e.value === old) edits.push(setEdit(o, [...c.path, 'env', i, 'value'], to));
        });
      }
    }
  }
  return edits;
}

/**
 * A pod template label `key` goes from `old` to `value`: the edit, and the same change in every
 * selector that selected these pods by `key: old` (the workload's own matchLabels, Services), so
 * that what selected the pods before still does.
 */
export function relabelPods(obj: KObject, key: string, old: unknown, value: string, objects: readonly KObject[], ownService?: KObject): FixEdit[] {
  const t = podTemplate(obj);
  if (!t) return [];
  const edits = [setEdit(obj, [...t.path, 'metadata', 'labels', key], value)];
  if (old === undefined) return edits;
  const was = labelValue(old);
  const own = get(obj.value, ['spec', 'selector', 'matchLabels']);
  if (isRec(own) && key in own && labelValue(own[key]) === was) edits.push(setEdit(obj, ['spec', 'selector', 'matchLabels', key], value));
  for (const o of objects) {
    if (!kindIs(o, 'Service')) continue;
    const sel = get(o.value, ['spec', 'selector']);
    if (!isRec(sel) || !(key in sel) || labelValue(sel[key]) !== was) continue;
    // Only the Services that select these pods, and of those only the pods' own Service or one
    // that selects no other pods (a selector that also takes the other app's pods is that app's).
    const picks = (labels: Record<string, unknown>) => unmetLabel(sel, labels) === undefined;
    if (!picks(t.labels)) continue;
    const others = objects.some((x) => x !== obj && podTemplate(x) && picks(podTemplate(x)!.labels));
    if (o === ownService || !others) edits.push(setEdit(o, ['spec', 'selector', key], value));
  }
  return edits;
}
