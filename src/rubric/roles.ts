/**
 * Stage 3 of an HW6-form rubric: which object plays which role, by what it is (kind, image, ports,
 * names, what a Service selects), not only by its file name. The rubric's `roles:` say how
 * (src/engine's matchers); the engine's resolver (src/engine/roles.ts) decides: each role goes to its
 * best-scoring candidate, ties to the file with the role's expected name, then the first by file path
 * and document (issue 17); an object takes at most one role.
 */
import type { KObject } from '../parse/index.js';
import type { Params, Roles } from '../checks/types.js';
import type { RoleAssignment, RoleName } from '../types.js';
import { resolveEnvRoles } from '../engine/roles.js';
import { hw6RoleSpecs, type Rubric } from './index.js';

export interface ResolvedRoles {
  roles: Roles;
  /** Every role of the rubric in its order, with the object that took it and why. */
  assignments: RoleAssignment[];
}

/**
 * The roles of a submission's objects by an HW6-form rubric. `params` are this run's (`username`, `env`);
 * `rebuild` when they may differ from the rubric's own in more than those (a loaded rubric with `--set`).
 */
export function resolveHw6Roles(objects: readonly KObject[], rubric: Rubric, params: Params, rebuild = false): ResolvedRoles {
  const data = rubric.roles!;
  const specs = rebuild ? hw6RoleSpecs(data.data, params, rubric.file) : data.specs;
  const vars = { ...(params.username ? { username: params.username } : {}), env: params.env };
  const found = resolveEnvRoles(objects, specs, '', vars, data.reasons);
  const roles: Roles = {};
  const assignments = data.data.map((r): RoleAssignment => {
    const role = String(r.name) as RoleName;
    const o = found.roles.get(role);
    if (!o) return { role };
    roles[role] = o;
    return { role, file: o.file, document: o.document, kind: o.kind, name: o.name, reason: found.reasons.get(role) };
  });
  return { roles, assignments };
}
