/**
 * The live pass's error type, apart from the client that raises it, so that
 * the command line can recognise it without loading @kubernetes/client-node
 * (a static run never does: it is most of a cold start).
 */

/** Plain JSON as the API server sends it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type KubeErrorCode = 'forbidden' | 'not-found' | 'unreachable' | 'unauthorized' | 'conflict' | 'invalid' | 'timeout' | 'other';

/** A failed API call, in one line. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(
    readonly code: KubeErrorCode,
    message: string,
    readonly status?: number,
    /** The Status object the server sent, when it sent one. */
    readonly body?: Json,
  ) {
    super(message);
  }
}

export function isKubeError(e: unknown, code?: KubeErrorCode): e is KubeError {
  return e instanceof KubeError && (code === undefined || e.code === code);
}

