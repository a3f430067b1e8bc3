/**
 * An HW6 check whose logic is an engine template (src/engine/templates): the check is its data,
 * `{template, with}` beside its id, title, description and hint, and runs on the roles the rubric's
 * `roles:` gave (src/rubric/roles.ts). The data is the rubric's (rubrics/coe332-hw6.yml: src/rubric/index.ts builds each check
 * with this), while HW6 is graded by this path (issue 19).
 */
import type { RoleName } from '../../types.js';
import type { KObject } from '../../parse/index.js';
import { actualOf, context, formatMessage, locate, passMessage } from '../../engine/findings.js';
import { substitute, withRefs } from '../../engine/params.js';
import type { DataRubric, Params as DataParams, Template, World } from '../../engine/types.js';
import type { CheckContext, CheckMeta, Outcome, StaticCheck } from '../types.js';
import { noUsername, roleCheck } from './common.js';

export interface TemplateCheckSpec extends CheckMeta {
  role: RoleName;
  /** The template (hw6-templates.ts: a HW6 run loads the templates HW6 uses, not the engine's registry of all). */
  template: Template;
  /** The template's parameters; `{{param}}` references are filled from the rubric's parameters when the check runs. */
  with?: DataParams;
  /** The check needs the username (names, labels, files): "the username is unknown" first. */
  needsUsername?: boolean;
}

/** The engine's world as the HW6 path sees it: one environment (''), the roles the rubric's `roles:` gave. */
function worldOf(ctx: CheckContext): World {
  const roles = new Map<string, KObject>();
  const roleOf: World['roleOf'] = new Map();
  for (const [role, obj] of Object.entries(ctx.roles)) {
    if (!obj) continue;
    roles.set(role, obj);
    roleOf.set(obj, { env: '', role });
  }
  const rubric: DataRubric = { name: 'coe332-hw6', file: '', params: ctx.params, roles: [], resolution: [], roleReasons: 'plain', checks: [] };
  return {
    params: ctx.params,
    objects: ctx.objects,
    fileNames: ctx.fileNames,
    envOf: new Map(ctx.objects.map((o) => [o, { env: '', rule: 'default' as const }])),
    graded: [''],
    roles: new Map([['', roles]]),
    roleOf,
    reasons: new Map(),
    rubric,
    gradedRoles: new Map([['', new Set(roles.keys())]]),
    parseFindings: [],
    schemaFindings: new Map(),
  };
}

/** A static check that runs an engine template on the role's object: its first finding is the outcome. */
export function templateCheck(spec: TemplateCheckSpec): StaticCheck {
  const t = spec.template;
  const refs = withRefs(spec.with);
  const { template: _t, with: _w, needsUsername, ...meta } = spec;
  const run = (ctx: CheckContext): Outcome => {
    // A file name for an unknown username reads <username>-test-…, as the hints of the other checks say it.
    const w = substitute(spec.with ?? {}, { ...ctx.params, username: ctx.params.username || '<username>' }) as DataParams;
    const tctx = context(worldOf(ctx), '', { role: spec.role }, w);
    const findings = t.check(tctx);
    if (findings.length === 0) return { status: 'pass', message: passMessage(t, tctx, { ...w, env: ctx.params.env, files: ctx.fileNames.length }) };
    const f = findings[0]!;
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
    const actual = actualOf(f, refs);
    return {
      status: 'fail',
      message: formatMessage(t, f) + more,
      location: locate(f.node),
      hint: f.hint,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(actual ? { actual } : {}),
    };
  };
  // A template that reads no object of its own (a file check) says what is missing itself.
  if (t.needsObject === false) {
    return { ...meta, kind: 'static', run: (ctx) => (needsUsername && !ctx.params.username ? noUsername() : run(ctx)) };
  }
  return roleCheck(meta as CheckMeta & { role: RoleName }, (_obj, ctx) => run(ctx), { needsUsername });
}
