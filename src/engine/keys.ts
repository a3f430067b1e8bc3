/** Keys and files of the student's submission: misspelt keys, the file a missing object belongs in. */
import type { KObject } from '../parse/index.js';
import { get, isRec } from '../k8s/index.js';
import { didYouMean } from '../util/text.js';
import { forTerminalLine } from '../util/escape.js';

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

/**
 * The hint for a role's object that is missing: add `file`, or, when a file of that name is there but
 * yields no such object (it does not parse, or holds another kind), fix it (`filesCheck` says how).
 */
export function addOrFixFile(fileNames: readonly string[], file: string, kind: string, filesCheck: string): string {
  const there = fileNames.find((f) => f === file || f.endsWith(`/${file}`));
  return there ? `make ${forTerminalLine(there)} hold the ${kind} (${filesCheck} says what is wrong with it)` : `add ${file} holding the ${kind}`;
}
