/** The check template about what a Service's selector selects: `*.selects-<app>`. */
import type { KObject } from '../../parse/index.js';
import type { RoleName } from '../../types.js';
import { get, isRec, labelValue, pairs, podTemplate, templatePathOrDeployment, unmetLabels, type Rec } from '../../k8s/index.js';
import { fail, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { missing, misspeltKey, ROLE_INFO, roleCheck } from './common.js';
import { certain, moveUpEdit, renameKeyEdit, setEdit } from '../../fix/edits.js';

type Meta = CheckMeta & { role: RoleName };

/** Fields of a Service's spec, for a selector that swallowed one by indentation. */
const SERVICE_SPEC_FIELDS = new Set(['ports', 'type', 'clusterIP', 'clusterIPs', 'sessionAffinity', 'externalTrafficPolicy', 'externalName', 'loadBalancerIP', 'ipFamilies']);

function selectorOf(svc: KObject): Rec {
  const s = get(svc.value, ['spec', 'selector']);
  return isRec(s) ? s : {};
}

/** `<role>.selects-<app>`: the selector is non-empty and every pair is in the target Deployment's pod labels. */
export function serviceSelects(meta: Meta & { target: RoleName }): StaticCheck {
  return roleCheck(
    meta,
    (svc, ctx) => {
      const target = ctx.roles[meta.target];
      const label = ROLE_INFO[meta.target].label;
      const sel = pairs(selectorOf(svc));
      if (sel.length === 0) {
        const typo = misspeltKey(svc, ['spec', 'selector']);
        if (typo) return fail(`spec has "${typo}" where "selector" was meant: the Service selects no pods`, svc.keyAt(['spec', typo]), `rename "${typo}:" to "selector:"`, certain(renameKeyEdit(svc, ['spec', typo], 'selector')));
        const app = target ? podTemplate(target)?.labels.app : undefined;
        return fail('spec.selector is missing or empty: the Service selects no pods', svc.at(['spec', 'selector']), app === undefined ? `add spec.selector with the ${label}'s pod labels` : `add spec.selector: {app: ${labelValue(app)}}, the ${label}'s pod label`, app === undefined ? undefined : certain(setEdit(svc, ['spec', 'selector'], { app: labelValue(app) })));
      }
      // A Deployment's `matchLabels:` (or matchExpressions) copied into a Service: a Service selector is a plain label map.
      const nested = Object.entries(selectorOf(svc)).find(([, v]) => v !== null && typeof v === 'object');
      if (nested) {
        const [k] = nested;
        const at = svc.at(['spec', 'selector', k]);
        if (k === 'matchLabels' || k === 'matchExpressions') {
          return fail(`spec.selector has ${k}:, which only Deployments use: a Service's selector lists the labels directly`, at, k === 'matchLabels' ? 'remove the matchLabels: line and indent its labels directly under spec.selector' : 'write the pod labels directly under spec.selector (label: value)');
        }
        if (SERVICE_SPEC_FIELDS.has(k)) {
          return fail(`spec.selector holds ${k}:, a field of spec: it is indented too far`, at, `move ${k}: left so that it lines up with selector:`, certain(moveUpEdit(svc, ['spec', 'selector', k], ['spec'])));
        }
        return fail(`spec.selector has a ${Array.isArray(nested[1]) ? 'list' : 'map'} under "${k}": a Service's selector holds only label: value pairs`, at, 'write the pod labels directly under spec.selector (label: value)');
      }
      if (!target) return missing(meta.target, ctx.params, ctx.fileNames);
      const t = podTemplate(target);
      const labels = t?.labels ?? {};
      const unmet = unmetLabels(selectorOf(svc), labels);
      const wrong = unmet[0];
      if (!wrong) return pass(`spec.selector selects the ${label}'s pods (${target.file})`);
      const [k, v] = wrong;
      const theirs = k in labels ? `they carry ${k}: ${labelValue(labels[k])}` : `they carry no "${k}" label`;
      // Every pair that does not match: a key the pods carry takes the pods' value; a key they lack
      // is added to the pods (removing it from the selector would be the other way; adding removes nothing).
      const edits = unmet.map(([sk, sv]) =>
        sk in labels ? setEdit(svc, ['spec', 'selector', sk], labelValue(labels[sk])) : setEdit(target, [...templatePathOrDeployment(target), 'metadata', 'labels', sk], sv),
      );
      return fail(
        `selector ${k}: ${v} does not match the ${label}'s pods (${theirs})`,
        svc.at(['spec', 'selector', k]),
        k in labels ? `set ${k}: ${labelValue(labels[k])} in spec.selector (the pod template labels of ${target.file})` : `use the pod template labels of ${target.file} in spec.selector`,
        t ? certain(...edits) : undefined,
      );
    },
  );
}
