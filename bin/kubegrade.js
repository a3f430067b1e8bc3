#!/usr/bin/env node
// kubegrade's command line. Plain JavaScript that any Node runs, so that an
// old Node gets a clear message instead of a syntax error.
// One home for the version rule: scripts/check-node.cjs (also npm's preinstall) exits with 2 and says how to get Node 24.
import { createRequire } from 'node:module';
createRequire(import.meta.url)('../scripts/check-node.cjs');
// A reader that goes away (`kubegrade batch … | head -1`) ends the run quietly: nothing more to say to it.
// (src/cli/sink.ts does the same for what it writes itself.) Each stream gets the handler when it
// is first used: creating one costs a few ms, and `check --format json` uses neither.
const quiet = (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
};
for (const name of ['stdout', 'stderr']) {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (!d || typeof d.get !== 'function' || !d.configurable) {
    process[name].on('error', quiet);
    continue;
  }
  let stream;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: d.enumerable,
    get() {
      if (stream === undefined) (stream = d.get.call(process)).on('error', quiet);
      return stream;
    },
  });
}
// V8's flags for the command (why: there).
(await import('./v8-flags.js')).setV8Flags(process.argv.slice(2));
// Cache compiled code between runs (Node ≥ 22.1): a student's second run starts faster.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// The bundled command line (scripts/bundle.mjs: one file for a static check); the
// per-module build when the bundle is absent (a checkout built with tsc alone).
import('../dist/bundle/cli.js')
  .catch((err) => (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle/cli.js') ? import('../dist/cli/main.js') : Promise.reject(err)))
  .then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (err) => {
    process.stderr.write(
      err && err.code === 'ERR_MODULE_NOT_FOUND'
        ? 'kubegrade: not built: run `npm run build` in its folder (npm install does it too)\n'
        : `kubegrade: cannot start: ${err && err.message}\n`,
    );
    process.exitCode = 2;
  },
);
