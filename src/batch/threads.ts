/** How many threads grade a batch when not told (src/batch/index.ts says why; the CLI's --threads help shows it). */
import { availableParallelism } from 'node:os';

/** One per core but one, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}
