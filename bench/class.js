// The generated class the static benchmarks grade (bench/run.js, bench/peers.js):
// copies of fixtures/good under s0000, s0001, … with each student's username in
// the file names and labels; every third student has a fault or two (a wrong
// case, a quoted number, a misspelt key), so the failing paths are measured too.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const good = fileURLToPath(new URL('../fixtures/good', import.meta.url));

/** Writes `n` submissions under `root` and returns their folders, in order. */
export function makeClass(root, n) {
  const files = readdirSync(good).map((f) => [f, readFileSync(join(good, f), 'utf8')]);
  const dirs = [];
  for (let i = 0; i < n; i++) {
    const u = `s${String(i).padStart(4, '0')}`;
    const dir = join(root, u);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of files) {
      let t = text.replaceAll('jdoe', u);
      if (i % 3 === 1) t = t.replace('ReadWriteOnce', 'readWriteOnce').replace('replicas: 2', 'replicas: "2"');
      if (i % 3 === 2) t = t.replace('labels:', 'lables:');
      writeFileSync(join(dir, f.replaceAll('jdoe', u)), t);
    }
    dirs.push(dir);
  }
  return dirs;
}
