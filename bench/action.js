#!/usr/bin/env node
// The GitHub Action's own wall time (`npm run bench:action`): `node action/dist/index.js`, the
// committed bundle, run as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP, GITHUB_WORKSPACE) on one submission, from process start to exit. Target < 2 s.
// Environment: BENCH_RUNS (default 11).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
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
  const run = (path) => {
    const env = {
      PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, RUNNER_TEMP: join(work, 'temp'),
      GITHUB_OUTPUT: join(work, 'output'), GITHUB_STEP_SUMMARY: join(work, 'summary'),
      INPUT_PATH: path, INPUT_USERNAME: '', INPUT_RUBRIC: '', INPUT_SET: '', INPUT_LIVE: 'false', 'INPUT_FAIL-ON': 'never', 'INPUT_SARIF-FILE': '', INPUT_ANNOTATIONS: '10',
    };
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(root, 'action', 'dist', 'index.js')], { cwd: ws, env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`the action failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  run('good');
  const good = [];
  const faulty = [];
  for (let i = 0; i < RUNS; i++) good.push(run('good')), faulty.push(run('faulty'));
  console.log(`the action's own wall time, one submission · node ${process.version} · median of ${RUNS}`);
  console.log(`  full marks: ${median(good).toFixed(0)} ms   points lost: ${median(faulty).toFixed(0)} ms   target < 2000 ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
