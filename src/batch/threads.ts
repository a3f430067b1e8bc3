/**
 * A batch's threads: how many grade when not told (src/batch/index.ts says why; the CLI's
 * --threads help shows it), and where their scripts are.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One per core but one, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * worker_threads when a batch starts a thread, not at import: loading it loads Node's
 * message ports and streams (5 ms), which a batch graded by the calling thread alone never uses.
 */
export const workerThreads = () => createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');

/**
 * A thread's compiled script (`worker.js`, `reader.js`, `writer.js`) next to this module (dist/batch/, or the
 * bundle's folder); when running from sources (tests), the built one in dist/batch/. Undefined
 * when there is none (a bundle without batch's threads: the GitHub Action): the calling thread does it all.
 */
export function threadScript(name: 'worker.js' | 'reader.js' | 'writer.js'): URL | undefined {
  const here = new URL(`./${name}`, import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL(`../../dist/batch/${name}`, import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}
