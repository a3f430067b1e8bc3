#!/usr/bin/env node
// A folder of hostile files (`npm run bench:hostile`; needs `npm run build`,
// which the npm script does): how long `kubegrade check` takes on it and its
// peak RSS, as the number of files grows. The target (issue 7): under 300 MB
// and under 10 s whatever the number of files.
//
// The files, in turn: error-dense YAML (a stray `]` per line, tabs, unclosed
// quotes, `a: b: c`), nesting thousands deep (flow and block), an alias bomb,
// an alias inside its own anchor, 60,000 tiny documents, a 1 MiB key, a file
// over the size limit, binary and non-UTF-8 bytes, FIFOs named .yml. Each
// just under the per-file limit where size matters.
//
// Then folders of four files of one heavy kind (tabs, `a: b: c`, many aliases, many documents):
// the most of such a file that one submission's 1 MiB read budget lets in.
//
// Then the worst shapes of issue 17, each one file and four files (the most of them the read budget
// lets in): 22,000 unknown fields under a Deployment's spec (read by the fast path, and by the full
// path: the same file with an anchor), ~1,350 sibling [[[…]]] 95 deep, documents whose aliases are
// just under the limits (99 aliases of a 100-node anchor each), and 2,000 small Deployments a file.
// Each row: median wall time, median CPU time (user + system: what the machine's load does not
// change) and median peak RSS, against the bounds (≤ 10 s, ≤ 300 MB).
//
// Environment: BENCH_RUNS (default 3), BENCH_FILES (default "10,100,1000"), BENCH_ONLY=worst (the
// worst shapes alone).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin/kubegrade.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNTS = (process.env.BENCH_FILES ?? '10,100,1000').split(',').map(Number);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SIZE = 250 * 1024; // just under the 256 KiB a file may have

