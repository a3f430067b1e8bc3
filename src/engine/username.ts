/**
 * A submission's username, as a rubric says it is written (its `username:`): given (`--username`,
 * authoritative), else the part of file names before a marker (`-hw7-`, `-{{env}}-`: the most common, or the first's), else the
 * rubric's username label, else the part before the first `-` of a file naming a role. When file names
 * and labels disagree, the file names win and the report says so; a given username nothing in the
 * submission carries is said too.
 */
import type { KObject } from '../parse/index.js';
import type { UsernameInfo } from '../types.js';
import { get } from '../k8s/index.js';
import { forShell } from '../util/escape.js';
import type { UsernameSpec } from './types.js';

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) (best = v), (n = c);
  return best;
}

/** `spec.marker` filled in (`{{env}}`); `roleWords`: the first words of the rubric's role names, for the last resort. */
export function inferUsername(given: string | undefined | null, names: readonly string[], objects: readonly KObject[], spec: UsernameSpec, roleWords: readonly string[] = []): UsernameInfo {
  const { marker, label } = spec;
  if (!marker && !label) return given ? { value: given, source: 'option' } : { value: '', source: 'none' };
  const bases = names.map((n) => n.slice(n.lastIndexOf('/') + 1));
  const labelOf = (o: KObject): unknown => (label ? get(o.value, ['metadata', 'labels', label]) : undefined);
  const prefixes = marker
    ? bases.flatMap((b) => {
        const i = b.indexOf(marker);
        return i > 0 ? [b.slice(0, i)] : [];
      })
    : [];
  // `pick: first`: the first file, in path order, whose name holds the marker (rubric-spec-hw7-worker.md: "the part before
  // `-hw7-` of the first such file"), so that a copy of other work under another prefix does not outvote it.
  const fromFiles = spec.pick === 'first' ? prefixes[0] : mostCommon(prefixes);
  const fromLabels = label
    ? mostCommon(
        objects.flatMap((o) => {
          const v = labelOf(o);
          return typeof v === 'string' && v ? [v] : [];
        }),
      )
    : undefined;
  if (given) {
    // Still authoritative, but a value the files contradict (a typo, a login) is said, naming both.
    const files = fromFiles ?? fromLabels;
    if (!files || files === given) return { value: given, source: 'option' };
    const carried = names.some((n) => n.includes(given)) || objects.some((o) => (o.name ?? '').includes(given) || labelOf(o) === given);
    if (!carried && !(fromFiles && fromLabels && fromFiles !== fromLabels)) {
      // Nothing in the submission carries it, while its files and labels agree on another: likely a typo.
      return { value: given, source: 'option', inferred: files, note: `--username "${given}" is in no file name, object name or username label, while the ${fromFiles && fromLabels ? 'file names and labels say' : fromFiles ? 'file names say' : 'labels say'} "${files}"; grading as "${given}" (a typo? pass --username ${forShell(files)})` };
    }
    const where = fromFiles ? 'file names' : 'username labels';
    return { value: given, source: 'option', inferred: files, note: `the username given, "${given}", is not the "${files}" of the ${where}; grading as "${given}"` };
  }
  if (fromFiles && fromLabels && fromFiles !== fromLabels) {
    return { value: fromFiles, source: 'file-names', note: `file names say "${fromFiles}" but the username labels say "${fromLabels}"; grading as "${fromFiles}" (pass --username to choose)` };
  }
  if (fromFiles) return { value: fromFiles, source: 'file-names', note: `inferred "${fromFiles}" from the file names (pass --username to set it)` };
  if (fromLabels) return { value: fromLabels, source: 'labels', note: `inferred "${fromLabels}" from the username labels (pass --username to set it)` };
  // The last resort: a file that names a role, `<username>-<role>…`.
  const role = roleWords.length ? bases.find((b) => b.indexOf('-') > 0 && roleWords.some((w) => b.toLowerCase().includes(w))) : undefined;
  if (role) {
    const value = role.slice(0, role.indexOf('-'));
    return { value, source: 'file-names', note: `inferred "${value}" from the file names (pass --username to set it)` };
  }
  return { value: '', source: 'none', note: `could not infer the username from file names${label ? ' or labels' : ''}: pass --username` };
}
