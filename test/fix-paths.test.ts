/**
 * `kubegrade fix` and `check` on the paths a student takes by mistake (issue 18), with real
 * processes, real git repositories and real file systems: the parent folder of a class or of
 * several homeworks, a repository whose config names programs, a full disk, an immutable file, a
 * read-only mount, CRLF files, another owner's files.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOOD } from './helpers/fixtures.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const SVC = 'jdoe-test-flask-service.yml';
const PVC = 'jdoe-test-redis-pvc.yml';
const DEP = 'jdoe-test-redis-deployment.yml';

function run(args: string[], cwd?: string) {
  const env = { ...process.env } as Record<string, string>;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd });
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The good submission copied to `dir` (a new temporary folder by default), with faults that fix knows how to fix. */
function faulty(dir = mkdtempSync(join(tmpdir(), 'kg-fixpaths-'))): string {
  made.push(dir);
  mkdirSync(dir, { recursive: true });
  cpSync(GOOD, dir, { recursive: true });
  edit(join(dir, SVC), 'type: ClusterIP', 'type: NodePort');
  edit(join(dir, PVC), 'storageClassName: rdb', 'storageClassName: rbd');
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** Every file under `dir` (but .git) with its bytes, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    if (p.includes('/.git')) continue;
    if (e.isFile()) out[p.slice(dir.length + 1)] = readFileSync(p, 'latin1');
  }
  return out;
}

const git = (dir: string, ...a: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...a], { cwd: dir, encoding: 'utf8' });
const hasGit = git(tmpdir(), '--version').status === 0;
const root = process.getuid?.() === 0;

