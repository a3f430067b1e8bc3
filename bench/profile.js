#!/usr/bin/env node
// Where the static grading time goes (`node bench/profile.js`, after `npm run
// build`): grades a generated class in this one thread (gradeStatic, the same
// code a batch worker runs) under V8's CPU profiler and prints the self time
// summarised by file (src/… stages, node_modules packages) and by function.
// Also prints students/s of this thread, and its CPU time (the honest figure
// on a loaded machine), for a quick before → after of one change.
//
// `node bench/profile.js FILE.cpuprofile…` summarises profiles written by
// `node --cpu-prof` instead (a batch run writes one per thread).
//
// Environment: PROFILE_STUDENTS (default 1000), PROFILE_TOP (default 30),
// PROFILE_WARMUP (students graded before the profile starts; default 200),
// PROFILE_OFF=1 (time only, no profiler), PROFILE_OUT=FILE (.cpuprofile for devtools).
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClass } from './class.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOP = Number(process.env.PROFILE_TOP ?? 30);

if (process.argv.length > 2) {
  summarise(process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8'))));
  process.exit(0);
}

const N = Number(process.env.PROFILE_STUDENTS ?? 1000);
const WARMUP = Number(process.env.PROFILE_WARMUP ?? 200);
const { gradeStatic } = await import('../dist/grade.js');
const { loadRubric } = await import('../dist/rubric/index.js');
const work = mkdtempSync(join(tmpdir(), 'kg-profile-'));
try {
  const dirs = makeClass(work, Math.max(N, WARMUP));
  const rubric = loadRubric();
  for (const d of dirs.slice(0, WARMUP)) gradeStatic(d, { rubric });
  const session = new Session();
  if (!process.env.PROFILE_OFF) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const d of dirs.slice(0, N)) gradeStatic(d, { rubric });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${N} students in one thread: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU · ${(N / (ms / 1000)).toFixed(0)} students/s`);
  if (!process.env.PROFILE_OFF) {
    const { profile } = await session.post('Profiler.stop');
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    summarise([profile]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Self time by file and by function over V8 CPU profiles. */
function summarise(profiles) {
  const where = (url) => {
    if (!url) return '(native)';
    const p = url.startsWith('file://') ? fileURLToPath(url) : url;
    const nm = p.lastIndexOf(`node_modules${sep}`);
    if (nm >= 0) {
      const rest = p.slice(nm + 13).split(sep);
      return `${rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/')} (package)`;
    }
    return p.startsWith(root) ? p.slice(root.length) : p;
  };
  const byFn = new Map();
  const byFile = new Map();
  let total = 0;
  for (const profile of profiles) {
    const self = new Map();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const node of profile.nodes) {
      const t = self.get(node.id) ?? 0;
      if (!t) continue;
      total += t;
      const f = node.callFrame;
      const file = where(f.url);
      const fn = `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + t);
      byFile.set(file, (byFile.get(file) ?? 0) + t);
    }
  }
  const show = (title, m, top) => {
    console.log(`\n${title} (${profiles.length} profile${profiles.length === 1 ? '' : 's'}, ${(total / 1000).toFixed(0)} ms)`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  };
  show('self time by file', byFile, 20);
  show('self time by function', byFn, TOP);
}
