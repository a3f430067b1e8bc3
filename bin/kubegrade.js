#!/usr/bin/env node
// kubegrade's command line. Plain JavaScript that any Node runs, so that an
// old Node gets a clear message instead of a syntax error.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `kubegrade needs Node.js 22.19 or newer (this is ${process.versions.node}).\n` +
      'Get Node 24 from the npm registry without root:\n' +
      '  npm install --prefix ~/.local/node24 node@24 && export PATH=~/.local/node24/node_modules/node/bin:$PATH\n',
  );
  process.exit(2);
}
// Cache compiled code between runs (Node ≥ 22.1): a student's second run starts faster.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
import('../dist/cli/main.js').then(
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
