/**
 * A Service's selector is a plain, non-empty label map and every pair is among `target`'s pod labels; a
 * misspelt `selector:`, a Deployment's `matchLabels:` copied in, and fields indented into it are named as such.
 */
import { certain, moveUpEdit, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { get, isRec, labelValue, pairs, podTemplate, templatePathOrDeployment, unmetLabels } from '../../k8s/index.js';
import { addOrFixFile, misspeltKey } from '../keys.js';
import { forTerminalLine } from '../../util/escape.js';
import { missingHint } from '../findings.js';
import type { Template, TemplateContext } from '../types.js';

/** Fields of a Service's spec, for a selector that swallowed one by indentation. */
const SERVICE_SPEC_FIELDS = new Set(['ports', 'type', 'clusterIP', 'clusterIPs', 'sessionAffinity', 'externalTrafficPolicy', 'externalName', 'loadBalancerIP', 'ipFamilies']);

/** The target's name in messages: `label`, else the rubric's label of the target role. */
const labelOf = (ctx: TemplateContext): string => (typeof ctx.with.label === 'string' ? ctx.with.label : (ctx.world.rubric.roles.find((r) => r.name === ctx.with.target)?.label ?? String(ctx.with.target)));

const template: Template = {
  key: 'selects-pods',
  kinds: ['Service'],
  description: 'The Service\'s `spec.selector` is a non-empty map of label: value pairs, each among the pod template labels of `target` in this environment (`label` names it in messages, by default the role\'s label; without the target, `file` is where it belongs, a `kind`, and `filesCheck` says what is wrong with that file, by default the rubric\'s file check of the role). The fix makes the selector follow the pods, and gives the pods a label they lack.',
  schema: {
    type: 'object',
    required: ['target'],
    additionalProperties: false,
    properties: { target: { type: 'string' }, label: { type: 'string' }, file: { type: 'string' }, kind: { type: 'string' }, filesCheck: { type: 'string' } },
  },
  messages: {
    ok: 'spec.selector selects the {{label}}\'s pods ({{file}})',
    selectorTypo: 'spec has "{{typo}}" where "selector" was meant: the Service selects no pods',
    empty: 'spec.selector is missing or empty: the Service selects no pods',
    deploymentSelector: 'spec.selector has {{key}}:, which only Deployments use: a Service\'s selector lists the labels directly',
    indented: 'spec.selector holds {{key}}:, a field of spec: it is indented too far',
    nested: 'spec.selector has a {{shape}} under "{{key}}": a Service\'s selector holds only label: value pairs',
    noTarget: 'no {{label}} found in {{where}}',
    misses: 'selector {{key}}: {{value}} does not match the {{label}}\'s pods ({{theirs}})',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { label: labelOf(ctx), file: ctx.roleObj(String(ctx.with.target))!.file } };
  },
  check(ctx) {
    const svc = ctx.obj!;
    const label = labelOf(ctx);
    const target = ctx.roleObj(String(ctx.with.target));
    const s = get(svc.value, ['spec', 'selector']);
    const selector = isRec(s) ? s : {};
    if (pairs(selector).length === 0) {
      const typo = misspeltKey(svc, ['spec', 'selector']);
      if (typo) return [{ messageId: 'selectorTypo', data: { typo }, node: { obj: svc, path: ['spec', typo], key: true }, hint: `rename "${typo}:" to "selector:"`, fix: certain(renameKeyEdit(svc, ['spec', typo], 'selector')) }];
      const app = target ? podTemplate(target)?.labels.app : undefined;
      const node = { obj: svc, path: ['spec', 'selector'] };
      if (app === undefined) return [{ messageId: 'empty', node, hint: `add spec.selector with the ${label}'s pod labels` }];
      return [{ messageId: 'empty', node, hint: `add spec.selector: {app: ${labelValue(app)}}, the ${label}'s pod label`, fix: certain(setEdit(svc, ['spec', 'selector'], { app: labelValue(app) })) }];
    }
    // A Deployment's `matchLabels:` (or matchExpressions) copied into a Service: a Service selector is a plain label map.
    const nested = Object.entries(selector).find(([, v]) => v !== null && typeof v === 'object');
    if (nested) {
      const [key, v] = nested;
      const node = { obj: svc, path: ['spec', 'selector', key] };
      if (key === 'matchLabels' || key === 'matchExpressions') {
        return [{ messageId: 'deploymentSelector', data: { key }, node, hint: key === 'matchLabels' ? 'remove the matchLabels: line and indent its labels directly under spec.selector' : 'write the pod labels directly under spec.selector (label: value)' }];
      }
      if (SERVICE_SPEC_FIELDS.has(key)) return [{ messageId: 'indented', data: { key }, node, hint: `move ${key}: left so that it lines up with selector:`, fix: certain(moveUpEdit(svc, ['spec', 'selector', key], ['spec'])) }];
      return [{ messageId: 'nested', data: { key, shape: Array.isArray(v) ? 'list' : 'map' }, node, hint: 'write the pod labels directly under spec.selector (label: value)' }];
    }
    if (!target) {
      const where = ctx.env ? `the ${ctx.env} environment` : 'the submission';
      const hint = typeof ctx.with.file === 'string' ? addOrFixFile(ctx.world.fileNames, ctx.with.file, String(ctx.with.kind), String(ctx.with.filesCheck)) : missingHint(ctx.world, ctx.env, String(ctx.with.target), '') || undefined;
      return [{ messageId: 'noTarget', data: { label, where }, ...(hint ? { hint } : {}) }];
    }
    const t = podTemplate(target);
    const labels = t?.labels ?? {};
    const unmet = unmetLabels(selector, labels);
    if (unmet.length === 0) return [];
    const [key, value] = unmet[0]!;
    const theirs = key in labels ? `they carry ${key}: ${labelValue(labels[key])}` : `they carry no "${key}" label`;
    // Every pair that does not match: a key the pods carry takes the pods' value; a key they lack
    // is added to the pods (removing it from the selector would be the other way; adding removes nothing).
    const edits = unmet.map(([k, v]) => (k in labels ? setEdit(svc, ['spec', 'selector', k], labelValue(labels[k])) : setEdit(target, [...templatePathOrDeployment(target), 'metadata', 'labels', k], v)));
    const hint = key in labels ? `set ${key}: ${labelValue(labels[key])} in spec.selector (the pod template labels of ${forTerminalLine(target.file)})` : `use the pod template labels of ${forTerminalLine(target.file)} in spec.selector`;
    return [{ messageId: 'misses', data: { key, value, label, theirs }, node: { obj: svc, path: ['spec', 'selector', key] }, hint, ...(t ? { fix: certain(...edits) } : {}) }];
  },
};
export default template;
