/**
 * `kubegrade fix` as a student runs it (real processes on bin/kubegrade.js): each fix's diff,
 * a re-check that gains exactly those points, every comment and untouched byte kept, renames
 * that carry their references, and the refusals (a dirty git work tree, a name that is taken,
 * a link out of the folder).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD } from './helpers/fixtures.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;

function run(args: string[], cwd?: string) {
  const env = { ...process.env } as Record<string, string>;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd });
}

/** The good submission with some lines changed: [file, from, to] (from '' appends to). */
function submission(...changes: [string, string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-fix-'));
  cpSync(GOOD, dir, { recursive: true });
  for (const [file, from, to] of changes) {
    const p = join(dir, file);
    const text = readFileSync(p, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(p, from === '' ? text + to : text.replace(from, to));
  }
  return dir;
}

const json = (dir: string) => JSON.parse(run(['check', dir, '-u', 'jdoe', '-f', 'json']).stdout) as { score: number; maxScore: number; checks: { id: string; status: string; points: number }[] };
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const SVC = 'jdoe-test-redis-service.yml';
const PVC = 'jdoe-test-redis-pvc.yml';
const DEP = 'jdoe-test-redis-deployment.yml';

describe('kubegrade fix --dry-run', () => {
  it('prints a port fix as a unified diff that covers port and targetPort, and changes nothing', () => {
    const dir = submission([SVC, 'port: 6379\n      targetPort: 6379', 'port: 5000\n      targetPort: 5000']);
    const before = files(dir);
    const r = run(['fix', dir, '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      [
        `--- a/${SVC}`,
        `+++ b/${SVC}`,
        '@@ -12,5 +12,5 @@',
        '     app: jdoe-test-redis',
        '   ports:',
        '     - name: redis',
        '-      port: 5000',
        '-      targetPort: 5000',
        '+      port: 6379',
        '+      targetPort: 6379',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toContain('would fix redis-service.ports (+1): set port: 6379 and targetPort: 6379');
    expect(r.stdout).toMatch(/score (\d+)\/(\d+) → \2\/\2 \(dry run: nothing written\)/);
    expect(r.status).toBe(0);
    expect(files(dir)).toEqual(before);
  });

  it('a PVC renamed as told takes the Deployment\'s claimName with it: one diff, both files', () => {
    const dir = submission([PVC, 'name: jdoe-test-redis-pvc', 'name: jdoe-data'], [DEP, 'claimName: jdoe-test-redis-pvc', 'claimName: jdoe-data']);
    const r = run(['fix', dir, '--dry-run', '-u', 'jdoe']);
    expect(r.stdout).toContain(`--- a/${DEP}\n+++ b/${DEP}\n@@ -32,4 +32,4 @@\n       volumes:\n         - name: jdoe-test-redis-data\n           persistentVolumeClaim:\n-            claimName: jdoe-data\n+            claimName: jdoe-test-redis-pvc\n`);
    expect(r.stdout).toContain('-  name: jdoe-data\n+  name: jdoe-test-redis-pvc\n');
    expect(r.stdout).toContain('would fix redis-pvc.name (+1): name it jdoe-test-redis-pvc (and where it is referred to: 1 place, kubegrade fix does both)');
    expect(r.stdout).not.toContain('not fixed');
  });
});

describe('kubegrade fix', () => {
  it('fixes many faults in one run, keeps every comment and untouched byte, and the re-check gains exactly the points lost', () => {
    const dir = submission(
      [PVC, 'storageClassName: rdb', 'storageClassName: rbd   # the class our cluster has'],
      [PVC, '- ReadWriteOnce', '- readWriteOnce'],
      [PVC, 'storage: 1Gi', 'storage: 1G'],
      [DEP, 'image: redis:5.0.0', "image: 'redis:7'"],
      [DEP, '  labels:\n    username: jdoe', '  lables:\n    username: jdoe'],
      [SVC, 'type: ClusterIP', 'type: NodePort'],
      [SVC, '', '# end of the Redis Service\n'],
      ['jdoe-test-flask-deployment.yml', 'replicas: 2', 'replicas: 1'],
    );
    renameSync(join(dir, 'jdoe-test-flask-service.yml'), join(dir, 'jdoe-test-flask-svc.yml'));
    const before = json(dir);
    const texts = files(dir);
    const r = run(['fix', dir, '-u', 'jdoe']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = json(dir);
    expect(after.score).toBe(after.maxScore);
    // No check that passed fails now.
    const passed = before.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(after.checks.filter((c) => passed.includes(c.id) && c.status !== 'pass')).toEqual([]);
    // The rename, and the PVC's exact new text: only the three values changed, quotes and comments as they were.
    expect(existsSync(join(dir, 'jdoe-test-flask-service.yml'))).toBe(true);
    expect(existsSync(join(dir, 'jdoe-test-flask-svc.yml'))).toBe(false);
    expect(readFileSync(join(dir, PVC), 'utf8')).toBe(readFileSync(join(GOOD, PVC), 'utf8').replace('storageClassName: rdb', 'storageClassName: rdb   # the class our cluster has'));
    expect(readFileSync(join(dir, DEP), 'utf8')).toBe(readFileSync(join(GOOD, DEP), 'utf8').replace('image: redis:5.0.0', "image: 'redis:5.0.0'"));
    expect(readFileSync(join(dir, SVC), 'utf8')).toBe(texts[SVC]!.replace('type: NodePort', 'type: ClusterIP'));
    expect(r.stdout).toContain('renamed jdoe-test-flask-svc.yml → jdoe-test-flask-service.yml');
  });

  it('a file saved with a byte order mark, UTF-8 or UTF-16 (Windows editors, PowerShell), is fixed and keeps its encoding', () => {
    const dir = submission([SVC, 'type: ClusterIP', 'type: NodePort'], [PVC, 'storage: 1Gi', 'storage: 1G']);
    const svc = readFileSync(join(dir, SVC), 'utf8');
    const pvc = readFileSync(join(dir, PVC), 'utf8');
    writeFileSync(join(dir, SVC), '\ufeff' + svc);
    writeFileSync(join(dir, PVC), Buffer.from('\ufeff' + pvc, 'utf16le'));
    const r = run(['fix', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/changed while/);
    expect(readFileSync(join(dir, SVC), 'utf8')).toBe('\ufeff' + svc.replace('type: NodePort', 'type: ClusterIP'));
    expect(readFileSync(join(dir, PVC))).toEqual(Buffer.from('\ufeff' + pvc.replace('storage: 1G', 'storage: 1Gi'), 'utf16le'));
    expect(json(dir).score).toBe(json(GOOD).score);
  });

  it('--only applies the fixes of the checks named, nothing else', () => {
    const dir = submission([PVC, 'storageClassName: rdb', 'storageClassName: rbd'], [SVC, 'type: ClusterIP', 'type: NodePort']);
    const r = run(['fix', dir, '--only', 'redis-service.type']);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP');
    expect(readFileSync(join(dir, PVC), 'utf8')).toContain('storageClassName: rbd');
  });

  it('never renames over a file that is there', () => {
    const dir = submission();
    renameSync(join(dir, 'jdoe-test-flask-service.yml'), join(dir, 'jdoe-test-flask-svc.yml'));
    writeFileSync(join(dir, 'jdoe-test-flask-service.yml'), '# my notes, not YAML for kubernetes\nnotes: keep me\n');
    const r = run(['fix', dir]);
    expect(readFileSync(join(dir, 'jdoe-test-flask-service.yml'), 'utf8')).toBe('# my notes, not YAML for kubernetes\nnotes: keep me\n');
    expect(existsSync(join(dir, 'jdoe-test-flask-svc.yml'))).toBe(true);
    expect(r.stdout).not.toContain('renamed');
  });

  it('a rename target taken by what is not read (a dangling symbolic link, a folder): --dry-run says the refusal the real run makes, and both fix the rest', () => {
    for (const block of [(p: string) => symlinkSync('/nonexistent', p), (p: string) => mkdirSync(p)]) {
      const dir = submission([SVC, 'type: ClusterIP', 'type: NodePort']);
      renameSync(join(dir, 'jdoe-test-flask-service.yml'), join(dir, 'jdoe-test-flask-svc.yml'));
      block(join(dir, 'jdoe-test-flask-service.yml'));
      const dry = run(['fix', dir, '--dry-run']);
      const real = run(['fix', dir]);
      const said = (out: string) => out.split('\n').filter((l) => /^(would |not fixed|fixed|renamed|score)/.test(l)).map((l) => l.replace(/^would fix/, 'fixed').replace(/^would rename/, 'renamed').replace(' (dry run: nothing written)', ''));
      expect(dry.stderr).toBe('');
      expect(real.stderr).toBe('');
      expect(said(real.stdout)).toEqual(said(dry.stdout));
      expect(real.status).toBe(dry.status);
      expect(real.stdout).toMatch(/^not fixed files\.flask-service: jdoe-test-flask-service\.yml exists \(a (symbolic link|folder)\): not overwritten$/m);
      expect(real.stdout).toContain('fixed redis-service.type');
      expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP');
      expect(existsSync(join(dir, 'jdoe-test-flask-svc.yml'))).toBe(true);
    }
  });

  it('does not write through a symbolic link out of the folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kg-outside-'));
    writeFileSync(join(outside, 'pvc.yml'), readFileSync(join(GOOD, PVC), 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    const dir = submission();
    symlinkSync(join(outside, 'pvc.yml'), join(dir, 'jdoe-test-extra-pvc.yml'));
    run(['fix', dir]);
    expect(readFileSync(join(outside, 'pvc.yml'), 'utf8')).toContain('storageClassName: rbd');
  });

  it('refuses a git work tree with uncommitted changes unless --force, and says mv, not git mv, outside one', () => {
    const dir = submission([SVC, 'type: ClusterIP', 'type: NodePort']);
    const git = (...a: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], { cwd: dir, encoding: 'utf8' });
    if (git('init', '-q').status !== 0) return; // no git here: the refusal cannot be shown
    git('add', '.');
    git('commit', '-qm', 'hw');
    writeFileSync(join(dir, PVC), readFileSync(join(dir, PVC), 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    const refused = run(['fix', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes .*pass --force/);
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: NodePort');
    const forced = run(['fix', dir, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP');

    const plain = submission();
    renameSync(join(plain, PVC), join(plain, 'jdoe-test-pvc.yml'));
    expect(run(['check', plain]).stdout).toContain('→ rename it: mv jdoe-test-pvc.yml jdoe-test-redis-pvc.yml (or let kubegrade fix do it)');
  });

  it('a file holding bytes that are not UTF-8 is not rewritten (its bytes would change); the others are fixed', () => {
    // A Latin-1 "é" in a comment: kubectl reads it as U+FFFD, so does the grade; written back it would be U+FFFD.
    const dir = submission([SVC, 'type: ClusterIP', 'type: NodePort'], [PVC, 'storageClassName: rdb', 'storageClassName: rbd']);
    const latin1 = Buffer.concat([Buffer.from('# caf\xe9 \xe0 la PVC\n', 'latin1'), readFileSync(join(dir, PVC))]);
    writeFileSync(join(dir, PVC), latin1);
    const why = `not fixed redis-pvc.storage-class: ${PVC} holds bytes that are not UTF-8 (kubectl reads each as U+FFFD): fix would write them back changed; save the file as UTF-8 and run fix again`;
    const dry = run(['fix', dir, '--dry-run']);
    expect(dry.stdout).toContain(why);
    const r = run(['fix', dir]);
    expect(r.stdout).toContain(why);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, PVC)).equals(latin1)).toBe(true);
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP');
  });
});

describe('a file name is shown, never run or acted on', () => {
  it('the rename hint quotes each name for the shell: pasting it renames the file and runs nothing in the name', () => {
    const dir = submission();
    renameSync(join(dir, PVC), join(dir, 'my redis;touch PWNED_hint;pvc.yml'));
    renameSync(join(dir, 'jdoe-test-flask-service.yml'), join(dir, "-flask 'svc'.yml"));
    const out = run(['check', dir, '-u', 'jdoe']).stdout;
    expect(out).toContain("→ rename it: mv 'my redis;touch PWNED_hint;pvc.yml' jdoe-test-redis-pvc.yml (or let kubegrade fix do it)");
    expect(out).toContain("→ rename it: mv './-flask '\\''svc'\\''.yml' jdoe-test-flask-service.yml (or let kubegrade fix do it)");
    const commands = [...out.matchAll(/→ rename it: (mv .*) \(or let kubegrade fix do it\)/g)].map((m) => m[1]!);
    expect(commands).toHaveLength(2);
    for (const c of commands) expect(spawnSync('sh', ['-c', c], { cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'PWNED_hint'))).toBe(false);
    expect(existsSync(join(dir, PVC))).toBe(true);
    expect(existsSync(join(dir, 'jdoe-test-flask-service.yml'))).toBe(true);
    expect(json(dir).score).toBe(json(GOOD).score);
  });

  it('the folder a refusal offers is quoted too: kubegrade fix \'CLASS/a doe;x\'', () => {
    const cls = mkdtempSync(join(tmpdir(), 'kg-cls-'));
    cpSync(GOOD, join(cls, 'a doe;x'), { recursive: true });
    mkdirSync(join(cls, 'bsmith'));
    for (const f of readdirSync(GOOD)) writeFileSync(join(cls, 'bsmith', f.replace('jdoe', 'bsmith')), readFileSync(join(GOOD, f), 'utf8').replaceAll('jdoe', 'bsmith'));
    const r = run(['fix', cls]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`e\\.g\\. kubegrade fix '${cls.replace(/[.]/g, '\\.')}/a doe;x'\n$`));
  });

  it('a line break or escape sequence in a file name is shown escaped in messages, hints, the diff and the summary (no mv offered), and in an error', () => {
    const dir = submission([SVC, 'type: ClusterIP', 'type: NodePort']);
    const odd = 'flask\nservice\x1b[31m.yml';
    const shown = 'flask\\nservice\\x1b[31m.yml';
    renameSync(join(dir, 'jdoe-test-flask-service.yml'), join(dir, odd));
    for (const args of [['check', dir], ['check', dir, '-f', 'gradescope'], ['check', dir, '-f', 'prairielearn'], ['fix', dir, '--dry-run']]) {
      const r = run(args);
      expect(r.stdout, args.join(' ')).not.toContain('flask\n');
      expect(r.stdout, args.join(' ')).not.toContain('\x1b');
      expect(r.stdout, args.join(' ')).not.toMatch(/mv [^\n]*flask/);
    }
    const text = run(['check', dir]).stdout;
    expect(text).toContain(`the Flask Service is in ${shown}; expected jdoe-test-flask-service.yml`);
    expect(text).toContain('→ rename it to jdoe-test-flask-service.yml: let kubegrade fix do it (the name holds a control character, shown escaped, so there is no mv command to paste)');
    const dry = run(['fix', dir, '--dry-run']).stdout;
    expect(dry).toContain(`rename from ${shown}\nrename to jdoe-test-flask-service.yml\n`);
    expect(dry).toContain(`would rename ${shown} → jdoe-test-flask-service.yml`);
    // kubegrade fix does the rename.
    expect(run(['fix', dir]).status).toBe(0);
    expect(existsSync(join(dir, 'jdoe-test-flask-service.yml'))).toBe(true);
    // An error naming a path: one line.
    const err = run(['check', join(dir, 'no\nsuch\x1b[2J')]);
    expect(err.status).toBe(2);
    expect(err.stderr).toBe(`kubegrade: ${join(dir, 'no\\nsuch\\x1b[2J')}: no such folder\n`);
  });
});
