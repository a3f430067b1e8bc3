/**
 * What a student sees at the terminal, and what the command line refuses:
 * real processes running bin/kubegrade.js (built by `npm test` first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD } from './helpers/fixtures.js';
import { pointsOf, STATIC_MAX } from './helpers/rubric.js';
import { watch } from '../src/cli/watch.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/kubegrade.js');

function run(args: string[], env: Record<string, string | undefined> = {}, input?: string) {
  const e = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, COLUMNS: undefined, ...env } as Record<string, string>;
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: e, input });
}
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
function copyGood(edit?: (file: string, text: string) => string): string {
  const dir = tmp('kg-student-');
  cpSync(GOOD, dir, { recursive: true });
  if (edit) for (const f of ['jdoe-test-redis-pvc.yml', 'jdoe-test-redis-deployment.yml', 'jdoe-test-redis-service.yml', 'jdoe-test-flask-deployment.yml', 'jdoe-test-flask-service.yml']) {
    writeFileSync(join(dir, f), edit(f, readFileSync(join(dir, f), 'utf8')));
  }
  return dir;
}

describe('the text report', () => {
  it('a missing object is one row: the checks it costs and their points together', () => {
    const dir = copyGood();
    spawnSync('rm', [join(dir, 'jdoe-test-redis-service.yml')]);
    const r = run(['check', dir]);
    expect(r.status).toBe(1);
    const rows = r.stdout.split('\n').filter((l) => l.includes('no Redis Service found'));
    expect(rows).toEqual(['          no Redis Service found in the submission  -10 in 8 checks']);
    expect(r.stdout).toContain('          → add jdoe-test-redis-service.yml holding the Service\n            (schema.redis-service, files.redis-service, redis-service.name, .labels, .type, .selects-redis, .selects-only-redis, .ports)\n');
  });

  it('a check with several findings shows its points once', () => {
    const dir = copyGood((f, t) => (f === 'jdoe-test-redis-pvc.yml' ? t + 'x: 1\nx: 2\nx: 3\n' : t));
    const r = run(['check', dir]);
    const parseRows = r.stdout.split('\n').filter((l) => / yaml\.parse/.test(l));
    expect(parseRows).toHaveLength(2);
    expect(parseRows[0]).toMatch(/yaml\.parse -2$/);
    expect(parseRows[1]).toMatch(/yaml\.parse$/);
  });

  it('wraps to the terminal width between words, never inside one', () => {
    const dir = copyGood((f, t) => t.replace('storageClassName: rdb', 'storageClassName: rbd').replace('replicas: 2', 'replicas: 3'));
    const wide = run(['check', dir]).stdout;
    const narrow = run(['check', dir], { COLUMNS: '60' }).stdout;
    const long = narrow.split('\n').filter((l) => [...l].length > 60);
    // only a single word longer than the line may stick out
    for (const l of long) expect(l.trim()).not.toMatch(/ /);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(narrow)).toEqual(words(wide));
    expect(narrow.split('\n').length).toBeGreaterThan(wide.split('\n').length);
  });

  it('escape sequences in student data are shown, never sent to the terminal', () => {
    const yamlEvil = '"\\e[2K\\e]52;c;ZXZpbA==\\ajdoe\\u202e"'; // YAML escapes: ESC, BEL, RIGHT-TO-LEFT OVERRIDE
    const dir = copyGood((f, t) => (f === 'jdoe-test-redis-pvc.yml' ? t.replace('storageClassName: rdb', `storageClassName: ${yamlEvil}`).replace('name: jdoe-test-redis-pvc', `name: ${yamlEvil}`) : t));
    for (const env of [{}, { FORCE_COLOR: '1' }, { NO_COLOR: '1' }]) {
      const r = run(['check', dir], env);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('storageClassName is "\\u001b[2K\\u001b]52;c;ZXZpbA==\\u0007jdoe\\u202e"');
      expect(r.stdout).toContain('PersistentVolumeClaim \\x1b[2K\\x1b]52;c;ZXZpbA==\\x07jdoe\\u202e:');
      expect(r.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  });
});

describe('a folder that holds a class', () => {
  it('check on the parent of several submissions points at batch', () => {
    const root = tmp('kg-class-');
    for (const who of ['alice', 'bob']) {
      const d = join(root, `hw6-${who}`);
      mkdirSync(d);
      for (const f of ['redis-pvc', 'redis-deployment', 'flask-service']) {
        writeFileSync(join(d, `${who}-test-${f}.yml`), readFileSync(join(GOOD, `jdoe-test-${f}.yml`), 'utf8').replaceAll('jdoe', who));
      }
    }
    const r = run(['check', root]);
    expect(r.stderr).toBe(`kubegrade: ${root} looks like a class, not one submission: 2 subfolders hold the files of 2 different students (alice, bob). Grade each subfolder with: kubegrade batch ${root}\n`);
  });

  it('one student with test and prod folders is not a class', () => {
    const root = tmp('kg-envs-');
    for (const env of ['test', 'prod']) {
      mkdirSync(join(root, env));
      cpSync(join(GOOD, 'jdoe-test-redis-pvc.yml'), join(root, env, `jdoe-${env}-redis-pvc.yml`));
    }
    expect(run(['check', root]).stderr).toBe('');
  });
});

describe('help', () => {
  it('check --help lists the student options first and the cluster ones under their own heading', () => {
    const r = run(['check', '--help']);
    expect(r.status).toBe(0);
    const out = r.stdout;
    const cluster = out.indexOf('Cluster options (with --live; see docs/live.md):');
    expect(cluster).toBeGreaterThan(0);
    for (const o of ['--username', '--env', '--rubric', '--set', '--format', '--verbose', '--watch', '--live ']) {
      expect(out.indexOf(o), o).toBeGreaterThan(0);
      expect(out.indexOf(o), o).toBeLessThan(cluster);
    }
    for (const o of ['--kubeconfig', '--namespace', '--probe', '--deploy', '--timeout-ready']) expect(out.indexOf(o), o).toBeGreaterThan(cluster);
  });
});

describe('a reader that goes away', () => {
  it('explain --list | head -1 and batch | head -1 end quietly', () => {
    const root = tmp('kg-pipe-');
    for (let i = 0; i < 3; i++) cpSync(GOOD, join(root, `s${i}`), { recursive: true });
    for (const args of [['explain', '--list'], ['batch', root, '--format', 'text']]) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args.map((a) => `'${a}'`).join(' ')} | head -c 1 >/dev/null`], { encoding: 'utf8' });
      // batch says its progress and class summary on stderr; neither run may print an EPIPE or a stack trace
      expect(r.stderr, args.join(' ')).not.toMatch(/EPIPE|error|\n\s+at /i);
      if (args[0] === 'explain') expect(r.stderr).toBe('');
      expect([0, 1], args.join(' ')).toContain(r.status);
    }
  });
});

describe('nonsense in a rubric or an option is a usage error (exit 2, one line)', () => {
  const rubric = (body: string) => {
    const f = join(tmp('kg-rubric-'), 'r.yml');
    writeFileSync(f, body);
    return f;
  };
  it.each([
    ['points: 1e308', 'name: r\nchecks:\n  - id: yaml.parse\n    points: 1e308\n', /r\.yml:4:13: checks\[0\]\.points must be <= 1000/],
    ['points: .inf', 'name: r\nchecks:\n  - id: yaml.parse\n    points: .inf\n', /r\.yml:4:13: checks\.0\.points is not a finite number/],
    ['points: .nan', 'name: r\nchecks:\n  - id: yaml.parse\n    points: .nan\n', /checks\.0\.points is not a finite number/],
    ['an alias bomb', `name: r\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nchecks:\n  - id: yaml.parse\n    points: 1\n`, /the rubric cannot be expanded: .*alias/i],
  ])('a rubric with %s', (_name, body, message) => {
    const r = run(['check', GOOD, '--rubric', rubric(body)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['--set', 'flaskReplicas=.inf'], 'kubegrade: --set flaskReplicas=.inf: Infinity is not a finite number\n'],
    [['--set', 'flaskReplicas=100000'], 'kubegrade: --set flaskReplicas=100000: params.flaskReplicas must be <= 1000\n'],
    [['--env', ''], 'kubegrade: --env "": params.env must NOT have fewer than 1 characters\n'],
    [['--set', 'env='], 'kubegrade: --set env=: params.env must NOT have fewer than 1 characters\n'],
    [['--username', 'j doe'], 'kubegrade: --username "j doe": params.username must match pattern "^[A-Za-z0-9][A-Za-z0-9._-]*$"\n'],
    // An empty one was taken for none given (the username inferred), where an empty --env is refused.
    [['--username', ''], 'kubegrade: --username "": params.username must match pattern "^[A-Za-z0-9][A-Za-z0-9._-]*$"\n'],
  ])('%j', (args, stderr) => {
    const r = run(['check', GOOD, ...args]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr });
  });

  it('{{hasOwnProperty}} in a hint is not a parameter: left as written', () => {
    const f = rubric('name: r\nchecks:\n  - id: redis-pvc.storage-class\n    points: 1\n    hint: "see {{hasOwnProperty}} and {{storageClassName}}"\n');
    const dir = copyGood((file, t) => t.replace('storageClassName: rdb', 'storageClassName: rbd'));
    const r = run(['check', dir, '--rubric', f, '--format', 'json']);
    const c = JSON.parse(r.stdout).checks.find((x: { id: string }) => x.id === 'redis-pvc.storage-class');
    expect(c.hint ?? '').not.toContain('function');
    expect(run(['explain', 'redis-pvc.storage-class', '--rubric', f]).stdout).toContain('fix: see {{hasOwnProperty}} and rdb');
  });
});

describe('--watch', () => {
  it('grades again after a save, and stops on SIGINT with the last grade\'s exit code', async () => {
    const dir = copyGood();
    const child = spawn(process.execPath, [BIN, 'check', dir, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const until = async (re: RegExp, count: number) => {
      for (let i = 0; i < 400 && (out.match(re) ?? []).length < count; i++) await new Promise((r) => setTimeout(r, 50));
      return (out.match(re) ?? []).length;
    };
    expect(await until(/full marks/g, 1)).toBe(1);
    const pvc = join(dir, 'jdoe-test-redis-pvc.yml');
    writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    expect(await until(/1 point lost/g, 1)).toBe(1);
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await code).toBe(1);
  });

  it('a folder moved or deleted while watched: said, and exit 2, not the 0 of full marks', async () => {
    for (const away of [(d: string) => renameSync(d, `${d}-moved`), (d: string) => rmSync(d, { recursive: true })]) {
      const dir = copyGood((file, t) => t.replace('storageClassName: rdb', 'storageClassName: rbd'));
      const child = spawn(process.execPath, [BIN, 'check', dir, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
      const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
      for (let i = 0; i < 400 && !out.includes('1 point lost'); i++) await new Promise((r) => setTimeout(r, 50));
      away(dir);
      expect(await code).toBe(2);
      expect(err).toContain(`kubegrade: stopped watching ${dir}: the folder is gone\n`);
    }
  });

  it('in a folder of one student\'s homework06/ and homework07/: watches the rubric\'s homework alone, or is refused naming the folder to give', async () => {
    const repo = tmp('kg-watch-hw-');
    cpSync(GOOD, join(repo, 'homework06'), { recursive: true });
    // homework07/ would cost homework06 points if mixed in (its pods also match the Services).
    cpSync(GOOD, join(repo, 'homework07'), { recursive: true });
    const pvc7 = join(repo, 'homework07', 'jdoe-test-redis-pvc.yml');
    writeFileSync(pvc7, readFileSync(pvc7, 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    const child = spawn(process.execPath, [BIN, 'check', repo, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const until = async (re: RegExp, count: number) => {
      for (let i = 0; i < 400 && (out.match(re) ?? []).length < count; i++) await new Promise((r) => setTimeout(r, 50));
      return (out.match(re) ?? []).length;
    };
    expect(await until(/full marks/g, 1)).toBe(1);
    expect(out).toContain(join(repo, 'homework06'));
    expect(out).not.toContain('also matches');
    expect(err).toBe(`kubegrade: ${repo} holds 2 homeworks (homework06/, homework07/): watching homework06/ alone, the one rubric coe332-hw6 is for; watch the other with kubegrade check ${join(repo, 'homework07')} --watch --rubric <its rubric>\n`);
    // A save in the watched homework is graded again; one in the other homework is not this watch's.
    const pvc6 = join(repo, 'homework06', 'jdoe-test-redis-pvc.yml');
    writeFileSync(pvc6, readFileSync(pvc6, 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    expect(await until(/1 point lost/g, 1)).toBe(1);
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await code).toBe(1);
    // The student chooses the other homework by giving its folder.
    const other = spawn(process.execPath, [BIN, 'check', join(repo, 'homework07'), '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    out = '';
    other.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    expect(await until(/1 point lost/g, 1)).toBe(1);
    expect(out).toContain(join(repo, 'homework07'));
    const otherCode = new Promise<number | null>((resolve) => other.on('exit', resolve));
    other.kill('SIGINT');
    expect(await otherCode).toBe(1);
    // Neither homework the rubric's: refused at once (exit 2), naming a folder to watch.
    renameSync(join(repo, 'homework06'), join(repo, 'hw5'));
    const refused = run(['check', repo, '--watch']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`kubegrade: ${repo} holds 2 homeworks, not one submission (hw5/, homework07/): grade one at a time, e.g. kubegrade check ${join(repo, 'hw5')} --watch\n`);
  });
});

describe('watch() in process', () => {
  it('a save the moment the first report is out is graded (the folder is watched before the first grade)', async () => {
    const dir = copyGood();
    const pvc = join(dir, 'jdoe-test-redis-pvc.yml');
    const reports: string[] = [];
    const stop = new AbortController();
    let second: () => void;
    const gotSecond = new Promise<void>((r) => (second = r));
    const done = watch(dir, {}, (r) => `${r.score}/${r.maxScore}`, {
      stdout: (s) => {
        reports.push(s.trim());
        // The student saves right as the first report appears: before watch() returns to the event loop.
        if (reports.length === 1) writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
        else second();
      },
      stderr: () => undefined,
    }, stop.signal);
    await Promise.race([gotSecond, new Promise((r) => setTimeout(r, 5000))]);
    stop.abort();
    expect(await done).toBe(1);
    expect(reports).toEqual([`${STATIC_MAX}/${STATIC_MAX}`, `${STATIC_MAX - pointsOf('redis-pvc.storage-class')}/${STATIC_MAX}`]);
  });
});

describe('an old Node', () => {
  // Debian 12's own Node (20) is on these machines: the real thing, not a stand-in.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && /^v(1\d|20|21|22\.(1[0-8]|\d)\.)/.test(spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout));
  it.skipIf(!old)('is refused by the command with the line that gets Node 24, exit 2', () => {
    const r = spawnSync(old!, [BIN, 'check', GOOD], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kubegrade needs Node\.js 22\.19 or newer \(this is 20\.[\d.]+\)\.\nGet Node 24 from the npm registry without root:\n {2}npm install --prefix ~\/\.local\/node24 node@24/);
  });
  it.skipIf(!old)('is refused by npm ci before it installs anything', () => {
    const dir = tmp('kg-oldnode-');
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(ROOT, f), join(dir, f));
    const npm = join(old!, '..', 'npm');
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--offline'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${join(old!, '..')}:/usr/bin:/bin` } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Required: \{"node":">=22\.19"\}/);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});
