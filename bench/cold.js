#!/usr/bin/env node
// Cold start of one student, the bundled command line against the per-module build, pair by pair
// in one run (`npm run bench:cold`; needs `npm run build`). Both as bin/kubegrade.js starts them
// (Node's compile cache on): `node bin/kubegrade.js check fixtures/good --format json` loads
// dist/bundle/cli.js; the per-module build is the same start importing dist/cli/main.js.
// Environment: BENCH_RUNS (default 21); BENCH_BASELINE=DIR: another checkout, built (an earlier
// commit: `git worktree add DIR COMMIT && cd DIR && npm ci && npm run build`), whose bundled CLI
// runs in the same pairs, on this checkout's fixtures/good: this one / that one, pair by pair.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const args = ['check', 'fixtures/good', '--format', 'json'];
const perModule = `const { enableCompileCache } = await import('node:module'); enableCompileCache?.();
const { main } = await import('./dist/cli/main.js'); process.exitCode = await main(${JSON.stringify(args)});`;
const cmds = {
  bare: [process.execPath, '-e', '0'],
  bundle: [process.execPath, 'bin/kubegrade.js', ...args],
  modules: [process.execPath, '--input-type=module', '-e', perModule],
};
const BASELINE = process.env.BENCH_BASELINE;
if (BASELINE) cmds.baseline = [process.execPath, join(BASELINE, 'bin/kubegrade.js'), ...args];
function time([cmd, ...a]) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, a, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${a.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
for (const c of Object.values(cmds)) time(c), time(c); // page cache and compile cache warm
const t = { bare: [], bundle: [], modules: [], baseline: [] };
const ratios = [];
const baseRatios = [];
for (let i = 0; i < RUNS; i++) {
  t.bare.push(time(cmds.bare));
  // Alternate which goes first, so neither always runs on a warmer machine.
  let bundle, m;
  if (i % 2) (bundle = time(cmds.bundle)), (m = time(cmds.modules));
  else (m = time(cmds.modules)), (bundle = time(cmds.bundle));
  t.bundle.push(bundle);
  t.modules.push(m);
  ratios.push(bundle / m);
  if (BASELINE) {
    let b;
    if (i % 2) (b = time(cmds.baseline)), (bundle = time(cmds.bundle));
    else (bundle = time(cmds.bundle)), (b = time(cmds.baseline));
    t.baseline.push(b);
    baseRatios.push(bundle / b);
  }
}
const BENCH_RUNS_NOTE = `${RUNS} pairs, each alternating which runs first`;
const f = (xs) => `${median(xs).toFixed(0)} ms`;
console.log(`cold CLI, one student · node ${process.version} · median of ${RUNS} pairs`);
console.log(`  bundled (dist/bundle/cli.js):      ${f(t.bundle)}`);
console.log(`  per-module (dist/cli/main.js):     ${f(t.modules)}`);
console.log(`  bare node -e 0:                    ${f(t.bare)}`);
console.log(`  bundled / per-module, pair by pair: ${median(ratios).toFixed(2)}×`);
if (BASELINE) {
  console.log(`  baseline's bundled CLI (${BASELINE}): ${f(t.baseline)}`);
  console.log(`  bundled / baseline, pair by pair:   ${median(baseRatios).toFixed(3)}× (${BENCH_RUNS_NOTE})`);
}
