#!/usr/bin/env node
// The deadline path's benchmark (`npm run bench:deadline`; builds first).
//
// 1,000 generated submissions (a third faulty, as bench/run.js makes them), a
// tenth of them git repositories of 20 commits (made with one `git
// fast-import` each; the last 5 commits after the deadline), graded by the
// library's gradeMany() with `deadline` (and again with a late policy, which
// grades the late repositories twice), each run in a child process of its
// own so that its peak RSS is its own. Against the same class without a
// deadline, run by run (the ratio is taken pair by pair). Target: the
// deadline path >= 200 submissions/s.
//
// Environment: BENCH_RUNS (default 5), BENCH_STUDENTS (default 1000).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1000);
const COMMITS = 20;
const LATE = 5;
const DEADLINE = Date.parse('2026-10-16T04:59:00Z');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === '--child') {
  const { gradeMany } = await import('../dist/batch/index.js');
  const { parseLatePolicy } = await import('../dist/score/late.js');
  const dirs = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const mode = process.argv[4];
  const options = mode === 'plain' ? {} : { deadline: { at: DEADLINE, ...(mode === 'policy' ? { latePolicy: parseLatePolicy('10%/day, 0 after 3d') } : {}) } };
  const t = performance.now();
  const reports = await gradeMany(dirs, options);
  const elapsed = performance.now() - t;
  const fromGit = reports.filter((r) => r.deadline?.commit).length;
  process.stdout.write(JSON.stringify({ elapsed, n: reports.length, fromGit, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const gitEnv = { PATH: process.env.PATH, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/** A fast-import stream: COMMITS commits an hour apart, the last LATE after the deadline, each changing a file. */
function history(files, u) {
  const parts = [];
  for (let k = 1; k <= COMMITS; k++) {
    const when = Math.floor(DEADLINE / 1000) + (k - (COMMITS - LATE)) * 3600 - 60;
    const msg = `step ${k}`;
    parts.push(`commit refs/heads/main\nmark :${k}\ncommitter ${u} <${u}@example.edu> ${when} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`);
    if (k > 1) parts.push(`from :${k - 1}\n`);
    for (const [name, text] of files) {
      const t = name.includes('flask-deployment') ? `${text}\n# revision ${k}\n` : text;
      parts.push(`M 100644 inline ${name}\ndata ${Buffer.byteLength(t)}\n${t}\n`);
    }
  }
  return parts.join('');
}

console.log(`kubegrade deadline benchmark · node ${process.version} · ${availableParallelism()} cores · git ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()} · median of ${RUNS} runs\n`);
const work = mkdtempSync(join(tmpdir(), 'kg-bench-deadline-'));
try {
  const good = join(root, 'fixtures', 'good');
  const base = readdirSync(good).map((f) => [f, readFileSync(join(good, f), 'utf8')]);
  const dirs = [];
  const t0 = performance.now();
  for (let i = 0; i < STUDENTS; i++) {
    const u = `s${String(i).padStart(4, '0')}`;
    const dir = join(work, u);
    mkdirSync(dir);
    const files = base.map(([f, text]) => {
      let t = text.replaceAll('jdoe', u);
      if (i % 3 === 1) t = t.replace('ReadWriteOnce', 'readWriteOnce').replace('replicas: 2', 'replicas: "2"');
      if (i % 3 === 2) t = t.replace('labels:', 'lables:');
      return [f.replaceAll('jdoe', u), t];
    });
    for (const [f, t] of files) writeFileSync(join(dir, f), t);
    if (i % 10 === 0) {
      execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv });
      execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { env: gitEnv, input: history(files, u) });
    }
    dirs.push(dir);
  }
  console.log(`made ${STUDENTS} submissions, ${Math.ceil(STUDENTS / 10)} of them git repositories of ${COMMITS} commits, in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const list = join(work, 'dirs.json');
  writeFileSync(list, JSON.stringify(dirs));

  const child = (mode) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', list, mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench child (${mode}) failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const runs = { plain: [], deadline: [], policy: [] };
  const ratios = [];
  for (let k = 0; k < RUNS; k++) {
    const p = child('plain');
    const d = child('deadline');
    const l = child('policy');
    if (d.fromGit !== Math.ceil(STUDENTS / 10)) throw new Error(`expected ${Math.ceil(STUDENTS / 10)} reports graded from a commit, got ${d.fromGit}`);
    runs.plain.push(p);
    runs.deadline.push(d);
    runs.policy.push(l);
    ratios.push(d.elapsed / p.elapsed);
  }
  const rate = (xs) => median(xs.map((x) => (x.n / x.elapsed) * 1000));
  const rss = (xs) => median(xs.map((x) => x.maxRssMB));
  const line = (label, xs, extra = '') =>
    console.log(`${label.padEnd(34)} ${rate(xs).toFixed(0).padStart(5)} submissions/s  (${xs.map((x) => ((x.n / x.elapsed) * 1000).toFixed(0)).join(', ')})  peak RSS ${rss(xs).toFixed(0)} MB${extra}`);
  line('no deadline (the same class)', runs.plain);
  line('--deadline', runs.deadline, `   target >= 200/s ${rate(runs.deadline) >= 200 ? '✓' : '✗'}`);
  line('--deadline --late-policy', runs.policy);
  console.log(`\n--deadline / no deadline, time, pair by pair: median ${median(ratios).toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
