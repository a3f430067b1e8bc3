/**
 * The command line as a student, an instructor and CI use it: real processes
 * running bin/kubegrade.js (built by `npm test` before the suite).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD } from './helpers/fixtures.js';
import { pointsOf, STATIC_MAX } from './helpers/rubric.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const ANSI = /\x1b\[[0-9;]*m/;

function run(args: string[], env: Record<string, string | undefined> = {}, cwd?: string) {
  const e = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } as Record<string, string>;
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: e, cwd });
}

/** A copy of the good submission with one line changed. */
function broken(from: string, to: string, file = 'jdoe-test-redis-pvc.yml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-cli-'));
  cpSync(GOOD, dir, { recursive: true });
  const p = join(dir, file);
  writeFileSync(p, readFileSync(p, 'utf8').replace(from, to));
  return dir;
}

describe('kubegrade check', () => {
  it('full marks: exit 0, text grouped by file with the score', () => {
    const r = run(['check', GOOD]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✓ jdoe-test-redis-pvc.yml (redis-pvc)');
    expect(r.stdout).toMatch(/score (\d+)\/\1 · full marks/);
    expect(r.stdout).not.toMatch(ANSI); // not a TTY
  });

  it('DIR defaults to the current folder', () => {
    const r = run(['check', '--format', 'json'], {}, GOOD);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).dir).toBe('.');
  });

  it('points lost: exit 1, the finding with line:column, id and hint', () => {
    const dir = broken('- ReadWriteOnce', '- readWriteOnce');
    const r = run(['check', dir, '--username', 'jdoe']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ jdoe-test-redis-pvc.yml (redis-pvc)');
    expect(r.stdout).toMatch(/ {2}11:7 {4}accessModes is \[readWriteOnce\]; Kubernetes expects ReadWriteOnce {2}redis-pvc\.access-modes -1\n {10}→ see schema\.redis-pvc: the same fix makes both pass/);
  });

  it('--format json prints the spec report, byte-identical run to run', () => {
    const dir = broken('storageClassName: rdb', 'storageClassName: rbd');
    const a = run(['check', dir, '--username', 'jdoe', '--format', 'json']);
    const b = run(['check', dir, '--username', 'jdoe', '--format', 'json']);
    expect(a.status).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(Object.keys(report).slice(0, 5)).toEqual(['username', 'env', 'score', 'maxScore', 'checks']);
    const c = report.checks.find((x: { id: string }) => x.id === 'redis-pvc.storage-class');
    expect(c).toMatchObject({
      id: 'redis-pvc.storage-class',
      status: 'fail',
      points: 0,
      maxPoints: 1,
      message: 'storageClassName is "rbd"; the rubric wants "rdb" (close: check the letters, "rbd" is not "rdb")',
      location: { file: 'jdoe-test-redis-pvc.yml', line: 12, column: 21 },
    });
    expect(report.score).toBe(report.maxScore - 1);
  });

  it('--set changes a parameter for one run', () => {
    const dir = broken('storageClassName: rdb', 'storageClassName: rbd');
    expect(run(['check', dir, '--set', 'storageClassName=rbd']).status).toBe(0);
  });
  it('--set with a value the YAML parser warns about (an unknown tag) prints no warning of the parser\'s', () => {
    const r = run(['check', GOOD, '--set', 'env=!foo test', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).env).toBe('test'); // the tag is dropped, the value kept
  });

  it('colours: only on a TTY or with FORCE_COLOR, and never with NO_COLOR', () => {
    const dir = broken('- ReadWriteOnce', '- readWriteOnce');
    expect(run(['check', dir], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(run(['check', dir], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(ANSI);
    expect(run(['check', dir, '--format', 'json'], { FORCE_COLOR: '1' }).stdout).not.toMatch(ANSI);
  });

  it('the username: inferred and said so; a conflict between file names and labels is reported', () => {
    const dir = broken('username: jdoe', 'username: jd123');
    for (const f of ['jdoe-test-redis-deployment.yml', 'jdoe-test-redis-service.yml', 'jdoe-test-flask-deployment.yml', 'jdoe-test-flask-service.yml']) {
      const p = join(dir, f);
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('username: jdoe', 'username: jd123'));
    }
    const r = run(['check', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.username).toBe('jdoe');
    expect(report.usernameInfo).toEqual({
      value: 'jdoe',
      source: 'file-names',
      note: 'file names say "jdoe" but the username labels say "jd123"; grading as "jdoe" (pass --username to choose)',
    });
  });

  it('usage errors exit 2 with one line: unknown option, unknown format', () => {
    const a = run(['check', GOOD, '--formt', 'json']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/unknown option '--formt'\n\(Did you mean --format\?\)/);
    const b = run(['check', GOOD, '--format', 'xml']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/argument 'xml' is invalid\. Allowed choices are text, json, github, github-summary, csv, markdown/);
    const c = run(['check', GOOD, '--set', 'redisPort=http']);
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('kubegrade: --set redisPort=http: params.redisPort must be integer\n');
  });

  it('--format github annotates the line at fault', () => {
    const dir = broken('- ReadWriteOnce', '- readWriteOnce');
    const r = run(['check', dir, '--username', 'jdoe', '--format', 'github'], {}, dir);
    expect(r.stdout.split('\n')).toContain(
      '::error file=jdoe-test-redis-pvc.yml,line=11,col=7,title=redis-pvc.access-modes::accessModes is [readWriteOnce]; Kubernetes expects ReadWriteOnce%0Ahint: see schema.redis-pvc: the same fix makes both pass%0A−1 point (0/1)',
    );
  });
});

describe('what a static run loads', () => {
  // A student's cold start is mostly module loading: a static run must not load
  // the cluster client, the Redis client or ajv's compiler (its validators are
  // precompiled at build time). The speed itself is measured by `npm run bench`.
  it('check without --live loads no cluster or Redis client and compiles no schema', () => {
    const probe = `
      import { registerHooks } from 'node:module';
      const seen = new Set();
      registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.add(r.url); return r; } });
      const { main } = await import(${JSON.stringify(new URL('../dist/cli/main.js', import.meta.url).href)});
      const code = await main(['check', ${JSON.stringify(GOOD)}, '--format', 'json'], { stdout() {}, stderr() {}, color: false });
      process.stdout.write(JSON.stringify({ code, urls: [...seen] }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { code, urls } = JSON.parse(r.stdout) as { code: number; urls: string[] };
    expect(code).toBe(0);
    expect(urls.some((u) => u.includes('/dist/grade.js'))).toBe(true); // the hook saw the modules
    const heavy = urls.filter((u) => /\/node_modules\/(@kubernetes\/client-node|ioredis|undici)\/|\/node_modules\/ajv\/dist\/(ajv|core)\.js|\/dist\/live\/(cli|kube|probe|runner)\.js/.test(u));
    expect(heavy).toEqual([]);
  });
  it('the bundled check loads no built-in it does not use (child_process, fs/promises, readline, util\'s diff)', () => {
    // scripts/bundle.mjs: built-ins by require(), not through ESM facades that read (and so load) every lazy export.
    const probe = `
      const before = new Set(process.moduleLoadList);
      process.argv = [process.argv[0], 'kubegrade', 'check', ${JSON.stringify(GOOD)}, '--format', 'json'];
      process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m)))));
      await import(${JSON.stringify(new URL('../bin/kubegrade.js', import.meta.url).href)});`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).score).toBe(STATIC_MAX);
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded).toContain('NativeModule internal/fs/dir'); // the list is real: discover's opendir is in it
    expect(loaded.filter((m) => /^NativeModule (child_process|internal\/fs\/promises|internal\/readline\/interface|internal\/util\/diff|dgram)$/.test(m))).toEqual([]);
  });
});

describe('kubegrade explain and rubric', () => {
  it('explain <id> says what the check wants, with the parameters filled in', () => {
    const r = run(['explain', 'redis-pvc.storage-class']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^redis-pvc\.storage-class — The PVC uses the course's storage class\n\nspec\.storageClassName must be rdb/);
    expect(r.stdout).toContain('code: src/engine/templates/storage-class.ts (template storage-class; its data in rubric coe332-hw6)');
  });
  it('explain of an unknown id suggests the closest', () => {
    const r = run(['explain', 'redis-pvc.storage-clas']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubegrade: unknown check id "redis-pvc.storage-clas"; did you mean "redis-pvc.storage-class"? (kubegrade explain --list)\n');
  });
  it('rubric prints the parameters and points in force, --set included', () => {
    const r = run(['rubric', '--set', 'storageClassName=nfs']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/storageClassName +nfs/);
    expect(r.stdout).toMatch(/ {3}2 {2}redis-deployment\.data-volume/);
  });
});

describe('kubegrade batch', () => {
  it('grades every subfolder into a CSV gradebook, usernames from a roster', () => {
    const root = mkdtempSync(join(tmpdir(), 'kg-batch-'));
    cpSync(GOOD, join(root, 'alice'), { recursive: true });
    cpSync(broken('- ReadWriteOnce', '- readWriteOnce'), join(root, 'bob'), { recursive: true });
    writeFileSync(join(root, 'roster.csv'), 'folder,username\nalice,jdoe\nbob,jdoe\n');
    const r = run(['batch', root, '--roster', join(root, 'roster.csv')]);
    expect(r.status).toBe(0); // every submission graded: lost points are not an error
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^submission,student,username,score,maxScore,note,yaml\.parse,/);
    expect(lines[1]).toMatch(new RegExp(`^max,,,${STATIC_MAX},${STATIC_MAX},,${pointsOf('yaml.parse')},`));
    const [alice, bob] = [lines[2]!.split(','), lines[3]!.split(',')];
    expect(alice.slice(0, 5)).toEqual(['alice', '', 'jdoe', alice[4], alice[4]]);
    expect(Number(bob[3])).toBeLessThan(Number(bob[4]));
  });

  it('--threads: the same gradebook from one grading thread as from three (the workers\' path); nonsense is one line and exit 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'kg-batch-'));
    // 16 submissions a thread are needed before a thread is started (MIN_PER_THREAD)
    for (let i = 0; i < 48; i++) cpSync(i % 3 ? GOOD : broken('- ReadWriteOnce', '- readWriteOnce'), join(root, `s${String(i).padStart(2, '0')}`), { recursive: true });
    const one = run(['batch', root, '--format', 'json', '--threads', '1', '--quiet']);
    const three = run(['batch', root, '--format', 'json', '--threads', '3', '--quiet']);
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).reports).toHaveLength(48);
    expect(JSON.parse(one.stdout).reports.filter((r: { score: number; maxScore: number }) => r.score < r.maxScore)).toHaveLength(16);
    expect(three.stdout).toBe(one.stdout);
    for (const bad of ['0', '1.5', 'x', '257']) {
      const r = run(['batch', root, '--threads', bad]);
      expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 2, stderr: `kubegrade: --threads ${bad}: expected a whole number of grading threads, 1 to 256\n`, stdout: '' });
    }
  });

  it('--live goes with --deploy, and the cluster options with --live: one line and exit 2 each', () => {
    const root = mkdtempSync(join(tmpdir(), 'kg-batch-'));
    cpSync(GOOD, join(root, 'alice'), { recursive: true });
    const cases: [string[], string][] = [
      [['--live'], 'kubegrade: batch --live needs --deploy: each submission is applied into a namespace of its own, graded there, and deleted\n'],
      [['--deploy'], 'kubegrade: the cluster options (--deploy, --namespace, --probe, ...) go with --live\n'],
      [['--live', '--deploy', '--jobs', '0'], 'kubegrade: --jobs 0: expected a whole number of submissions, 1 or more\n'],
      [['--live', '--deploy', '-n', 'hw6'], 'kubegrade: batch --live --deploy makes a namespace per submission: --namespace does not apply\n'],
      [['--live', '--deploy', '--kubeconfig', join(root, 'nope')], `kubegrade: no kubeconfig at ${join(root, 'nope')} (--kubeconfig)\n`],
      [['--map-image', 'redis=redis:5.0.0'], 'kubegrade: the cluster options (--deploy, --namespace, --probe, ...) go with --live\n'],
      [['--live', '--deploy', '--map-storage-class', 'rbd', '--kubeconfig', join(root, 'nope')], "kubegrade: --map-storage-class rbd: expected FROM=TO (e.g. rbd=rdb, or redis=redis:5.0.0, or '*flask*=stand-in')\n"],
      [['--live', '--deploy', '--cluster-map', join(root, 'no-map.yml')], `kubegrade: --cluster-map ${join(root, 'no-map.yml')}: cannot read the file (ENOENT)\n`],
    ];
    for (const [args, stderr] of cases) {
      const r = run(['batch', root, ...args]);
      expect({ args, status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, status: 2, stderr, stdout: '' });
    }
  });
});
