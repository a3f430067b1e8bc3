/**
 * Check templates about Services: type, what the selector selects (and only
 * that), and ports.
 */
import type { KObject } from '../../parse/index.js';
import type { RoleName } from '../../types.js';
import { get, isRec, labelValue, namedContainerPort, pairs, podTemplate, portNumber, selects, targetPortNumber, templatePathOrDeployment, unmetLabels, type PodTemplate, type Rec } from '../../k8s/index.js';
import { clip, show } from '../../util/text.js';
import { fail, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { missing, misspeltKey, ROLE_INFO, roleCheck } from './common.js';
import { certain, moveUpEdit, renameKeyEdit, setEdit } from '../../fix/edits.js';
import type { Fix } from '../../types.js';

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

/** `<role>.selects-only-<app>`: the selector matches no pod template but the role's own (copies count). */
export function serviceSelectsOnly(meta: Meta & { target: RoleName }): StaticCheck {
  return roleCheck(
    meta,
    (svc, ctx) => {
      const own = ctx.roles[meta.target];
      const sel = selectorOf(svc);
      const intruders = ctx.objects.filter((o) => o !== own && o !== svc).flatMap((o) => {
        const t = podTemplate(o);
        return t && selects(sel, t.labels) ? [t] : [];
      });
      const label = ROLE_INFO[meta.target].label;
      if (intruders.length === 0) return pass(`spec.selector matches no pods but the ${label}'s`);
      const names = intruders.map((t) => `${t.obj.kind ?? 'object'} ${t.obj.name ?? '(unnamed)'} (${t.obj.file})`);
      const message = `spec.selector also matches the pods of ${names.join(', ')}`;
      const d = distinguishingHint(own, intruders, label, sel);
      return fail(message, svc.at(['spec', 'selector']), d.hint, d.key === undefined ? undefined : certain(setEdit(svc, ['spec', 'selector', d.key], d.value!)));
    },
  );
}

/** The label to add so the selector tells the role's pods from every intruder's. */
function distinguishingHint(own: KObject | undefined, intruders: PodTemplate[], label: string, selector: Rec): { hint: string; key?: string; value?: string } {
  const t = own && podTemplate(own);
  if (t) {
    for (const [k, v] of Object.entries(t.labels)) {
      if (intruders.every((i) => !(k in i.labels) || labelValue(i.labels[k]) !== labelValue(v))) {
        const hint = k in selector
          ? `set ${k}: ${labelValue(v)} in spec.selector (not ${labelValue(selector[k])}): the ${label}'s pods carry that, the other pods do not`
          : `add ${k}: ${labelValue(v)} to spec.selector: the other pods do not carry it`;
        return { hint, key: k, value: labelValue(v) };
      }
    }
    const files = [...new Set(intruders.map((i) => i.obj.file))].join(', ');
    return { hint: `the pods of ${files} carry every label of the ${label}'s pods: give them labels of their own (app: …), or give the ${label}'s pods one they lack and select it` };
  }
  return { hint: 'add a label to spec.selector that only the intended pods carry (app: …)' };
}

/** `<role>.ports`: a port has the rubric's port, and its targetPort resolves to it (by number or container port name). */
export function servicePorts(meta: Meta & { target: RoleName; param: 'redisPort' | 'flaskPort' }): StaticCheck {
  return roleCheck(
    meta,
    (svc, ctx) => {
      const want = ctx.params[meta.param];
      const ports = get(svc.value, ['spec', 'ports']);
      if (!Array.isArray(ports) || ports.length === 0) {
        // `ports:` indented under `selector:` is one fault, said by selects-<app>: the same fix, not a second instruction.
        if (get(svc.value, ['spec', 'selector', 'ports']) !== undefined && get(svc.value, ['spec', 'ports']) === undefined) {
          return fail('spec.ports is missing: ports: is indented under spec.selector', svc.at(['spec', 'ports']), 'move ports: left so that it lines up with selector:', certain(moveUpEdit(svc, ['spec', 'selector', 'ports'], ['spec'])));
        }
        return fail('spec.ports is missing or empty', svc.at(['spec', 'ports']), `add ports: [{port: ${want}, targetPort: ${want}}]`, certain(setEdit(svc, ['spec', 'ports'], [{ port: want, targetPort: want }])));
      }
      // The port must carry TCP (the default): Redis and Flask answer nothing on UDP or SCTP.
      const tcp = (p: Rec) => p.protocol === undefined || p.protocol === null || p.protocol === 'TCP';
      const i = ports.findIndex((p) => isRec(p) && portNumber(p.port) === want && tcp(p));
      const other = i < 0 ? ports.findIndex((p) => isRec(p) && portNumber(p.port) === want) : -1;
      if (other >= 0) {
        const at = ['spec', 'ports', other, 'protocol'];
        return fail(
          `port ${want} has protocol: ${clip(String(get(svc.value, at)), 40)}, but ${ROLE_INFO[meta.target].label.split(' ')[0]} answers on TCP: no connection reaches it`,
          svc.at(at),
          'remove the protocol line (TCP is the default), or write protocol: TCP',
          certain(setEdit(svc, at, 'TCP')),
        );
      }
      if (i < 0) {
        const got = ports.map((p) => show(get(p, ['port']))).join(', ');
        // One port: it becomes the rubric's, and its targetPort with it unless that already reaches the app.
        let fix: Fix | undefined;
        let hint = `set port: ${want}`;
        if (ports.length === 1 && isRec(ports[0])) {
          fix = certain(setEdit(svc, ['spec', 'ports', 0, 'port'], want));
          const tp = ports[0].targetPort;
          if (tp !== undefined && tp !== null && targetPortNumber(tp, ctx.roles[meta.target]) !== want) {
            fix.edits.push(setEdit(svc, ['spec', 'ports', 0, 'targetPort'], want));
            hint = `set port: ${want} and targetPort: ${want}`;
          }
        }
        return fail(`no port ${want} in spec.ports (it has ${got})`, svc.at(['spec', 'ports', 0, 'port']), hint, fix);
      }
      const p = ports[i] as Rec;
      const tp = p.targetPort;
      const at = svc.at(['spec', 'ports', i, 'targetPort']);
      const fix = certain(setEdit(svc, ['spec', 'ports', i, 'targetPort'], want));
      if (tp === undefined || tp === null) return pass(`port ${want} (targetPort not set, which means ${want})`);
      const n = portNumber(tp);
      if (n !== undefined) {
        return n === want
          ? pass(`port ${want} → targetPort ${want}`)
          : fail(`port ${want} sends traffic to targetPort ${n}, but the app listens on ${want}`, at, `set targetPort: ${want}`, fix);
      }
      const target = ctx.roles[meta.target];
      const named = target ? namedContainerPort(target, tp) : undefined;
      if (!target) return fail(`targetPort ${show(tp)} is a port name, and there is no ${ROLE_INFO[meta.target].label} to resolve it in`, at, `set targetPort: ${want}`, fix);
      if (!named) return fail(`targetPort ${show(tp)} names no container port of ${target.file}`, at, `set targetPort: ${want}, or name the container port ${show(tp)}`, fix);
      return named.number === want
        ? pass(`port ${want} → targetPort ${String(tp)} (containerPort ${want})`)
        : fail(`targetPort ${show(tp)} is containerPort ${named.number ?? '?'}, but the app listens on ${want}`, at, `set targetPort: ${want}`, fix);
    },
  );
}
