#!/usr/bin/env node
// preinstall: refuse an old Node before npm installs or builds anything (`npm ci` on Node 20 would
// otherwise run for minutes and only then fail). Plain CommonJS that any Node can run.
'use strict';
var v = process.versions.node.split('.').map(Number);
if (v[0] < 22 || (v[0] === 22 && v[1] < 19)) {
  process.stderr.write(
    'kubegrade needs Node.js 22.19 or newer (this is ' + process.versions.node + ').\n' +
      'Get Node 24 from the npm registry without root:\n' +
      '  npm install --prefix ~/.local/node24 node@24 && export PATH=~/.local/node24/node_modules/node/bin:$PATH\n',
  );
  // 1 for npm (preinstall), 2 (a usage error) when bin/kubegrade.js asks.
  process.exit(require.main === module ? 1 : 2);
}
