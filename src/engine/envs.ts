/**
 * Which environment each object belongs to (rubric-spec-final.md, "Which
 * environment an object belongs to"): folder, file name, object name,
 * counterpart, `env` label, the only environment marked, the default.
 */
import type { KObject } from '../parse/index.js';
import { get, podTemplate } from '../k8s/index.js';
import type { EnvRule, EnvSpec } from './types.js';

/** A name split into lower-case words on anything not a letter or digit. */
export function words(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** The environment a name says: exactly one of the names among its words. */
export function envWord(s: string, names: readonly string[]): string | undefined {
  const hit = envWords(s, names);
  return hit.length === 1 ? hit[0] : undefined;
}

/** Every environment `s` names: the names among its words (case-insensitive). */
export function envWords(s: string, names: readonly string[]): string[] {
  const w = new Set(words(s));
  return names.filter((n) => w.has(n.toLowerCase()));
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function stem(file: string): string {
  const b = baseName(file);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
}

/** The `env` label of the object, else of its pod template, when it is an environment's name. */
export function envLabel(obj: KObject, label: string, names: readonly string[]): string | undefined {
  for (const path of [['metadata', 'labels', label], [...(podTemplate(obj)?.path ?? ['-']), 'metadata', 'labels', label]]) {
    const v = get(obj.value, path);
    if (typeof v === 'string' && names.includes(v)) return v;
  }
  return undefined;
}

const without = (s: string, names: readonly string[]) => words(s).filter((w) => !names.includes(w)).join('-');

export function assignEnvs(objects: readonly KObject[], spec: EnvSpec): Map<KObject, { env: string; rule: EnvRule } | undefined> {
  const names = spec.names;
  const out = new Map<KObject, { env: string; rule: EnvRule } | undefined>();
  // 1-3: the innermost folder that says one environment, the file name, the object name.
  for (const o of objects) {
    const folders = o.file.split('/').slice(0, -1).reverse();
    let env: string | undefined;
    for (const f of folders) if ((env = envWord(f, names))) break;
    if (env) out.set(o, { env, rule: 'folder' });
    else if ((env = envWord(stem(o.file), names))) out.set(o, { env, rule: 'file' });
    else if (o.name && (env = envWord(o.name, names))) out.set(o, { env, rule: 'name' });
    else out.set(o, undefined);
  }
  const marked = objects.filter((o) => out.get(o));
  // 4: the counterpart of marked objects of the same kind, all in one environment: the other one.
  const decided = new Map<KObject, { env: string; rule: EnvRule }>();
  for (const o of objects) {
    if (out.get(o)) continue;
    const mine = [o.name ? without(o.name, []) : undefined, without(stem(o.file), [])];
    const envs = new Set<string>();
    for (const m of marked) {
      if (m.kind !== o.kind) continue;
      const theirs = [m.name && envWord(m.name, names) ? without(m.name, names) : undefined, envWord(stem(m.file), names) ? without(stem(m.file), names) : undefined];
      if ((theirs[0] !== undefined && theirs[0] === mine[0]) || (theirs[1] !== undefined && theirs[1] === mine[1])) envs.add(out.get(m)!.env);
    }
    if (envs.size === 1 && names.length === 2) {
      const [e] = envs;
      decided.set(o, { env: names.find((n) => n !== e)!, rule: 'counterpart' });
    }
  }
  for (const [o, d] of decided) out.set(o, d);
  // 5: the env label.
  for (const o of objects) {
    if (out.get(o)) continue;
    const env = envLabel(o, spec.label, names);
    if (env) out.set(o, { env, rule: 'label' });
  }
  // 6, 7: the only environment marked; the default when nothing is marked.
  const markedEnvs = new Set([...out.values()].filter((v) => v).map((v) => v!.env));
  for (const o of objects) {
    if (out.get(o)) continue;
    if (markedEnvs.size === 1) out.set(o, { env: [...markedEnvs][0]!, rule: 'only' });
    else if (markedEnvs.size === 0 && spec.default) out.set(o, { env: spec.default, rule: 'default' });
  }
  return out;
}
