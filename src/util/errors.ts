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
