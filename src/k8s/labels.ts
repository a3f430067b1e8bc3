/**
 * Labels and label selectors: the one equality rule, and what a selector selects.
 *
 * The equality rule: a label value is a string, and values are compared as strings. The API server
 * keeps labels as map[string]string: a YAML `tier: 1` is not a string, and the server refuses the
 * object when it decodes it (the schema stage reports that as a type error, on the value). Every
 * other stage — the schema's "selector does not match the template", the role and rubric checks,
 * fix, live — compares through labelValue(), so `matchLabels: {tier: 1}` and a template's
 * `tier: "1"` agree everywhere, and the type is one finding, not two that disagree.
 */
import { isRec, type Rec } from './objects.js';

/** A label value as the comparison reads it: its string (null and absent: ""). */
export function labelValue(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** A label map (or a Service's selector, or matchLabels) as plain pairs, values as strings. */
export function pairs(v: unknown): [string, string][] {
  if (!isRec(v)) return [];
  return Object.entries(v).map(([k, val]) => [k, labelValue(val)]);
}

/** The pairs of a label map (matchLabels, a Service selector) that `labels` lack or give another value. */
export function unmetLabels(selector: unknown, labels: Rec): [string, string][] {
  return pairs(selector).filter(([k, v]) => !(k in labels) || labelValue(labels[k]) !== v);
}

/** The first of unmetLabels(), or undefined when every pair is among the labels. */
export function unmetLabel(selector: unknown, labels: Rec): [string, string] | undefined {
  return unmetLabels(selector, labels)[0];
}

/** True when the selector is non-empty and each of its pairs is among the labels. */
export function selects(selector: unknown, labels: Rec): boolean {
  return pairs(selector).length > 0 && unmetLabel(selector, labels) === undefined;
}

/** A matchExpressions entry the labels do not satisfy. */
export interface UnmetExpression {
  key: string;
  operator: string;
  values: unknown[];
}

/**
 * The first requirement of a LabelSelector (`{matchLabels, matchExpressions}`, as a Deployment's
 * spec.selector) that `labels` do not meet: a matchLabels pair, or a matchExpressions entry (In,
 * NotIn, Exists, DoesNotExist; an entry without a string key and operator, or with another
 * operator, is the schema's to report and is passed over here). Undefined when all are met.
 */
export function unmetRequirement(selector: Rec, labels: Rec): { label: [string, string] } | { expression: UnmetExpression } | undefined {
  const label = unmetLabel(selector.matchLabels, labels);
  if (label) return { label };
  for (const ex of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (!isRec(ex) || typeof ex.key !== 'string' || typeof ex.operator !== 'string') continue;
    const has = ex.key in labels;
    const values = Array.isArray(ex.values) ? ex.values : [];
    const among = has && values.some((v) => labelValue(v) === labelValue(labels[ex.key as string]));
    const ok =
      ex.operator === 'In' ? among
      : ex.operator === 'NotIn' ? !among
      : ex.operator === 'Exists' ? has
      : ex.operator === 'DoesNotExist' ? !has
      : true;
    if (!ok) return { expression: { key: ex.key, operator: ex.operator, values } };
  }
  return undefined;
}