describe('fix works on one submission at a time', () => {
  it('refuses the parent folder of several students (exit 2, one line naming the folder to give), --dry-run too', () => {
    const cls = mkdtempSync(join(tmpdir(), 'kg-class-'));
    made.push(cls);
    faulty(join(cls, 'jdoe'));
    const other = faulty(join(cls, 'asmith'));
    for (const f of readdirSync(other)) renameSync(join(other, f), join(other, f.replace('jdoe', 'asmith')));
    const before = snapshot(cls);
    for (const args of [['fix', cls], ['fix', cls, '--dry-run']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('looks like a class');
      expect(r.stderr).toContain(`kubegrade fix ${join(cls, 'asmith')}`);
    }
    expect(snapshot(cls)).toEqual(before);
  });

  it('refuses a repository holding homework06/ and homework07/ (run from inside it: "kubegrade fix homework06")', () => {
    const repo = mkdtempSync(join(tmpdir(), 'kg-hws-'));
    made.push(repo);
    faulty(join(repo, 'homework06'));
    faulty(join(repo, 'homework07'));
    const before = snapshot(repo);
    for (const args of [['fix'], ['fix', '--dry-run']]) {
      const r = run(args, repo);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('kubegrade: this folder holds 2 homeworks, not one submission (homework06/, homework07/): kubegrade fix works on one submission at a time; give its folder, e.g. kubegrade fix homework06\n');
    }
    expect(snapshot(repo)).toEqual(before);
    // Told which one, it fixes that one only.
    const one = run(['fix', 'homework06', '--force'], repo);
    expect(one.status).toBe(0);
    expect(readFileSync(join(repo, 'homework06', SVC), 'utf8')).toContain('type: ClusterIP');
    expect(readFileSync(join(repo, 'homework07', SVC), 'utf8')).toContain('type: NodePort');
  });
});

describe('check on one student\'s several homeworks', () => {
  it('grades the rubric\'s homework folder alone (as if given), says so on stderr, and never mixes in homework07/\'s pods', () => {
    const repo = mkdtempSync(join(tmpdir(), 'kg-hwcheck-'));
    made.push(repo);
    faulty(join(repo, 'homework06'));
    mkdirSync(join(repo, 'homework07', 'deploy'), { recursive: true });
    cpSync(GOOD, join(repo, 'homework07', 'deploy'), { recursive: true });
    const alone = JSON.parse(run(['check', join(repo, 'homework06'), '-f', 'json']).stdout) as { score: number };
    const r = run(['check', repo, '-f', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).score).toBe(alone.score);
    expect(r.stdout).not.toContain('also matches');
    expect(r.stderr).toBe(`kubegrade: ${repo} holds 2 homeworks (homework06/, homework07/): graded homework06/ alone, the one rubric coe332-hw6 is for; grade the other with kubegrade check ${join(repo, 'homework07')} --rubric <its rubric>\n`);
    // Two homeworks, neither the rubric's: refused, naming one to give.
    renameSync(join(repo, 'homework06'), join(repo, 'hw5'));
    const refused = run(['check', repo]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`kubegrade: ${repo} holds 2 homeworks, not one submission (hw5/, homework07/): grade one at a time, e.g. kubegrade check ${join(repo, 'hw5')}\n`);
  });
});

describe.runIf(hasGit)('git never runs what a submission configures', () => {
  it('a clean/smudge filter, a hook and an fsmonitor in .git/config: fix and check run none of them', () => {
    const dir = faulty();
    const marker = join(mkdtempSync(join(tmpdir(), 'kg-marker-')), 'pwned');
    made.push(join(marker, '..'));
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'hw');
    writeFileSync(join(dir, '.gitattributes'), '*.yml filter=x diff=x\n');
    git(dir, 'config', 'filter.x.clean', `sh -c "touch ${marker}-clean; cat"`);
    git(dir, 'config', 'filter.x.smudge', `sh -c "touch ${marker}-smudge; cat"`);
    git(dir, 'config', 'filter.x.process', `sh -c "touch ${marker}-process"`);
    git(dir, 'config', 'diff.x.textconv', `sh -c "touch ${marker}-textconv; cat"`);
    git(dir, 'config', 'core.fsmonitor', `sh -c "touch ${marker}-fsmonitor"`);
    git(dir, 'config', 'core.pager', `sh -c "touch ${marker}-pager; cat"`);
    for (const hook of ['post-index-change', 'reference-transaction', 'pre-commit']) {
      writeFileSync(join(dir, '.git', 'hooks', hook), `#!/bin/sh\ntouch ${marker}-${hook}\n`, { mode: 0o755 });
    }
    git(dir, 'add', '.gitattributes');
    git(dir, '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'filter.x.clean=', '-c', 'filter.x.process=', 'commit', '-qm', 'attributes');
    // Stat information made dirty: what makes git status run the clean filter.
    const later = new Date(Date.now() + 5000);
    for (const f of readdirSync(dir)) if (f.endsWith('.yml')) spawnSync('touch', ['-d', later.toISOString(), join(dir, f)]);
    const markers = () => readdirSync(join(marker, '..'));
    // What the set-up's own git commands ran is not kubegrade's doing.
    for (const m of markers()) rmSync(join(marker, '..', m));

    expect(run(['check', dir]).status).toBe(1);
    const fixed = run(['fix', dir]);
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP');
    expect(run(['check', dir]).status).toBe(0);
    expect(markers()).toEqual([]);
  });

  it('still refuses uncommitted YAML changes (naming them), and a folder inside a repository is compared with its own files', () => {
    const repo = mkdtempSync(join(tmpdir(), 'kg-sub-'));
    made.push(repo);
    const dir = faulty(join(repo, 'homework06'));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'hw');
    writeFileSync(join(repo, 'notes.txt'), 'not part of the submission\n');
    // CRLF in the work tree of an LF commit (core.autocrlf on Windows) is not a change.
    const dep = join(dir, DEP);
    writeFileSync(dep, readFileSync(dep, 'utf8').replace(/\n/g, '\r\n'));
    expect(run(['fix', dir, '--dry-run']).status).toBe(0);
    edit(join(dir, PVC), 'storage: 1Gi', 'storage: 2Gi');
    const refused = run(['fix', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`has uncommitted changes (1 YAML file differ from the last commit: ${PVC})`);
  });
});

describe('writes are all or nothing, and keep what the file was', () => {
  it('keeps CRLF line endings, the owner and the mode of every file it rewrites', () => {
    const dir = faulty();
    for (const f of [SVC, PVC]) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace(/\n/g, '\r\n'));
    chmodSync(join(dir, SVC), 0o640);
    if (root) chownSync(join(dir, PVC), 4321, 4322);
    const r = run(['fix', dir]);
    expect(r.status).toBe(0);
    for (const f of [SVC, PVC]) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.split('\r\n').length).toBe(text.split('\n').length);
    }
    expect(readFileSync(join(dir, SVC), 'utf8')).toContain('type: ClusterIP\r\n');
    expect(statSync(join(dir, SVC)).mode & 0o777).toBe(0o640);
    if (root) expect([statSync(join(dir, PVC)).uid, statSync(join(dir, PVC)).gid]).toEqual([4321, 4322]);
  });

  // Another user: nobody, by runuser (util-linux), on a copy nobody can reach.
  const nobody = root && spawnSync('runuser', ['--help']).error === undefined && spawnSync('id', ['-u', 'nobody']).status === 0;
  const asNobody = (args: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '' } });
  const owners = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, `${statSync(join(dir, f)).uid}:${statSync(join(dir, f)).gid}`]));
  /** faulty(), readable by everyone, every file and the folder owned by nobody (the group as given). */
  function nobodys(group?: string): string {
    const dir = faulty();
    chmodSync(dir, 0o755);
    expect(spawnSync('chown', ['-R', group ? `nobody:${group}` : 'nobody', dir]).status).toBe(0);
    return dir;
  }
  it.skipIf(!nobody)('a file the running user may not write (another user\'s, mode 644, in a folder the user may write): exit 2 naming it, nothing replaced, owners as they were, no temporary left (needs root and runuser)', () => {
    const dir = nobodys(String(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim()));
    chownSync(join(dir, PVC), 0, 0);
    const before = snapshot(dir);
    const who = owners(dir);
    const r = asNobody(['fix', dir]);
    expect(r.stderr).toBe(`kubegrade: cannot write ${join(dir, PVC)}: permission denied (EACCES); nothing was changed\n`);
    expect(r.status).toBe(2);
    expect(snapshot(dir)).toEqual(before);
    expect(owners(dir)).toEqual(who);
  });

  it.skipIf(!nobody)('a group the running user cannot give a file (not root, not in it): exit 2 naming the file, uid and gid, nothing changed; in its own group the owner and group are kept (needs root and runuser)', () => {
    // nobody owns every file, but the group is root's: a copy written by nobody could not be root's group.
    const dir = nobodys();
    const before = snapshot(dir);
    const who = owners(dir);
    const r = asNobody(['fix', dir]);
    expect(r.stderr).toMatch(new RegExp(`^kubegrade: cannot write ${dir.replace(/[.]/g, '\\.')}/[^ ]+\\.yml: its owner and group \\(uid \\d+, gid 0\\) cannot be kept: operation not permitted \\(EPERM\\); nothing was changed\n$`));
    expect(r.status).toBe(2);
    expect(snapshot(dir)).toEqual(before);
    expect(owners(dir)).toEqual(who);
    // nobody's own group: fixed, every file still nobody's, in that group.
    const gid = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim();
    expect(spawnSync('chgrp', ['-R', gid, dir]).status).toBe(0);
    const mine = owners(dir);
    const ok = asNobody(['fix', dir]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(owners(dir)).toEqual(mine);
  });

  const chattr = root && spawnSync('chattr', ['--help']).error === undefined;
  it.runIf(chattr)('an immutable file among those to rewrite: exit 2 naming it and the reason, every file as it was, no temporary file left', () => {
    const dir = faulty();
    const before = snapshot(dir);
    // The PVC is written after the flask service (files in name order): the service must be put back.
    spawnSync('chattr', ['+i', join(dir, PVC)]);
    try {
      const r = run(['fix', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`cannot write ${join(dir, PVC).replace(/[.]/g, '\\.')}: operation not permitted \\(EPERM\\); nothing was changed`));
      expect(r.stderr).not.toContain('internal error');
    } finally {
      spawnSync('chattr', ['-i', join(dir, PVC)]);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  const mountable = root && process.platform === 'linux';
  it.runIf(mountable)('a full disk (a small tmpfs): exit 2 with ENOSPC, every file as it was, no temporary file left', () => {
    const mnt = mkdtempSync(join(tmpdir(), 'kg-full-'));
    made.push(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status).toBe(0);
    try {
      const dir = faulty(join(mnt, 'hw'));
      // Fill what is left.
      spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k', 'count=1000'], { stdio: 'ignore' });
      const before = snapshot(dir);
      const r = run(['fix', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/cannot write .*: no space left on device \(ENOSPC\); nothing was changed/);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it.runIf(mountable)('a read-only mount: exit 2 with EROFS, nothing changed', () => {
    const dir = faulty();
    const before = snapshot(dir);
    expect(spawnSync('mount', ['--bind', dir, dir]).status).toBe(0);
    try {
      expect(spawnSync('mount', ['-o', 'remount,ro,bind', dir]).status).toBe(0);
      const r = run(['fix', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/cannot write .*: read-only file system \(EROFS\); nothing was changed/);
    } finally {
      spawnSync('umount', [dir]);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('fix grades as check does', () => {
  it('labels username: "zz/jdoe" that check grades: fix runs (no exit 2) and says what it did', () => {
    const dir = faulty();
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('username: jdoe', 'username: "zz/jdoe"'));
      renameSync(p, join(dir, f.replace('jdoe-test-', '')));
    }
    expect(run(['check', dir]).status).toBe(1);
    const r = run(['fix', dir, '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('would fix flask-service.type');
  });
});

describe('what a student is told', () => {
  it('a --username typo (-u jdeo on jdoe\'s files) is named with both values, in the text and the JSON report', () => {
    const r = run(['check', GOOD, '-u', 'jdeo']);
    expect(r.status).toBe(1);
    const note = '--username "jdeo" is in no file name, object name or username label, while the file names and labels say "jdoe"; grading as "jdeo" (a typo? pass --username jdoe)';
    expect(r.stdout).toContain(`note: ${note}`);
    expect(JSON.parse(run(['check', GOOD, '-u', 'jdeo', '-f', 'json']).stdout).usernameInfo).toEqual({ value: 'jdeo', source: 'option', inferred: 'jdoe', note });
    // The right one, or one the files carry: no note.
    expect(JSON.parse(run(['check', GOOD, '-u', 'jdoe', '-f', 'json']).stdout).usernameInfo).toEqual({ value: 'jdoe', source: 'option' });
  });

  it('explain takes --username (and --env), and shows <username> without it, never a blank', () => {
    const plain = run(['explain', 'redis-service.name']);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('fix: name it <username>-test-redis-service\n');
    expect(plain.stdout).not.toMatch(/ -test-/);
    const named = run(['explain', 'redis-service.name', '--username', 'jdoe', '--env', 'prod']);
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('fix: name it jdoe-prod-redis-service\n');
    expect(run(['explain', '--list']).stdout).toContain('<username>');
  });
});

describe('fix and tabs (README: it fixes tab indentation)', () => {
  it('a file indented with tabs alone is fixed at two spaces a tab and then parses; tabs mixed with spaces are left, with the hint', () => {
    const dir = faulty();
    const pvc = join(dir, PVC);
    const spaces = readFileSync(pvc, 'utf8');
    writeFileSync(pvc, spaces.replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2)));
    const r = run(['fix', dir]);
    expect(r.stdout).toContain('fixed yaml.parse');
    expect(r.status).toBe(0);
    expect(readFileSync(pvc, 'utf8')).toBe(spaces.replace('storageClassName: rbd', 'storageClassName: rdb'));

    const mixed = faulty();
    writeFileSync(join(mixed, PVC), spaces.replace('  name: jdoe-test-redis-pvc', '\tname: jdoe-test-redis-pvc'));
    const m = run(['fix', mixed, '--dry-run']);
    expect(m.stdout).not.toContain('would fix yaml.parse');
    expect(run(['check', mixed]).stdout).toContain('replace the tab with spaces');
  });
});

describe('hints that follow the file', () => {
  it('spec: under-indented beside template: is "not indented enough … under template:", never "too far … top level", nor "no containers"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-indent-'));
    made.push(dir);
    cpSync(GOOD, dir, { recursive: true });
    const dep = join(dir, DEP);
    const text = readFileSync(dep, 'utf8');
    const at = text.indexOf('    spec:\n      containers');
    writeFileSync(dep, text.slice(0, at) + text.slice(at).replace(/^ {2}/gm, ''));
    const r = run(['check', dir, '-f', 'json']);
    const checks = JSON.parse(r.stdout).checks as { id: string; message: string; hint?: string }[];
    const byId = (id: string) => checks.find((c) => c.id === id)!;
    expect(byId('schema.redis-deployment').hint).toBe('"spec" is not indented enough: it belongs under spec.template; indent it and the lines below it 2 more spaces, under template:');
    expect(byId('redis-deployment.image').message).toBe('the pod template has no spec: the spec: at line 21 that holds the containers sits beside template:, not under it, so Kubernetes runs no container');
    expect(r.stdout).not.toContain('indented too far');
    expect(r.stdout).not.toContain('the pod template has no containers');
    // fix does not make a second top-level spec.
    const f = run(['fix', dir, '--dry-run']);
    expect(f.stdout).not.toContain('would fix schema.redis-deployment');
  });

  it('a PVC renamed by fix while the Deployment that claims it does not parse: the claimName left behind is said, with file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-claim-'));
    made.push(dir);
    cpSync(GOOD, dir, { recursive: true });
    edit(join(dir, PVC), 'name: jdoe-test-redis-pvc', 'name: jdoe-data');
    edit(join(dir, DEP), 'claimName: jdoe-test-redis-pvc', 'claimName: jdoe-data');
    edit(join(dir, DEP), 'replicas: 1', 'replicas: "1');
    const r = run(['fix', dir, '--dry-run']);
    expect(r.stdout).toContain('would fix redis-pvc.name');
    expect(r.stdout).toContain(`note: ${DEP}:35 still says jdoe-data, the old name of what is now jdoe-test-redis-pvc: the file does not parse, so kubegrade could not change it; fix the file, then run kubegrade fix again`);
  });
});
