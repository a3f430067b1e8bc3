#!/usr/bin/env node
// kubegrade's benchmarks (`npm run bench`; needs `npm run build` first, which
// the npm script does). Speed targets live here, never in timed tests.
//
//  1. cold CLI: `kubegrade check fixtures/good --format json` as a new process,
//     against a bare `node -e 0` (median of RUNS runs each);
//  2. throughput: 1,000 generated students through the library API
//     (gradeMany, worker threads on every core), in a child process so that its
//     peak RSS is its own (median of RUNS runs).
//
// Environment: BENCH_RUNS (default 7), BENCH_STUDENTS (default 1000).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClass } from './class.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;

function time(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

if (process.argv[2] === '--throughput-child') {
  const { gradeMany } = await import('../dist/batch/index.js');
  const dirs = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const t = performance.now();
  const reports = await gradeMany(dirs);
  const elapsed = performance.now() - t;
  const full = reports.filter((r) => r.score === r.maxScore).length;
  process.stdout.write(JSON.stringify({ elapsed, n: reports.length, full, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

console.log(`kubegrade benchmarks · node ${process.version} · ${availableParallelism()} cores · median of ${RUNS} runs\n`);

// 1. cold start
const bare = [];
const cold = [];
time(process.execPath, ['bin/kubegrade.js', 'check', 'fixtures/good', '--format', 'json']); // warm the page cache
for (let i = 0; i < RUNS; i++) {
  bare.push(time(process.execPath, ['-e', '0']));
  cold.push(time(process.execPath, ['bin/kubegrade.js', 'check', 'fixtures/good', '--format', 'json']));
}
const b = median(bare);
const c = median(cold);
console.log(`cold CLI, one student:      ${ms(c)}  (bare node -e 0: ${ms(b)}; ratio ${(c / b).toFixed(1)}×)   target ≤ 500 ms and ≤ 10×`);

// 2. throughput
const work = mkdtempSync(join(tmpdir(), 'kg-bench-'));
try {
  const dirs = makeClass(work, STUDENTS);
  const list = join(work, 'dirs.json');
  writeFileSync(list, JSON.stringify(dirs));
  const runs = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--throughput-child', list], { encoding: 'utf8' })));
  }
  const el = median(runs.map((r) => r.elapsed));
  const rss = median(runs.map((r) => r.maxRssMB));
  console.log(`throughput, ${STUDENTS} students: ${(STUDENTS / (el / 1000)).toFixed(0)} students/s (${ms(el)}), peak RSS ${rss.toFixed(0)} MB   target ≥ 1000/s, ≤ 150 MB`);
  console.log(`  (${runs[0].full} of ${runs[0].n} at full marks, as generated: one in three)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