const fill = (line) => line.repeat(Math.floor(SIZE / line.length));
const KINDS = [
  ['stray brackets', () => fill(']\n')],
  ['tabs', () => fill('a:\n\tb: 1\n')],
  ['unclosed quotes', () => fill('"\n')],
  ['a: b: c', () => fill('a: b: c\n')],
  ['flow nesting', () => `a: ${'['.repeat(SIZE / 2 - 8)}${']'.repeat(SIZE / 2 - 8)}\n`],
  ['block nesting', () => Array.from({ length: 700 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'],
  ['nested sequences on one line', () => `${'- '.repeat(SIZE / 2 - 8)}a\n`],
  ['alias bomb', () => ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n') + '\n'],
  ['alias in its anchor', () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: &a\n  name: *a\ndata: &x [*x]\n'],
  ['many documents', () => fill('kind: A\n---\n')],
  ['many aliases', () => 'a: &a [1]\n' + fill('b: *a\n')],
  ['duplicate keys', () => 'apiVersion: v1\nkind: ConfigMap\ndata:\n' + fill('  k: v\n')],
  ['long key', () => `apiVersion: v1\nkind: ConfigMap\ndata:\n  ${'k'.repeat(SIZE - 64)}: v\n`],
  ['over the limit', () => 'a: b\n'.repeat(300_000)],
  ['binary', () => Buffer.concat([Buffer.from('a: 1\n'), Buffer.alloc(1024)])],
  ['not UTF-8', () => Buffer.concat([Buffer.from('a: '), Buffer.from([0xe9, 0xff]), Buffer.from('\n')])],
  ['fifo', null],
];

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: jdoe-test-flask\n';
/** Lines made by `line(i)` for i = 0, 1, … after `head`, as many as keep the file under SIZE. */
const upTo = (head, line) => {
  const parts = [head];
  let n = head.length;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (n + l.length > SIZE) return parts.join('');
    parts.push(l);
    n += l.length;
  }
};
const unknownFields = () => upTo(`${DEPLOYMENT}spec:\n`, (i) => `  f${i}: 1\n`);
const SIBLING = '['.repeat(95) + ']'.repeat(95);
const WORST = [
  ['22,000 unknown fields (fast path)', unknownFields],
  ['22,000 unknown fields (full path)', () => unknownFields().replace('  name: jdoe', '  name: &n jdoe')],
  ['1,350 sibling [[[…]]] 95 deep', () => `a: [${Array(Math.floor((SIZE - 8) / (SIBLING.length + 1))).fill(SIBLING).join(',')}]\n`],
  [
    'aliases just under the limits',
    () => {
      const anchor = `[${Array(99).fill('1').join(',')}]`;
      const doc = `${DEPLOYMENT}spec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: redis\n        env: &a ${anchor}\n        args: [${Array(99).fill('*a').join(',')}]\n---\n`;
      return doc.repeat(Math.floor(SIZE / doc.length));
    },
  ],
  ['2,000 documents', () => Array.from({ length: 2000 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n---\n`).join('').slice(0, SIZE)],
];

function hostileFolder(n) {
  const dir = mkdtempSync(join(tmpdir(), `kg-hostile-${n}-`));
  for (let i = 0; i < n; i++) {
    const [name, make] = KINDS[i % KINDS.length];
    const file = join(dir, `${String(i).padStart(5, '0')}-${name.replace(/\W+/g, '-')}.yml`);
    if (make) writeFileSync(file, make());
    else execFileSync('mkfifo', [file]);
  }
  return dir;
}

/** One `kubegrade check DIR --format json` in a child process: wall time, its peak RSS, its exit code. */
function once(dir) {
  const code = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nMAXRSS ' + u.maxRSS + ' CPU ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); }); process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'check', ${JSON.stringify(dir)}, '-u', 'jdoe', '-f', 'json']; await import(${JSON.stringify(BIN)});`;
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu = Number(/CPU (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000;
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  JSON.parse(r.stdout); // a report, whatever the input
  return { ms, cpu, rss, bytes: r.stdout.length };
}

/** A folder of `copies` files of one kind (the 1 MiB a submission may have holds four of 250 KiB). */
function sameKindFolder(kind, copies) {
  const [name, make] = [...KINDS, ...WORST].find(([n]) => n === kind);
  const dir = mkdtempSync(join(tmpdir(), `kg-hostile-${name.replace(/\W+/g, '-')}-`));
  for (let i = 0; i < copies; i++) writeFileSync(join(dir, `${i}.yml`), make());
  return dir;
}

console.log(`kubegrade check on a folder of hostile files (${KINDS.length} kinds, each ~250 KiB where size matters); median of ${RUNS} runs`);
// Wall time is what a student waits; on a shared machine it is the CPU time times the load. Say the load.
console.log(`(${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start)`);
console.log('files   wall     CPU      peak RSS   report');

/** RUNS checks of the folder made by `make` (removed after): median wall time and peak RSS, the first report's size, the verdict. */
function measure(make) {
  const dir = make();
  try {
    const runs = Array.from({ length: RUNS }, () => once(dir));
    const ms = median(runs.map((r) => r.ms));
    const cpu = median(runs.map((r) => r.cpu));
    const rss = median(runs.map((r) => r.rss));
    const figures = `${(ms / 1000).toFixed(2).padStart(5)} s  ${(cpu / 1000).toFixed(2).padStart(5)} s  ${rss.toFixed(0).padStart(5)} MB`;
    return { figures, kib: (runs[0].bytes / 1024).toFixed(0), ok: ms < 10_000 && rss < 300 ? '✓' : '✗' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ALL = process.env.BENCH_ONLY !== 'worst';
for (const n of ALL ? COUNTS : []) {
  const m = measure(() => hostileFolder(n));
  console.log(`${String(n).padStart(5)}   ${m.figures}   ${m.kib} KiB   ${m.ok} (target < 10 s, < 300 MB)`);
}

// The kinds that cost the most, four files of one kind in a folder: what a submission's read budget lets in.
console.log('\nfour files of one kind (the most of 250 KiB that one submission\'s 1 MiB lets in)');
for (const kind of ALL ? ['tabs', 'a: b: c', 'many aliases', 'many documents'] : []) {
  const m = measure(() => sameKindFolder(kind, 4));
  console.log(`${kind.padEnd(16)} ${m.figures}   ${m.ok}`);
}

// The worst shapes of issue 17, one file and four (what a submission's 1 MiB read budget lets in).
console.log('\nworst shapes                         files   wall     CPU      peak RSS');
for (const [kind] of WORST) {
  for (const copies of [1, 4]) {
    const m = measure(() => sameKindFolder(kind, copies));
    console.log(`${kind.padEnd(36)} ${String(copies).padStart(5)}   ${m.figures}   ${m.ok}`);
  }
}
