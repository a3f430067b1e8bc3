/** What the templates share: how a role is named, where its file should be, what to say when it is missing. */
import type { RoleName } from '../../types.js';
import type { CheckContext, CheckMeta, Outcome, Params, StaticCheck } from '../types.js';
import { fail } from '../types.js';
import type { KObject } from '../../parse/index.js';
import { courseName } from '../../k8s/index.js';

export const ROLE_INFO: Record<RoleName, { label: string; app: 'redis' | 'flask'; kind: string; fileKind: string }> = {
  'redis-pvc': { label: 'Redis PersistentVolumeClaim', app: 'redis', kind: 'PersistentVolumeClaim', fileKind: 'pvc' },
  'redis-deployment': { label: 'Redis Deployment', app: 'redis', kind: 'Deployment', fileKind: 'deployment' },
  'redis-service': { label: 'Redis Service', app: 'redis', kind: 'Service', fileKind: 'service' },
  'flask-deployment': { label: 'Flask Deployment', app: 'flask', kind: 'Deployment', fileKind: 'deployment' },
  'flask-service': { label: 'Flask Service', app: 'flask', kind: 'Service', fileKind: 'service' },
};

/** `<u>-<env>-<app>-<kind>` without extension. */
export function expectedStem(role: RoleName, p: Pick<Params, 'username' | 'env'>): string {
  const info = ROLE_INFO[role];
  return courseName(p.username || '<username>', p.env, info.app, info.fileKind);
}

/**
 * A predicate: whether a file (a path, any folder) has the expected name of one of `roles`, when the
 * username is known. The roles break ties with it, and src/objects keeps a copy there.
 */
export function inExpectedFile(roles: readonly RoleName[], p: Pick<Params, 'username' | 'env'> & { fileExtensions?: readonly string[] }): (file: string) => boolean {
  if (!p.username) return () => false;
  const names = new Set(roles.flatMap((role) => (p.fileExtensions ?? ['.yml', '.yaml']).map((ext) => expectedStem(role, p) + ext)));
  return (file) => names.has(file.slice(file.lastIndexOf('/') + 1));
}

export function expectedFile(role: RoleName, p: Params): string {
  return expectedStem(role, p) + (p.fileExtensions[0] ?? '.yml');
}

export function missing(role: RoleName, p: Params, fileNames: readonly string[] = []): Outcome {
  const info = ROLE_INFO[role];
  const file = expectedFile(role, p);
  return fail(`no ${info.label} found in the submission`, undefined, addOrFixFile(fileNames, file, info.kind, `files.${role}`));
}

/** Runs `body` with the role's object, or fails with "missing". */
export function withRole(ctx: CheckContext, role: RoleName, body: (obj: KObject) => Outcome): Outcome {
  const obj = ctx.roles[role];
  return obj ? body(obj) : missing(role, ctx.params, ctx.fileNames);
}

export function noUsername(): Outcome {
  return fail('the username is unknown, so names and labels cannot be checked', undefined, 'run again with --username <your username>');
}

import { addOrFixFile } from '../../engine/keys.js';


/**
 * A check of one role's object: `body` runs with it, or the check fails with
 * "missing" (and first with "username unknown" when the check needs it).
 */
export function roleCheck<M extends CheckMeta & { role: RoleName }>(
  meta: M,
  body: (obj: KObject, ctx: CheckContext) => Outcome,
  options: { needsUsername?: boolean } = {},
): StaticCheck {
  return {
    ...meta,
    kind: 'static',
    run(ctx) {
      if (options.needsUsername && !ctx.params.username) return noUsername();
      return withRole(ctx, meta.role, (obj) => body(obj, ctx));
    },
  };
}

