/**
 * Which object takes which role, per environment, from the rubric's role
 * specs: in the rubric's order, each role goes to its best-scoring candidate
 * (`pick: score`; a score of 0 or less takes no role, ties go to the first by
 * file path then document order) or to the first candidate by the first
 * matching rule (`pick: first`). An object takes at most one role.
 */
import type { KObject } from '../parse/index.js';
import { kindIs } from '../k8s/index.js';
import { matches, type MatchScope } from './matchers.js';
import type { Matcher, RoleSpec } from './types.js';

export interface EnvRoles {
  roles: Map<string, KObject>;
  reasons: Map<string, string>;
}

const describe = (m: Matcher): string =>
  Object.entries(m)
    .map(([k, v]) => (k === 'any' ? 'the first of its kind' : `${k} ${Array.isArray(v) ? v.join('/') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`))
    .join(', ');

export function resolveEnvRoles(objects: readonly KObject[], specs: readonly RoleSpec[], env: string): EnvRoles {
  const roles = new Map<string, KObject>();
  const reasons = new Map<string, string>();
  const taken = new Set<KObject>();
  const scope: MatchScope = { envObjects: objects, role: (r) => roles.get(r), env };
  for (const spec of specs) {
    const candidates = objects.filter(
      (o) => kindIs(o, spec.kind) && !taken.has(o) && !spec.never.some((m) => matches(o, m, scope)) && (spec.only.length === 0 || spec.only.some((m) => matches(o, m, scope))),
    );
    let pick: KObject | undefined;
    let why = '';
    if (spec.pick === 'first') {
      for (const rule of spec.first) {
        pick = candidates.find((o) => matches(o, rule, scope));
        if (pick) {
          why = describe(rule);
          break;
        }
      }
    } else {
      let top = 0;
      for (const o of candidates) {
        let s = 0;
        const w: string[] = [];
        for (const r of spec.score) {
          if (matches(o, r.if, scope)) {
            s += r.add;
            w.push(`${r.add > 0 ? '+' : ''}${r.add} ${r.why ?? describe(r.if)}`);
          }
        }
        if (s > top) (top = s), (pick = o), (why = w.join(', '));
      }
    }
    if (pick) {
      roles.set(spec.name, pick);
      reasons.set(spec.name, why);
      taken.add(pick);
    }
  }
  return { roles, reasons };
}
