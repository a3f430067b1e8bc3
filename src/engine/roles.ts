/**
 * Which object takes which role, per environment, from the rubric's role
 * specs: in the order they are resolved (after the roles they name), each role goes to its best-scoring candidate
 * (`pick: score`; a score of 0 or less takes no role, ties go to the first by
 * file path then document order, or to one matching `tie`) or to the first candidate by the first
 * matching rule (`pick: first`). An object takes at most one role.
 */
import type { KObject } from '../parse/index.js';
import { kindIs } from '../k8s/index.js';
import { RubricError } from '../util/errors.js';
import { didYouMean } from '../util/text.js';
import { MATCHER_NAMES, matches, rolesNamed, type MatchScope } from './matchers.js';
import { substitute } from './params.js';
import type { Matcher, Params, RoleSpec } from './types.js';

export interface EnvRoles {
  roles: Map<string, KObject>;
  reasons: Map<string, string>;
}

const describeMatcher = (m: Matcher): string =>
  typeof m.why === 'string'
    ? m.why
    : Object.entries(m)
        .map(([k, v]) => (k === 'any' ? 'the first of its kind' : `${k} ${Array.isArray(v) ? v.join('/') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`))
        .join(', ');

/**
 * The roles of one environment's objects. `specs` in the order they are resolved (DataRubric.resolution);
 * `vars` fills the references left for grading time (`{{username}}`, `{{env}}`) in the specs.
 */
export function resolveEnvRoles(objects: readonly KObject[], specs: readonly RoleSpec[], env: string, vars: Params = {}, reasonsAs: 'scored' | 'plain' = 'scored'): EnvRoles {
  const roles = new Map<string, KObject>();
  const reasons = new Map<string, string>();
  const taken = new Set<KObject>();
  // The specs stay as loaded: a matcher's argument with a reference left for grading time is filled where it is read (matches()).
  const scope: MatchScope = { envObjects: objects, role: (r) => roles.get(r), env, vars };
  const describe = (m: Matcher): string => substitute(describeMatcher(m), vars) as string;
  for (const spec of specs) {
    const candidates = objects.filter(
      (o) => kindIs(o, spec.kind) && !taken.has(o) && !spec.never.some((m) => matches(o, m, scope)) && (spec.only.length === 0 || spec.only.some((m) => matches(o, m, scope))),
    );
    const tie = spec.tie ? (o: KObject) => matches(o, spec.tie!, scope) : () => false;
    let pick: KObject | undefined;
    let why = '';
    if (spec.pick === 'first') {
      for (const rule of spec.first) {
        const hits = candidates.filter((o) => matches(o, rule, scope));
        pick = hits.find(tie) ?? hits[0];
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
            const text = r.why === undefined ? describe(r.if) : (substitute(r.why, vars) as string);
            w.push(reasonsAs === 'plain' ? text : `${r.add > 0 ? '+' : ''}${r.add} ${text}`);
          }
        }
        // Of equal scores the first by path and document, unless a later one is in the role's expected file and the first is not.
        if (s > top || (s > 0 && s === top && tie(o) && !tie(pick!))) (top = s), (pick = o), (why = w.join(', '));
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

/** The roles in the order to resolve them: each after the roles its matchers name, else in the rubric's order (a cycle keeps it). */
export function resolutionOrder(specs: readonly RoleSpec[]): RoleSpec[] {
  const names = new Set(specs.map((s) => s.name));
  const deps = new Map(
    specs.map((s) => {
      const all = [...s.never, ...s.only, ...s.score.map((r) => r.if), ...s.first, ...(s.tie ? [s.tie] : [])].flatMap(rolesNamed);
      return [s.name, new Set(all.filter((n) => n !== s.name && names.has(n)))] as const;
    }),
  );
  const out: RoleSpec[] = [];
  const done = new Set<string>();
  while (out.length < specs.length) {
    const next = specs.find((s) => !done.has(s.name) && [...deps.get(s.name)!].every((d) => done.has(d))) ?? specs.find((s) => !done.has(s.name))!;
    out.push(next);
    done.add(next.name);
  }
  return out;
}

/**
 * A rubric's roles from their (validated) data: parameters filled, matchers known. `{{username}}` and
 * `{{env}}` stay for grading time (src/engine/roles.ts fills them per submission and environment).
 */
export function buildRoles(raw: readonly Record<string, unknown>[], params: Params, where: (what: string) => string): RoleSpec[] {
  const { username: _u, env: _e, ...loadParams } = params;
  return raw.map((r0) => {
    const r = substitute(r0, loadParams) as Record<string, unknown>;
    const checkMatchers = (ms: unknown): Matcher[] => {
      const list = (Array.isArray(ms) ? ms : []) as Matcher[];
      const walk = (m: Matcher) => {
        for (const [k, v] of Object.entries(m)) {
          if (k === 'why') continue;
          if (!MATCHER_NAMES.includes(k)) {
            const meant = didYouMean(k, MATCHER_NAMES);
            throw new RubricError(where(`role ${String(r.name)}: unknown matcher "${k}"${meant ? `; did you mean "${meant}"?` : ''} (matchers: ${MATCHER_NAMES.join(', ')})`));
          }
          if (k === 'not') walk(v as Matcher);
          if (k === 'anyOf') (v as Matcher[]).forEach(walk);
        }
      };
      list.forEach(walk);
      return list;
    };
    const score = ((r.score as Record<string, unknown>[] | undefined) ?? []).map((s) => ({ add: Number(s.add), if: checkMatchers([s.if])[0]!, ...(typeof s.why === 'string' ? { why: s.why } : {}) }));
    return {
      name: String(r.name),
      kind: String(r.kind),
      label: typeof r.label === 'string' ? r.label : String(r.name),
      pick: r.pick === 'first' ? 'first' : 'score',
      never: checkMatchers(r.never),
      only: checkMatchers(r.only),
      score,
      first: checkMatchers(r.first),
      ...(r.tie ? { tie: checkMatchers([r.tie])[0]! } : {}),
    };
  });
}
