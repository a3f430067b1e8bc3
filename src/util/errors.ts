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

/**
 * An error of the system as a person reads it: `permission denied (EACCES)`, from Node's message (`EACCES: permission
 * denied, open '…'`, kept by an error posted from another thread; node:util's error map would load util's diff and more
 * into every run); the message when it has no code.
 */
export function osReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return e?.message ?? String(err);
  const text = String(e.message).startsWith(`${e.code}: `) ? /^[^,]*/.exec(String(e.message).slice(e.code.length + 2))![0].trim() : '';
  return text ? `${text} (${e.code})` : e.code;
}
