#!/usr/bin/env node
// `npm run bench:batch`: an instructor's batch, end to end through the CLI.
// 1,000 generated submissions (a third faulty), a Canvas roster for them, and
// two commands measured pair by pair in one run, in alternating order:
//
//   A: kubegrade batch ROOT --roster R --out DIR --format json
//   B: kubegrade batch ROOT --roster R --out DIR --format <every format> --assignment …
//
// Each in a child process of its own (its peak RSS is its own: the grading
// threads are in the same process), running the command line users run: the
// bundle bin/kubegrade.js loads (dist/bundle/cli.js), whose batch threads are the
// bundle's too (BENCH_ENTRY=modules: the per-module build, bin/kubegrade.js's
// fallback when there is no bundle; its writing thread loads a hundred modules). B writes many more bytes and files than A,
// so B is held against A plus C, a plain copy of B's output tree (fs.cpSync in a
// child of its own): the file system's own cost of that tree is then counted on
// both sides, and what is left is kubegrade's. Reported: medians of the wall
// times, of the ratios B/(A+C) taken run by run, and of B's peak RSS.
// Targets: B within 1.3× of A+C; peak RSS ≤ 200 MB.
//
// Environment: BENCH_RUNS (default 5), BENCH_STUDENTS (default 1000), BENCH_ENTRY (above), BENCH_FRESH=1 (A's and B's
// --out moved aside before each run, outside the timing: the first run into a folder, where a
// re-run keeps the per-student files whose bytes did not change).
//
// Nothing is deleted between the runs: a tree that is out of the way is moved into a folder of
// old trees, deleted at the end. Deleting one (6,000 files and folders) just before a run made
// that run pay for the bench's own cleanup: for 30 s after a delete, ext4 passes over the freed
// inodes one by one when it makes a new file or folder (recently_deleted(), in ext4_new_inode),
// which was up to half of B's system time and of C's, depending on which ran closer to a delete.
// A first run into an empty folder does not follow the deletion of a class's output. For the
// same reason C copies into a new folder each time (it used to delete its previous copy first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === '--copy') {
  // C: a plain copy of an output tree, as the file system does it, into a folder that is not there yet.
  const { cpSync, existsSync } = await import('node:fs');
  const [from, to] = JSON.parse(process.argv[3]);
  if (existsSync(to)) throw new Error(`${to} is there already`);
  const t = performance.now();
  cpSync(from, to, { recursive: true });
  process.stdout.write(JSON.stringify({ code: 0, elapsed: performance.now() - t }));
  process.exit(0);
}

