/** Keys of the student's YAML that are misspelt. */
import type { KObject } from '../parse/index.js';
import { get, isRec } from '../k8s/index.js';
import { didYouMean } from '../util/text.js';

/**
 * When the field at `path` is absent but its parent has a key that looks like a misspelling of it
 * (`selecter:`, `matchlabels:`), that key, for a message that names it.
 */
export function misspeltKey(obj: KObject, path: readonly (string | number)[]): string | undefined {
  const field = path[path.length - 1];
  if (typeof field !== 'string' || obj.has(path)) return undefined;
  const parent = get(obj.value, path.slice(0, -1));
  return isRec(parent) ? didYouMean(field, Object.keys(parent)) : undefined;
}
