/**
 * Entry of the kubegrade GitHub Action (bundled to action/dist/index.js).
 * Serves the brotli-compressed chunks first, then runs the action with the
 * runner's environment; the exit code fails or passes the step.
 */
import { serveCompressedChunks } from './lazy-chunks.js';
import { runAction } from './run.js';

serveCompressedChunks();
process.exitCode = await runAction({ env: process.env, stdout: (s) => void process.stdout.write(s) });
