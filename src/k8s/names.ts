/**
 * The course's naming scheme, written once: objects, their `app` labels and their files are named
 * `<username>-<env>-<app>[-<kind>]` (jdoe-test-redis-pvc, app: jdoe-test-redis,
 * jdoe-test-redis-pvc.yml).
 */

/** `<username>-<env>-<app>`, and `-<kind>` after it when given. */
export function courseName(username: string, env: string, app: string, kind?: string): string {
  return kind === undefined ? `${username}-${env}-${app}` : `${username}-${env}-${app}-${kind}`;
}

/** The `<username>` a file name `<username>-<env>-…` starts with (the folder part ignored), or undefined. */
export function usernameOfFileName(name: string, env: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const i = base.indexOf(`-${env}-`);
  return i > 0 ? base.slice(0, i) : undefined;
}
