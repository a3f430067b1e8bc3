/**
 * Check templates about names, files and labels: `files.*`, `*.name`,
 * `*.labels`, `*.pod-labels`, `redis-deployment.app-label`.
 */
import type { KObject, Path } from '../../parse/index.js';
import type { RoleName } from '../../types.js';
import { courseName, get, isRec, labelValue, templatePathOrDeployment } from '../../k8s/index.js';
import { didYouMean, show, word } from '../../util/text.js';
import { fail, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { expectedStem, noUsername, ROLE_INFO, roleCheck } from './common.js';
import { certain, moveUpEdit, relabelPods, renameFileEdit, renameKeyEdit, setEdit } from '../../fix/edits.js';
import type { FixEdit } from '../../types.js';

type Meta = CheckMeta & { role: RoleName };

/** `files.<role>`: a file named exactly `<u>-<env>-<app>-<kind>.yml` holds the role's object. */
export function fileNamed(meta: Meta): StaticCheck {
  return {
    ...meta,
    kind: 'static',
    run(ctx) {
      const p = ctx.params;
      if (!p.username) return noUsername();
      const stem = expectedStem(meta.role, p);
      const wanted = p.fileExtensions.map((ext) => stem + ext);
      const obj = ctx.roles[meta.role];
      const info = ROLE_INFO[meta.role];
      if (!obj) {
        const named = ctx.fileNames.find((f) => wanted.includes(basename(f)));
        // Nothing read from the file at all: it is empty or does not parse (yaml.parse says which).
        const empty = named !== undefined && !ctx.objects.some((o) => o.file === named);
        if (named && empty) {
          return fail(
            `${named} holds no ${info.label}`,
            { file: named, line: 1, column: 1 },
            `put the ${info.kind} for ${info.app} in ${named} (no object could be read from it: if yaml.parse reports the file, fix that first)`,
          );
        }
        if (named) {
          // Say what the file holds instead (a PersistentVolume for the PVC, say), and point at its kind.
          const there = ctx.objects.filter((o) => o.file === named);
          const kinds = [...new Set(there.map((o) => o.kind ?? '(no kind)'))];
          return fail(
            `${named} holds no ${info.label}: it holds ${kinds.map((k) => `a ${word(k)}`).join(' and ')}`,
            there[0]!.has(['kind']) ? there[0]!.at(['kind']) : { file: named, line: 1, column: 1 },
            there.length === 1 ? `if this is meant to be the ${info.label}, make it kind: ${info.kind}` : `put the ${info.kind} for ${info.app} in ${named}`,
          );
        }
        return fail(`no ${info.label} found, so no ${wanted[0]} holds one`, undefined, `add ${wanted[0]} holding the ${info.kind}`);
      }
      const base = basename(obj.file);
      if (wanted.includes(base)) return pass(`${obj.file} holds the ${info.label}`);
      const where = obj.at([]);
      const dir = obj.file.slice(0, obj.file.length - base.length);
      const sameStem = base.replace(/\.[^.]+$/, '') === stem;
      const why = sameStem
        ? `the extension must be ${p.fileExtensions.join(' or ')}`
        : `expected ${wanted[0]}`;
      // A file holding several objects cannot be renamed into each of them: point at this object's document.
      const shared = ctx.objects.some((o) => o !== obj && o.file === obj.file);
      if (shared) {
        return fail(
          `the ${info.label} is in ${obj.file}, with other objects; ${why}`,
          where,
          `split the file: move this ${info.kind} (document ${obj.document + 1}) into ${dir}${wanted[0]}, one object per file`,
        );
      }
      // Never over a file that is there (kubegrade fix refuses too); a plain mv works in a git work tree as well.
      const to = `${dir}${wanted[0]}`;
      const taken = ctx.fileNames.includes(to);
      return fail(
        `the ${info.label} is in ${obj.file}; ${why}`,
        { ...where, line: 1, column: 1 },
        taken ? `rename it to ${to} (a file of that name is there already: merge the two)` : `rename it: mv ${obj.file} ${to} (or let kubegrade fix do it)`,
        taken ? undefined : certain(renameFileEdit(obj.file, to)),
      );
    },
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Checks `username` and `env` labels in the map at `path`, with did-you-mean for misspelt keys. */
function checkLabels(
  obj: KObject,
  path: Path,
  where: string,
  wants: [string, string][],
  /** The edits that give label `key` the value `value` (a pod label: with the selectors that select on it). */
  relabel: (key: string, old: unknown, value: string) => FixEdit[] = (key, _old, value) => [setEdit(obj, [...path, key], value)],
) {
  const labels = get(obj.value, path);
  const map = isRec(labels) ? labels : {};
  const problems: string[] = [];
  let location = obj.at(path);
  let hint: string | undefined;
  if (labels === undefined) {
    // `lables:` typed for `labels:`: point at the misspelt key, not at its parent.
    const parent = get(obj.value, path.slice(0, -1));
    const last = String(path[path.length - 1]);
    const typo = isRec(parent) ? didYouMean(last, Object.keys(parent)) : undefined;
    if (typo) {
      return fail(
        `${where} is missing: "${typo}" is written where "${last}" was meant`,
        obj.keyAt([...path.slice(0, -1), typo]),
        `rename "${typo}:" to "${last}:"`,
        certain(renameKeyEdit(obj, [...path.slice(0, -1), typo], last)),
      );
    }
  }
  const absent: [string, string][] = [];
  const edits: FixEdit[] = [];
  // `labels:` left empty with the label lines at its own column: they belong in it (schema.* says so too).
  const parentPath = path.slice(0, -1);
  const parent = get(obj.value, parentPath);
  const strays = labels === null && isRec(parent) ? wants.filter(([k, v]) => labelValue(parent[k]) === v) : [];
  if (strays.length > 0) {
    return fail(
      `${where} is empty: ${strays.map(([k]) => `${k}:`).join(' and ')} ${strays.length === 1 ? 'is' : 'are'} not indented under labels:`,
      obj.keyAt([...parentPath, strays[0]![0]]),
      `indent ${strays.map(([k]) => `${k}:`).join(' and ')} under labels:`,
      certain(...strays.map(([k]) => moveUpEdit(obj, [...parentPath, k], path))),
    );
  }
  for (const [key, value] of wants) {
    if (!(key in map)) {
      const typo = didYouMean(key, Object.keys(map));
      if (typo && !wants.some(([k]) => k === typo)) {
        problems.push(`has "${typo}" where "${key}" was meant`);
        location = obj.keyAt([...path, typo]);
        hint = `rename the label key "${typo}" to "${key}"`;
        edits.push(renameKeyEdit(obj, [...path, typo], key));
        if (labelValue(map[typo]) !== value) edits.push(...relabel(key, map[typo], value));
      } else {
        absent.push([key, value]);
        edits.push(...relabel(key, undefined, value));
      }
    } else if (labelValue(map[key]) !== value) {
      problems.push(`has ${key}: ${show(map[key])}, expected ${key}: ${value}`);
      location = obj.at([...path, key]);
      hint = `set ${key}: ${value}`;
      edits.push(...relabel(key, map[key], value));
    }
  }
  if (absent.length > 0) {
    problems.unshift(`has no ${absent.map(([k]) => `"${k}"`).join(' or ')} label`);
    hint ??= `add under ${where}: ${absent.map(([k, v]) => `${k}: ${v}`).join(', ')}`;
  }
  if (problems.length === 0) return pass(`${where} has ${wants.map(([k, v]) => `${k}: ${v}`).join(' and ')}`);
  return fail(`${where} ${problems.join('; ')}`, location, hint, certain(...edits));
}

/** `<role>.labels` (metadata.labels) and `<role>.pod-labels` (the pod template's labels). */
export function labels(meta: Meta & { scope: 'object' | 'pod-template' }): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const { username, env } = ctx.params;
      const base = meta.scope === 'object' ? [] : templatePathOrDeployment(obj);
      const path = [...base, 'metadata', 'labels'];
      const where = meta.scope === 'object' ? 'metadata.labels' : pathText(path);
      return checkLabels(
        obj,
        path,
        where,
        [
          ['username', username],
          ['env', env],
        ],
        meta.scope === 'object' ? undefined : (key, old, value) => relabelPods(obj, key, old, value, ctx.objects, ctx.roles[serviceOf(meta.role)]),
      );
    },
    { needsUsername: true },
  );
}

