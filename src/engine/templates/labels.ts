/**
 * The role's labels (its own, or its pod template's) carry each of `labels` (`{username: jdoe, env: test}`);
 * a misspelt key (`lables:`, `usename:`) and label lines left beside an empty `labels:` are named as such.
 */
import { certain, moveUpEdit, relabelPods, renameKeyEdit, setEdit } from '../../fix/edits.js';
import { get, isRec, labelValue, templatePathOrDeployment } from '../../k8s/index.js';
import type { KObject, Path } from '../../parse/index.js';
import type { FixEdit } from '../../types.js';
import { didYouMean, show } from '../../util/text.js';
import type { TFinding, Template, TemplateContext } from '../types.js';

/** `spec.template.metadata.labels`: a field name reads right with "has" (a plural noun does not). */
const pathText = (path: Path): string => path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : seg)).join('.').replace(/\.\[/g, '[');

function where(ctx: TemplateContext, obj: KObject): { path: Path; text: string } {
  if (ctx.with.scope !== 'pod-template') return { path: ['metadata', 'labels'], text: 'metadata.labels' };
  const path = [...templatePathOrDeployment(obj), 'metadata', 'labels'];
  return { path, text: pathText(path) };
}

const template: Template = {
  key: 'labels',
  kinds: [],
  description: 'The role\'s `metadata.labels` (`scope: object`) or its pod template\'s (`scope: pod-template`) carry each of `labels`. A pod label\'s fix changes the selectors that select on it too (the Deployment\'s, and `service`\'s); `alsoIn` names them in the hint.',
  schema: {
    type: 'object',
    required: ['labels'],
    additionalProperties: false,
    properties: {
      labels: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
      scope: { enum: ['object', 'pod-template'] },
      service: { type: 'string' },
      alsoIn: { type: 'string' },
    },
  },
  messages: {
    ok: '{{where}} has {{pairs}}',
    labelsTypo: '{{where}} is missing: "{{typo}}" is written where "{{last}}" was meant',
    notIndented: '{{where}} is empty: {{keys}} {{verb}} not indented under labels:',
    wrong: '{{where}} {{problems}}',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { where: where(ctx, ctx.obj!).text, pairs: Object.entries(ctx.with.labels as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join(' and ') } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const { path, text } = where(ctx, obj);
    const wants = Object.entries(ctx.with.labels as Record<string, string>);
    const service = typeof ctx.with.service === 'string' ? ctx.roleObj(ctx.with.service) : undefined;
    /** The edits that give label `key` the value `value` (a pod label: with the selectors that select on it). */
    const relabel = (key: string, old: unknown, value: string): FixEdit[] =>
      ctx.with.scope === 'pod-template' ? relabelPods(obj, key, old, value, ctx.world.objects, service) : [setEdit(obj, [...path, key], value)];
    const labels = get(obj.value, path);
    const map = isRec(labels) ? labels : {};
    const parentPath = path.slice(0, -1);
    const parent = get(obj.value, parentPath);
    if (labels === undefined) {
      // `lables:` typed for `labels:`: point at the misspelt key, not at its parent.
      const last = String(path[path.length - 1]);
      const typo = isRec(parent) ? didYouMean(last, Object.keys(parent)) : undefined;
      if (typo) return [{ messageId: 'labelsTypo', data: { where: text, typo, last }, node: { obj, path: [...parentPath, typo], key: true }, hint: `rename "${typo}:" to "${last}:"`, fix: certain(renameKeyEdit(obj, [...parentPath, typo], last)) }];
    }
    // `labels:` left empty with the label lines at its own column: they belong in it (schema.* says so too).
    const strays = labels === null && isRec(parent) ? wants.filter(([k, v]) => labelValue(parent[k]) === v) : [];
    if (strays.length > 0) {
      const keys = strays.map(([k]) => `${k}:`).join(' and ');
      return [{ messageId: 'notIndented', data: { where: text, keys, verb: strays.length === 1 ? 'is' : 'are' }, node: { obj, path: [...parentPath, strays[0]![0]], key: true }, hint: `indent ${keys} under labels:`, fix: certain(...strays.map(([k]) => moveUpEdit(obj, [...parentPath, k], path))) }];
    }
    const problems: string[] = [];
    const absent: [string, string][] = [];
    const edits: FixEdit[] = [];
    let node: TFinding['node'] = { obj, path };
    let hint: string | undefined;
    for (const [key, value] of wants) {
      if (!(key in map)) {
        const typo = didYouMean(key, Object.keys(map));
        if (typo && !wants.some(([k]) => k === typo)) {
          problems.push(`has "${typo}" where "${key}" was meant`);
          node = { obj, path: [...path, typo], key: true };
          hint = `rename the label key "${typo}" to "${key}"`;
          edits.push(renameKeyEdit(obj, [...path, typo], key));
          if (labelValue(map[typo]) !== value) edits.push(...relabel(key, map[typo], value));
        } else {
          absent.push([key, value]);
          edits.push(...relabel(key, undefined, value));
        }
      } else if (labelValue(map[key]) !== value) {
        problems.push(`has ${key}: ${show(map[key])}, expected ${key}: ${value}`);
        node = { obj, path: [...path, key] };
        // The selectors select on a pod label: changing it alone would break them.
        hint = typeof ctx.with.alsoIn === 'string' ? `set ${key}: ${value} here, ${ctx.with.alsoIn}` : `set ${key}: ${value}`;
        edits.push(...relabel(key, map[key], value));
      }
    }
    if (absent.length > 0) {
      problems.unshift(`has no ${absent.map(([k]) => `"${k}"`).join(' or ')} label`);
      hint ??= `add under ${text}: ${absent.map(([k, v]) => `${k}: ${v}`).join(', ')}`;
    }
    if (problems.length === 0) return [];
    return [{ messageId: 'wrong', data: { where: text, problems: problems.join('; ') }, node, hint, fix: certain(...edits) }];
  },
};
export default template;
