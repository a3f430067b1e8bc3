#!/usr/bin/env node
// kubegrade against its peer, kubeconform v0.8.0 (`npm run bench:peers`; builds
// kubegrade first). bench/peers/setup.sh builds kubeconform from the Go module
// proxy and generates its strict schemas from Kubernetes v1.30.14's own OpenAPI
// spec, both cached under /var/cache/kubegrade. Then both tools grade the same
// generated class (bench/class.js), as new processes, pair by pair in one run
// (kg, kc, kg, kc, …) so that both see the same machine at the same moment:
//
//   - one student, cold: `kubegrade check DIR --format json` vs `kubeconform -strict DIR`;
//   - a class of 1,000 and of 4,000: `kubegrade batch ROOT --format json` vs
//     `kubeconform -strict -output json -summary ROOT`, and vs the same with `-n 1`
//     (kubeconform on one core; kubegrade grades with one thread on 2 cores).
//
// Wall time is measured here; peak RSS by /usr/bin/time (the maximum resident
// set of the process, its threads included). Prints the medians and the median
// of the per-pair ratios (kubegrade / kubeconform: below 1.0 kubegrade is
// faster). Targets: class of 1,000 ratio ≤ 1.0; one student ratio ≤ 1.0; peak
// RSS at 4,000 ≤ 1.3× that at 1,000, and ≤ 150 MB. Never part of the test suite.
//
// Environment: BENCH_PAIRS (pairs per measurement; default 11 for one student,
// 5 for 1,000, 3 for 4,000), BENCH_CLASSES (default "1000,4000"), BENCH_JSON=FILE
// (also write every sample there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClass } from './class.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const PAIRS = process.env.BENCH_PAIRS ? Number(process.env.BENCH_PAIRS) : undefined;
const CLASSES = (process.env.BENCH_CLASSES ?? '1000,4000').split(',').filter(Boolean).map(Number);

const setup = spawnSync('bash', [join(root, 'bench/peers/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (setup.status !== 0) {
  process.stderr.write('bench:peers: could not set up kubeconform (bench/peers/setup.sh)\n');
  process.exit(1);
}
const conf = Object.fromEntries(setup.stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
const schemaLocation = join(conf.schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json');

/** Runs a command under /usr/bin/time; its wall time (ms), peak RSS (MB) and exit status. */
function run(cmd, args) {
  const rssFile = join(work, 'rss');
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  // both exit 1 when they find faults (a third of the class has them)
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, rssMB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 };
}

const kg = (mode, target) => [process.execPath, [join(root, 'bin/kubegrade.js'), mode, target, '--format', 'json']];
const kc = (target, extra) => [conf.kubeconform, ['-strict', ...extra, '-schema-location', schemaLocation, target]];

const work = mkdtempSync(join(tmpdir(), 'kg-peers-'));
const results = [];
try {
  const measurements = [
    { name: 'one student, cold process', pairs: PAIRS ?? 11, build: () => makeClass(join(work, 'one'), 1)[0], kg: (d) => kg('check', d), kc: (d) => kc(d, []) },
    ...CLASSES.map((n) => ({
      name: `a class of ${n.toLocaleString('en-US')}`,
      n,
      pairs: PAIRS ?? (n >= 4000 ? 3 : 5),
      build: () => (makeClass(join(work, `c${n}`), n), join(work, `c${n}`)),
      kg: (d) => kg('batch', d),
      kc: (d) => kc(d, ['-output', 'json', '-summary']),
      // kubeconform on one core too (-n 1): kubegrade grades with one thread on 2 cores (src/batch/threads.ts)
      kc1: (d) => kc(d, ['-n', '1', '-output', 'json', '-summary']),
    })),
  ];
  console.log(
    `kubegrade vs kubeconform v0.8.0 -strict · node ${process.version} · ${availableParallelism()} cores (${cpus()[0]?.model.trim()}) · pair by pair, medians\n`,
  );
  for (const m of measurements) {
    const target = m.build();
    const a = m.kg(target);
    const b = m.kc(target);
    run(...a), run(...b); // warm the page cache and Node's compile cache
    const c = m.kc1?.(target);
    const pairs = [];
    for (let i = 0; i < m.pairs; i++) pairs.push({ kg: run(...a), kc: run(...b), ...(c ? { kc1: run(...c) } : {}) });
    const ratios = pairs.map((p) => p.kg.ms / p.kc.ms);
    const perCore = c ? pairs.map((p) => p.kg.ms / p.kc1.ms) : undefined;
    const r = {
      name: m.name,
      n: m.n ?? 1,
      pairs: pairs.length,
      kgMs: median(pairs.map((p) => p.kg.ms)),
      kcMs: median(pairs.map((p) => p.kc.ms)),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      kgRssMB: median(pairs.map((p) => p.kg.rssMB)),
      kcRssMB: median(pairs.map((p) => p.kc.rssMB)),
      ...(perCore ? { kc1Ms: median(pairs.map((p) => p.kc1.ms)), perCoreRatio: median(perCore) } : {}),
      samples: pairs,
    };
    results.push(r);
    const t = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
    console.log(
      `${r.name.padEnd(26)} kubegrade ${t(r.kgMs).padStart(8)} ${r.kgRssMB.toFixed(0).padStart(4)} MB · kubeconform ${t(r.kcMs).padStart(8)} ${r.kcRssMB.toFixed(0).padStart(4)} MB · ratio ${r.ratio.toFixed(2)} (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}, ${r.pairs} pairs)`,
    );
    if (r.perCoreRatio !== undefined) console.log(`${''.padEnd(26)} kubeconform -n 1 (one worker) ${t(r.kc1Ms).padStart(8)} · kubegrade / that ${r.perCoreRatio.toFixed(2)}`);
    if (m.n) rmSync(target, { recursive: true, force: true });
  }
  console.log('\ntargets:');
  const one = results.find((r) => r.n === 1);
  const c1 = results.find((r) => r.n === 1000);
  const c4 = results.find((r) => r.n === 4000);
  const mark = (ok) => (ok ? '✓' : '✗');
  if (one) console.log(`  one student, cold: ratio ${one.ratio.toFixed(2)} ≤ 1.0 ${mark(one.ratio <= 1)}`);
  if (c1) console.log(`  a class of 1,000: ratio ${c1.ratio.toFixed(2)} ≤ 1.0 ${mark(c1.ratio <= 1)}; peak RSS ${c1.kgRssMB.toFixed(0)} MB ≤ 150 MB ${mark(c1.kgRssMB <= 150)}`);
  if (c1 && c4) {
    const g = c4.kgRssMB / c1.kgRssMB;
    console.log(`  peak RSS flat: 4,000 / 1,000 = ${g.toFixed(2)} ≤ 1.3 ${mark(g <= 1.3)}; at 4,000 ${c4.kgRssMB.toFixed(0)} MB ≤ 150 MB ${mark(c4.kgRssMB <= 150)}`);
  }
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