/** `redis-deployment.app-label`: the pod template label `app` is `<u>-<env>-<app>`. */
export function appLabel(meta: Meta): StaticCheck {
  return roleCheck(
    meta,
    (obj, ctx) => {
      const { username, env } = ctx.params;
      const want = courseName(username, env, ROLE_INFO[meta.role].app);
      const path = [...templatePathOrDeployment(obj), 'metadata', 'labels'];
      const out = checkLabels(obj, path, pathText(path), [['app', want]], (key, old, value) => relabelPods(obj, key, old, value, ctx.objects, ctx.roles[serviceOf(meta.role)]));
      // The selector and the Service select on this label: changing it alone would break both.
      if (out.status === 'fail' && out.hint?.startsWith('set app:')) {
        out.hint = `set app: ${want} here, in spec.selector.matchLabels and in the ${ROLE_INFO[meta.role].app === 'redis' ? 'Redis' : 'Flask'} Service's selector`;
      }
      return out;
    },
    { needsUsername: true },
  );
}

/** The Service role in front of a Deployment role. */
function serviceOf(role: RoleName): RoleName {
  return role === 'flask-deployment' ? 'flask-service' : 'redis-service';
}

/** `spec.template.metadata.labels`: a field name reads right with "has" (a plural noun does not). */
function pathText(path: Path): string {
  return path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : seg)).join('.').replace(/\.\[/g, '[');
}
