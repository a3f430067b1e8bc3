/**
 * batch --deadline on real git repositories made here (git init, commits with
 * GIT_COMMITTER_DATE): the commit graded, the late commits, the late policy,
 * shallow clones, folders that are not repositories, and repositories that
 * try to run something or read outside themselves.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { gradeMany } from '../src/batch/index.js';
import { parseDeadline } from '../src/batch/deadline.js';
import { discoverCommit, openRepository, readHistory } from '../src/discover/git.js';
import { latePercent, parseLatePolicy } from '../src/score/late.js';
import { GOOD } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-deadline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DEADLINE = '2026-10-15T23:59:00-05:00';
const T = Date.parse(DEADLINE) / 1000;
const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;

/** git as a student runs it, with a fixed identity and dates. */
function git(dir: string, args: string[], when?: number): string {
  const date = when === undefined ? undefined : `@${when} +0000`;
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Student',
      GIT_AUTHOR_EMAIL: 's@example.edu',
      GIT_COMMITTER_NAME: 'Student',
      GIT_COMMITTER_EMAIL: 's@example.edu',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  }).trim();
}

/** Writes the good submission with `edit` applied to every file (and `drop` removed), replacing what was there. */
function writeSubmission(dir: string, edit: (text: string) => string = (t) => t, drop: string[] = []): void {
  for (const f of readdirSync(dir)) if (f.endsWith('.yml')) rmSync(join(dir, f));
  for (const f of readdirSync(GOOD)) if (!drop.includes(f)) writeFileSync(join(dir, f), edit(readFileSync(join(GOOD, f), 'utf8')));
}

function commit(dir: string, message: string, when: number): string {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message], when);
  return git(dir, ['rev-parse', 'HEAD']);
}

