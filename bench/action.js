#!/usr/bin/env node
// The GitHub Action's own wall time (`npm run bench:action`): `node action/dist/index.js`, the
// committed bundle, run as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP, GITHUB_WORKSPACE) on one submission, from process start to exit. Target < 2 s.
// Also what a HW6 run loads of action/dist (Node's module hooks, preloaded): the bundle's files
// and their bytes, JavaScript and data apart; the engine (engine.js) is loaded by data rubrics only,
// the yaml package (yaml.js) at its first use.
// Environment: BENCH_RUNS (default 11); BENCH_ACTION=DIR: the action/dist to run (another
// checkout's, to compare; default this one's).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.BENCH_ACTION ?? join(root, 'action', 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'kg-bench-action-'));
try {
  const ws = join(work, 'repo');
  cpSync(join(root, 'fixtures', 'good'), join(ws, 'good'), { recursive: true });
  cpSync(join(root, 'fixtures', 'good'), join(ws, 'faulty'), { recursive: true });
  const pvc = join(ws, 'faulty', 'jdoe-test-redis-pvc.yml');
  writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('- ReadWriteOnce', '- readWriteOnce').replace('rdb', 'rbd'));
  mkdirSync(join(work, 'temp'));
  const run = (path, extra = {}) => {
    const env = {
      PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, RUNNER_TEMP: join(work, 'temp'),
      GITHUB_OUTPUT: join(work, 'output'), GITHUB_STEP_SUMMARY: join(work, 'summary'),
      INPUT_PATH: path, INPUT_USERNAME: '', INPUT_RUBRIC: '', INPUT_SET: '', INPUT_LIVE: 'false', 'INPUT_FAIL-ON': 'never', 'INPUT_SARIF-FILE': '', INPUT_ANNOTATIONS: '10', ...extra,
    };
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(dist, 'index.js')], { cwd: ws, env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`the action failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  // What a HW6 run loads: every file of the bundle through Node's module hooks (import() and require()).
  const hook = join(work, 'record-loads.mjs');
  const list = join(work, 'loaded');
  writeFileSync(hook, `import { registerHooks } from 'node:module'; import { writeFileSync } from 'node:fs'; import { fileURLToPath } from 'node:url';
const seen = new Set();
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) seen.add(fileURLToPath(url)); return next(url, context); } });
process.on('exit', () => writeFileSync(${JSON.stringify(list)}, [...seen].join('\\n')));`);
  run('good', { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` });
  const files = readFileSync(list, 'utf8').split('\n').filter((f) => f.startsWith(dist + sep));
  const size = (fs) => fs.reduce((n, f) => n + statSync(existsSync(f) ? f : `${f}.br`).size, 0);
  const js = files.filter((f) => f.endsWith('.js'));
  const data = files.filter((f) => !f.endsWith('.js'));
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  run('good');
  const good = [];
  const faulty = [];
  for (let i = 0; i < RUNS; i++) good.push(run('good')), faulty.push(run('faulty'));
  console.log(`the action's own wall time, one submission · node ${process.version} · median of ${RUNS}`);
  console.log(`  full marks: ${median(good).toFixed(0)} ms   points lost: ${median(faulty).toFixed(0)} ms   target < 2000 ms`);
  console.log(`  loaded by a HW6 run: ${js.length} JavaScript files, ${kib(size(js))} (${js.map((f) => relative(dist, f)).join(', ')}); data ${kib(size(data))} (${data.map((f) => relative(dist, f)).join(', ')})`);
  const has = (name) => (files.some((f) => f.endsWith(`${sep}${name}`)) ? 'yes' : 'no');
  console.log(`  engine.js (data rubrics only) loaded: ${has('engine.js')}; yaml.js (a YAML rubric, a file src/parse/fast.ts leaves to the yaml package) loaded: ${has('yaml.js')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
