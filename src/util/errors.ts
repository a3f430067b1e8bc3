import { getSystemErrorMap } from 'node:util';

/**
 * Errors that end a command with a one-line message and exit code 2
 * (bad arguments, a folder that does not exist, a broken rubric).
 * Anything else that escapes is a bug in kubegrade.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A rubric file that does not follow the rubric schema; the message names file, line and column. */
export class RubricError extends UsageError {}

/** An error of the system as a person reads it: `permission denied (EACCES)`; the message when it has no code the system knows. */
export function osReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return e?.message ?? String(err);
  for (const [, [name, text]] of getSystemErrorMap()) if (name === e.code) return `${text} (${name})`;
  return e.code;
}
