/** What the templates about a pod template share. */
import type { KObject } from '../parse/index.js';
import { misplacedPodSpec } from '../k8s/index.js';
import type { TFinding } from './types.js';

/** The finding for a workload whose pod `spec:` sits beside `template:` (so it runs no container), if that is so. */
export function specBesideTemplate(obj: KObject): TFinding | undefined {
  const at = misplacedPodSpec(obj);
  if (!at) return undefined;
  const line = obj.keyAt(at)?.line;
  return {
    messageId: 'specBesideTemplate',
    data: { at: line ? ` at line ${line}` : '' },
    node: { obj, path: at, key: true },
    hint: 'indent spec: and the lines below it 2 more spaces, under template:',
  };
}

/** The message of specBesideTemplate, for a template's `messages`. */
export const SPEC_BESIDE_TEMPLATE = 'the pod template has no spec: the spec:{{at}} that holds the containers sits beside template:, not under it, so Kubernetes runs no container';