function newRepo(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

/** Every file under .git with its bytes and mtime: any change the grader made to the repository shows here. */
function fingerprint(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${p} ${statSync(p).mtimeMs} `).update(readFileSync(p));
    }
  };
  walk(join(dir, '.git'));
  return h.digest('hex');
}

const storageFault = (t: string) => t.replace('storageClassName: rdb', 'storageClassName: rbd');

// A repository: a first try 2 days before, the one at the deadline (one fault: the storage class) an hour before,
// a fix 26 hours late; and an uncommitted change in the working folder that must not be graded.
const repo = newRepo('alice');
writeSubmission(repo, (t) => t.replace('ReadWriteOnce', 'readWriteOnce'));
const c1 = commit(repo, 'first try', T - 2 * 86400);
writeSubmission(repo, storageFault);
const c2 = commit(repo, 'hw6 done', T - 3600);
writeSubmission(repo);
const c3 = commit(repo, 'fix <img src=x onerror=alert(1)> storage class', T + 26 * 3600);
writeFileSync(join(repo, 'jdoe-test-flask-service.yml'), 'not: [valid');

/** The report of a plain folder holding the good submission edited so. */
function folderReport(name: string, edit?: (t: string) => string, drop: string[] = []) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeSubmission(dir, edit, drop);
  return gradeStatic(dir).report;
}

describe('batch --deadline', () => {
  it('grades the last commit at or before the deadline, from git objects, and lists the late commits', async () => {
    const status = git(repo, ['status', '--porcelain']); // (status itself refreshes the index: before the fingerprint)
    const before = fingerprint(repo);
    const [r] = await gradeMany([repo], { workers: 0, deadline: { at: T * 1000 } });
    const d = r!.deadline!;
    expect(d).toMatchObject({ at: '2026-10-16T04:59:00Z', repository: true, commit: c2, time: new Date((T - 3600) * 1000).toISOString().replace('.000Z', 'Z'), lateBy: 0, lateCommitCount: 1 });
    expect(d.lateCommits).toEqual([{ commit: c3, time: '2026-10-17T06:59:00Z', lateBy: 26 * 3600, subject: 'fix <img src=x onerror=alert(1)> storage class' }]);
    expect(d.penalty).toBeUndefined();
    // c2's content, not the working folder's (which has a broken flask service) nor HEAD's (full marks).
    const expected = folderReport('alice-at-c2', storageFault);
    expect(r!.checks).toEqual(expected.checks);
    expect(r!.checks.find((c) => c.id === 'redis-pvc.storage-class')!.status).toBe('fail');
    expect(r!.files).toEqual(expected.files);
    // The student's repository is untouched: no index refresh, no lock, no new object.
    expect(fingerprint(repo)).toBe(before);
    expect(git(repo, ['status', '--porcelain'])).toBe(status);
  });

  it('a deadline between the first two commits grades the first; before every commit, nothing', async () => {
    const [r1] = await gradeMany([repo], { workers: 0, deadline: { at: (T - 86400) * 1000 } });
    expect(r1!.deadline!.commit).toBe(c1);
    expect(r1!.deadline!.lateCommits.map((c) => c.commit)).toEqual([c3, c2]);
    expect(r1!.checks.find((c) => c.id === 'redis-pvc.access-modes')!.status).toBe('fail');
    // At the very second of a commit: on time.
    const [r2] = await gradeMany([repo], { workers: 0, deadline: { at: (T - 3600) * 1000 } });
    expect(r2!.deadline!.commit).toBe(c2);
    const [r3] = await gradeMany([repo], { workers: 0, deadline: { at: (T - 3 * 86400) * 1000 } });
    expect(r3!.deadline!.commit).toBeUndefined();
    expect(r3!.deadline!.note).toMatch(/^every commit is after the deadline \(the first, [0-9a-f]{12}, by 1d\); nothing on time to grade/);
    expect(r3!.score).toBe(0);
    expect(r3!.deadline!.penalty).toMatchObject({ percent: 100, reason: 'nothing committed by the deadline' });
  });

  it('--late-policy: the late fix, penalised, when it beats the commit at the deadline; else the commit at the deadline', async () => {
    const max = folderReport('full', undefined).maxScore;
    // Make the on-time commit lose more than the penalty would: a repository whose deadline commit lacks a file.
    const bob = newRepo('bob');
    writeSubmission(bob, undefined, ['jdoe-test-redis-service.yml']);
    const b1 = commit(bob, 'most of it', T - 60);
    writeSubmission(bob);
    const b2 = commit(bob, 'the service', T + 26 * 3600);
    const onTime = folderReport('bob-at-b1', undefined, ['jdoe-test-redis-service.yml']).score;

    const [late] = await gradeMany([bob], { workers: 0, deadline: { at: T * 1000, latePolicy: parseLatePolicy('10%/day, 0 after 3d') } });
    expect(late!.deadline).toMatchObject({ commit: b2, lateBy: 26 * 3600, lateCommitCount: 1 });
    expect(late!.deadline!.penalty).toEqual({ percent: 20, points: Math.round(max * 20) / 100, scoreBefore: max, reason: '1d 2h late: 2 started days × 10% = 20% of the points', policy: '10%/day, 0 after 3d' });
    expect(late!.score).toBe(Math.round(max * 80) / 100);
    expect(late!.score).toBeGreaterThan(onTime);
    expect(late!.deadline!.note).toBe(`graded the latest commit: ${late!.score} after its penalty beats ${onTime} for the commit at the deadline`);

    // Zero after a day: the late commit is worth 0, so the commit at the deadline counts, unpenalised.
    const [kept] = await gradeMany([bob], { workers: 0, deadline: { at: T * 1000, latePolicy: parseLatePolicy('0 after 1d') } });
    expect(kept!.deadline!.commit).toBe(b1);
    expect(kept!.score).toBe(onTime);
    expect(kept!.deadline!.penalty).toMatchObject({ percent: 0, points: 0, reason: 'on time' });
    expect(kept!.deadline!.note).toBe(`graded the commit at the deadline: the latest commit scores 0 after its penalty (${max} before)`);
  });

  it('a shallow clone without the deadline commit says so, and gives no grade', async () => {
    const shallow = join(root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow], { env: { PATH: process.env.PATH, HOME: root } });
    expect(readHistory(shallow)).toMatchObject({ repository: true, shallow: true, commits: [{ sha: c3, hasParent: false }] });
    const [r] = await gradeMany([shallow], { workers: 0, deadline: { at: T * 1000 } });
    expect(r!.deadline!.shallow).toBe(true);
    expect(r!.deadline!.note).toContain(`the clone is shallow (git clone --depth) and its oldest commit, ${c3.slice(0, 12)}, is after the deadline: the deadline commit may exist but is not in this clone (git -C ${shallow} fetch --unshallow, then grade again)`);
    expect(r!.score).toBe(0);
    // A deeper clone holds it.
    const deeper = join(root, 'deeper');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo}`, deeper], { env: { PATH: process.env.PATH, HOME: root } });
    const [r2] = await gradeMany([deeper], { workers: 0, deadline: { at: T * 1000 } });
    expect(r2!.deadline).toMatchObject({ commit: c2, shallow: true });
  });

  it('a folder that is not a repository gets no grade, and says why; an empty repository has nothing handed in', async () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    writeSubmission(plain, storageFault);
    const [r] = await gradeMany([plain], { workers: 0, deadline: { at: T * 1000 } });
    const why = '--deadline: not a git repository (no .git folder), so what was handed in by the deadline cannot be told; this row is not graded (grade its clone, or run without --deadline)';
    expect(r!.deadline).toEqual({ at: '2026-10-16T04:59:00Z', repository: false, lateCommits: [], lateCommitCount: 0, note: why });
    expect(r!.error).toBe(why);
    expect(r!.score).toBe(0);
    expect(gradeStatic(plain).report.score).toBeGreaterThan(0); // graded as it is, it would have had a grade

    const empty = newRepo('empty');
    writeSubmission(empty);
    const [e] = await gradeMany([empty], { workers: 0, deadline: { at: T * 1000 } });
    expect(e!.deadline!.note).toBe('the repository has no commit: nothing was handed in');
    expect(e!.score).toBe(0);
  });

  it('a repository cannot run anything of its own, nor make kubegrade read outside it', async () => {
    const evil = newRepo('evil');
    writeSubmission(evil);
    commit(evil, 'on time', T - 60);
    const marker = join(root, 'pwned');
    const script = join(root, 'pwn.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    // Everything in the repository's config or hooks that some git command would run.
    for (const [k, v] of [
      ['core.fsmonitor', script],
      ['core.pager', script],
      ['log.showSignature', 'true'],
      ['gpg.program', script],
      ['core.sshCommand', script],
      ['diff.external', script],
      ['protocol.ext.allow', 'always'],
      ['protocol.file.allow', 'always'],
    ]) git(evil, ['config', k!, v!]);
    for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc']) writeFileSync(join(evil, '.git', 'hooks', hook), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    // The caller's GIT_* environment must not leak into the grader's git either.
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(root, 'alice', '.git');
    try {
      const [r] = await gradeMany([evil], { workers: 0, deadline: { at: T * 1000 } });
      expect(r!.deadline!.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(r!.score).toBe(r!.maxScore);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
    expect(existsSync(marker)).toBe(false);

    // A .git that is a file (a worktree's or a submodule's gitfile) or a link: the history elsewhere is not read.
    const gitfile = join(root, 'gitfile');
    mkdirSync(gitfile);
    writeSubmission(gitfile, storageFault);
    writeFileSync(join(gitfile, '.git'), `gitdir: ${join(repo, '.git')}\n`);
    const linked = join(root, 'linked');
    mkdirSync(linked);
    writeSubmission(linked, storageFault);
    symlinkSync(join(repo, '.git'), join(linked, '.git'));
    const borrow = join(root, 'borrow');
    execFileSync('git', ['clone', '-q', '--shared', repo, borrow], { env: { PATH: process.env.PATH, HOME: root } });
    const [g, l, b] = await gradeMany([gitfile, linked, borrow], { workers: 0, deadline: { at: T * 1000 } });
    expect(g!.deadline!.note).toMatch(/^--deadline: \.git is a file pointing at a repository elsewhere \(a worktree or submodule\): not read, so .* this row is not graded/);
    expect(l!.deadline!.note).toMatch(/^--deadline: \.git is a symbolic link: not followed, so the history was not read, so .* not graded/);
    expect(b!.deadline!.note).toMatch(/^--deadline: the repository borrows objects from elsewhere \(objects\/info\/alternates\): not read, so .* not graded/);
    for (const x of [g, l, b]) expect(x!.deadline!.repository).toBe(false);
    for (const x of [g, l, b]) expect(x!.error).toBe(x!.deadline!.note);
  });

  it('reads a commit as discover reads a folder: links skipped, sizes and encodings checked, .git-like names not special', async () => {
    const odd = newRepo('odd');
    writeSubmission(odd);
    mkdirSync(join(odd, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(odd, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    mkdirSync(join(odd, 'node_modules'));
    writeFileSync(join(odd, 'node_modules', 'x.yml'), 'a: 1\n');
    symlinkSync('/etc/hostname', join(odd, 'link.yml'));
    writeFileSync(join(odd, 'latin1.yml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(odd, 'big.yml'), 'a: ' + 'x'.repeat(1024 * 1024 + 10) + '\n');
    commit(odd, 'odd', T - 60);
    const [r] = await gradeMany([odd], { workers: 0, deadline: { at: T * 1000 } });
    const folder = gradeStatic(odd).report;
    expect(r!.files).toEqual(folder.files);
    expect(r!.files).toContain('.github/workflows/ci.yml');
    expect(r!.files).not.toContain('node_modules/x.yml');
    expect(r!.ignored).toEqual(folder.ignored);
    expect(r!.checks).toEqual(folder.checks);
    // The one-process reader and git's own plumbing agree on the commit's files.
    const repo = openRepository(odd);
    if (!('history' in repo)) throw new Error('not opened');
    expect(repo.files(repo.history.commits[0]!.sha)).toEqual(discoverCommit(odd, repo.history.commits[0]!.sha));
  });

  it('packed objects and refs (git gc), a detached HEAD, a nested folder: the same answers as git rev-list', async () => {
    const packed = join(root, 'packed');
    execFileSync('git', ['clone', '-q', '--no-local', repo, packed], { env: { PATH: process.env.PATH, HOME: root } });
    mkdirSync(join(packed, 'k8s'));
    for (const f of readdirSync(packed)) if (f.endsWith('.yml')) execFileSync('git', ['-C', packed, 'mv', f, `k8s/${f}`]);
    commit(packed, 'into a folder', T + 30 * 3600);
    git(packed, ['gc', '-q', '--aggressive']);
    git(packed, ['pack-refs', '--all']);
    expect(existsSync(join(packed, '.git', 'refs', 'heads', 'main'))).toBe(false);
    const viaGit = readHistory(packed);
    const opened = openRepository(packed);
    if (!('history' in opened)) throw new Error('not opened');
    expect(opened.history).toEqual(viaGit);
    expect(opened.history.commits.map((c) => c.subject)).toEqual(['into a folder', 'fix <img src=x onerror=alert(1)> storage class', 'hw6 done', 'first try']);
    const [r] = await gradeMany([packed], { workers: 0, deadline: { at: (T + 40 * 3600) * 1000 } });
    expect(r!.files).toEqual(readdirSync(GOOD).map((f) => `k8s/${f}`).sort());
    expect(r!.score).toBe(r!.maxScore);
    const [r2] = await gradeMany([packed], { workers: 0, deadline: { at: T * 1000 } });
    expect(r2!.deadline).toMatchObject({ commit: c2, lateCommitCount: 2 });
    expect(r2!.checks.find((c) => c.id === 'redis-pvc.storage-class')!.status).toBe('fail');
    git(packed, ['checkout', '-q', '--detach', c1]);
    const detached = openRepository(packed);
    expect('history' in detached && detached.history.commits.map((c) => c.sha)).toEqual([c1]);
  });
});

describe('--deadline and --late-policy on the command line', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });

  it('the batch reports carry the commit; bad times and policies are usage errors', () => {
    const r = run(['batch', root, '--format', 'json', '--deadline', DEADLINE, '--quiet']);
    // Folders whose deadline cannot be applied are named on stderr, not graded (exit 1); the repositories are graded.
    expect(r.stderr).toContain(`kubegrade: ${join(root, 'plain')}: not graded: --deadline: not a git repository (no .git folder), so what was handed in by the deadline cannot be told`);
    expect(r.stderr).toMatch(/kubegrade: class: /);
    expect(r.status).toBe(1);
    const reports = (JSON.parse(r.stdout) as { reports: { dir: string; deadline: { commit?: string; repository: boolean } }[] }).reports;
    expect(reports.find((x) => x.dir === repo)!.deadline.commit).toBe(c2);
    expect(reports.find((x) => x.dir.endsWith('/plain'))?.deadline.repository).toBe(false);

    for (const [args, message] of [
      [['--deadline', '2026-10-15T23:59'], 'kubegrade: --deadline "2026-10-15T23:59": expected an ISO 8601 time with its time zone, e.g. 2026-10-15T23:59:00-05:00 or 2026-10-16T04:59:00Z\n'],
      [['--deadline', '2026-10-15'], 'kubegrade: --deadline "2026-10-15": expected an ISO 8601 time with its time zone, e.g. 2026-10-15T23:59:00-05:00 or 2026-10-16T04:59:00Z (a date alone: write 2026-10-15T23:59:59 with a zone)\n'],
      // A day the month does not have was read as one of the next month's (Date.parse rolls it over): October 1, March 2.
      [['--deadline', '2026-09-31T23:59:00-05:00'], 'kubegrade: --deadline "2026-09-31T23:59:00-05:00": 2026-09-31 is not a date (September 2026 has 30 days)\n'],
      [['--deadline', '2026-02-30T12:00Z'], 'kubegrade: --deadline "2026-02-30T12:00Z": 2026-02-30 is not a date (February 2026 has 28 days)\n'],
      [['--late-policy', '10%/day'], 'kubegrade: --late-policy goes with --deadline <time>\n'],
      [['--deadline', DEADLINE, '--late-policy', '10%/fortnight'], 'kubegrade: --late-policy "10%/fortnight": unknown unit "fortnight" in "10%/fortnight"; write terms like 10%/day, 0 after 3d, max 50% (comma-separated)\n'],
      [['--deadline', DEADLINE, '--late-policy', '10%/day, zero later'], 'kubegrade: --late-policy "10%/day, zero later": cannot read the term in "zero later"; write terms like 10%/day, 0 after 3d, max 50% (comma-separated)\n'],
    ] as const) {
      const e = run(['batch', root, ...args]);
      expect({ status: e.status, stderr: e.stderr }).toEqual({ status: 2, stderr: message });
    }
  });
});

describe('late policies', () => {
  it.each([
    ['10%/day', 1, 10, '1s late: 1 started day × 10% = 10% of the points'],
    ['10%/day', 86400, 10, '1d late: 1 started day × 10% = 10% of the points'],
    ['10%/day', 86401, 20, '1d 1s late: 2 started days × 10% = 20% of the points'],
    ['10%/day, 0 after 3d', 3 * 86400, 30, '3d late: 3 started days × 10% = 30% of the points'],
    ['10%/day, 0 after 3d', 3 * 86400 + 1, 100, '3d 1s late: more than 3d, so 0'],
    ['5%/h; max 50%', 30 * 3600, 50, '1d 6h late: 30 started hours × 5% = 50% of the points (at most 50%)'],
    ['0 after 2h', 3600, 0, '1h late: within 2h, no penalty'],
    ['2.5% per day', 2 * 86400, 5, '2d late: 2 started days × 2.5% = 5% of the points'],
    ['10%/day', 0, 0, 'on time'],
  ])('%s, %i s late: %i%%', (policy, lateBy, percent, reason) => {
    expect(latePercent(parseLatePolicy(policy), lateBy)).toEqual({ percent, reason });
  });

  it('deadlines need their zone', () => {
    expect(parseDeadline('2026-10-15T23:59:00-05:00')).toBe(Date.parse('2026-10-16T04:59:00Z'));
    expect(parseDeadline('2026-10-15 23:59-0500')).toBe(Date.parse('2026-10-16T04:59:00Z'));
    expect(parseDeadline('2026-10-16T04:59Z')).toBe(Date.parse('2026-10-16T04:59:00Z'));
    expect(() => parseDeadline('next friday')).toThrow(/expected an ISO 8601 time with its time zone/);
  });

  it('a time that does not exist is refused, field by field, never rolled over into the next day or month', () => {
    for (const [text, why] of [
      ['2026-09-31T23:59:00-05:00', '2026-09-31 is not a date (September 2026 has 30 days)'],
      ['2026-02-30T23:59:00-05:00', '2026-02-30 is not a date (February 2026 has 28 days)'],
      ['2026-02-29T23:59:00Z', '2026-02-29 is not a date (February 2026 has 28 days)'],
      ['2100-02-29T23:59:00Z', '2100-02-29 is not a date (February 2100 has 28 days)'],
      ['2026-04-00T12:00Z', '2026-04-00 is not a date (April 2026 has 30 days)'],
      ['2026-13-01T12:00Z', 'month 13 does not exist (01 to 12)'],
      ['2026-00-10T12:00Z', 'month 00 does not exist (01 to 12)'],
      ['2026-10-15T24:00:00Z', '24:00:00 is not a time of day (00:00:00 to 23:59:59)'],
      ['2026-10-15T23:60Z', '23:60 is not a time of day (00:00:00 to 23:59:59)'],
      ['2026-10-15T23:59:60Z', '23:59:60 is not a time of day (00:00:00 to 23:59:59)'],
      ['2026-10-15T23:59:00+24:00', '+24:00 is not a time zone offset (-23:59 to +23:59)'],
      ['2026-10-15T23:59:00-0561', '-0561 is not a time zone offset (-23:59 to +23:59)'],
    ] as const) {
      expect(() => parseDeadline(text), text).toThrow(`--deadline "${text}": ${why}`);
    }
    // The days that are there, leap days of leap years among them.
    expect(parseDeadline('2028-02-29T23:59:00Z')).toBe(Date.UTC(2028, 1, 29, 23, 59));
    expect(parseDeadline('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseDeadline('2026-09-30T23:59:59-05:00')).toBe(Date.parse('2026-10-01T04:59:59Z'));
    expect(parseDeadline('2026-12-31T23:59:59.999+14:00')).toBe(Date.parse('2026-12-31T09:59:59.999Z'));
  });
});