if (process.argv[2] === '--child') {
  // One batch in this process: the CLI's own main() (the bundle's, as bin/kubegrade.js loads it), with the V8 flags bin/kubegrade.js sets, stdout and stderr discarded; then the figures.
  (await import('../bin/v8-flags.js')).setV8Flags(JSON.parse(process.argv[3]));
  const { main } = await import(process.env.BENCH_ENTRY === 'modules' ? '../dist/cli/main.js' : '../dist/bundle/cli.js');
  const t = performance.now();
  const code = await main(JSON.parse(process.argv[3]), { stdout: () => {}, stderr: () => {}, color: false, stderrTty: false });
  const elapsed = performance.now() - t;
  process.stdout.write(JSON.stringify({ code, elapsed, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const { REPORTERS } = await import('../dist/reporters/index.js');
const formats = [...REPORTERS.keys()];
console.log(`kubegrade batch bench${process.env.BENCH_FRESH === '1' ? ' (fresh --out each run)' : ''} · node ${process.version} · ${availableParallelism()} cores · ${STUDENTS} submissions · ${RUNS} pairs · formats: ${formats.join(', ')} · load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);

const work = mkdtempSync(join(tmpdir(), 'kg-bench-batch-'));
try {
  const subs = join(work, 'subs');
  const good = join(root, 'fixtures', 'good');
  const files = readdirSync(good).map((f) => [f, readFileSync(join(good, f), 'utf8')]);
  const roster = ['Student,ID,SIS User ID,SIS Login ID,Section,folder,username', '    Points Possible,,,,,,'];
  for (let i = 0; i < STUDENTS; i++) {
    const u = `s${String(i).padStart(4, '0')}`;
    const dir = join(subs, `hw6-${u}`);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of files) {
      // every third submission has a fault or two, so the failing paths are measured too
      let t = text.replaceAll('jdoe', u);
      if (i % 3 === 1) t = t.replace('ReadWriteOnce', 'readWriteOnce').replace('replicas: 2', 'replicas: "2"');
      if (i % 3 === 2) t = t.replace('labels:', 'lables:').replace('storageClassName: rdb', 'storageClassName: rbd');
      writeFileSync(join(dir, f.replaceAll('jdoe', u)), t);
    }
    roster.push(`"Student, ${u}",${10000 + i},S${i},${u},A,hw6-${u},${u}`);
  }
  const rosterFile = join(work, 'roster.csv');
  writeFileSync(rosterFile, roster.join('\n') + '\n');

  const copy = (from, to) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--copy', JSON.stringify([from, to])], { encoding: 'utf8' }));
  // A tree out of the way: moved into old/ (one rename), deleted with the rest at the end (see the top).
  const old = join(work, 'old');
  mkdirSync(old);
  let parked = 0;
  const park = (dir) => {
    if (existsSync(dir)) renameSync(dir, join(old, String(parked++)));
  };
  const fresh = (args) => {
    if (process.env.BENCH_FRESH === '1') park(args[args.indexOf('--out') + 1]);
    return args;
  };
  const child = (args) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const base = ['batch', subs, '--roster', rosterFile, '--quiet'];
  const A = [...base, '--out', join(work, 'a'), '--format', 'json'];
  const B = [...base, '--out', join(work, 'b'), '--format', formats.join(','), '--assignment', 'HW6 (1234)'];
  child(A); // warm the page cache and the compile cache
  const a = [];
  const b = [];
  const c = [];
  const ratios = [];
  for (let i = 0; i < RUNS; i++) {
    const [x, y] = i % 2 ? [child(fresh(B)), child(fresh(A))].reverse() : [child(fresh(A)), child(fresh(B))];
    for (const r of [x, y]) if (r.code !== 0) throw new Error(`batch exited ${r.code}`);
    park(join(work, 'c'));
    const z = copy(join(work, 'b'), join(work, 'c'));
    a.push(x);
    b.push(y);
    c.push(z);
    ratios.push(y.elapsed / (x.elapsed + z.elapsed));
  }
  const ms = (n) => `${(n / 1000).toFixed(2)} s`;
  const rate = (rs) => `${(STUDENTS / (median(rs.map((r) => r.elapsed)) / 1000)).toFixed(0)} submissions/s`;
  console.log(`A  --format json:         ${ms(median(a.map((r) => r.elapsed)))}  (${rate(a)}), peak RSS ${median(a.map((r) => r.maxRssMB)).toFixed(0)} MB`);
  console.log(`B  all ${formats.length} formats at once: ${ms(median(b.map((r) => r.elapsed)))}  (${rate(b)}), peak RSS ${median(b.map((r) => r.maxRssMB)).toFixed(0)} MB (max ${Math.max(...b.map((r) => r.maxRssMB)).toFixed(0)})`);
  const ratio = median(ratios);
  const rss = median(b.map((r) => r.maxRssMB));
  console.log(`C  a plain copy of B's output tree: ${ms(median(c.map((r) => r.elapsed)))}`);
  console.log(`B/(A+C), run by run: median ${ratio.toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')})   target ≤ 1.3× ${ratio <= 1.3 ? '✓' : '✗'}`);
  console.log(`peak RSS of B: ${rss.toFixed(0)} MB   target ≤ 200 MB ${rss <= 200 ? '✓' : '✗'}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
