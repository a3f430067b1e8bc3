/**
 * An instructor's paths through `kubegrade batch`, end to end through the CLI, on real folders and
 * real git repositories made here: what a run leaves in --out when it completes and when it is
 * interrupted (Ctrl-C on a real terminal: `script` gives the run a pty), who a submission is
 * graded as when the roster and the files disagree, a deadline that cannot be applied, an empty
 * folder in every format, the late penalty where the student reads it, Canvas's rows.
 *
 * Canvas's import, as its gradebook_importer.rb reads a CSV: a row is matched by ID (then SIS
 * ids, then name); a cell of an assignment column is compared with the grade Canvas has, and a
 * blank cell against a grade is a change (no_change_to_value? is false), which the upload page
 * posts: it erases the grade. So a row with nothing to give must not be in the file.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell } from '../src/util/escape.js';
import { gradeStatic } from '../src/index.js';
import { findingsText } from '../src/reporters/common.js';
import { GOOD, studentAs } from './helpers/fixtures.js';
import { REPORTERS } from '../src/reporters/index.js';
import { loadRubric } from '../src/rubric/index.js';
import { SummaryCounter } from '../src/batch/summary.js';
import { gradeRows } from '../src/batch/rows.js';
import { planRows, submissionsIn } from '../src/batch/roster.js';
import { excerptsFor } from '../src/cli/common.js';
import { pathOf, xmllint } from './helpers/tools.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'kg-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = tmp) {
  const env = { PATH: process.env.PATH!, HOME: tmp };
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd });
}

/** Every file under `dir` (relative), with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), rel + e.name + '/');
      else out[rel + e.name] = readFileSync(join(d, e.name), 'latin1');
    }
  };
  walk(dir, '');
  return out;
}

const DEADLINE = '2026-10-15T23:59:00-05:00';
const T = Date.parse(DEADLINE) / 1000;

function git(dir: string, args: string[], when?: number): string {
  const date = when === undefined ? {} : { GIT_AUTHOR_DATE: `@${when} +0000`, GIT_COMMITTER_DATE: `@${when} +0000` };
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: tmp, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'S', GIT_AUTHOR_EMAIL: 's@x', GIT_COMMITTER_NAME: 'S', GIT_COMMITTER_EMAIL: 's@x', ...date },
  }).trim();
}
function commitAll(dir: string, when: number): void {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'work'], when);
}

describe('--out is written whole or not at all', () => {
  const root = join(tmp, 'big');
  for (let i = 0; i < 160; i++) studentAs(join(root, `hw6-s${String(i).padStart(3, '0')}`), `s${String(i).padStart(3, '0')}`, i % 3 ? undefined : (t) => t.replace('ReadWriteOnce', 'readWriteOnce'));
  const out = join(tmp, 'out-big');
  const formats = ['canvas', 'json', 'markdown', 'gradescope', 'html'];
  const args = ['batch', root, '--out', out, '--format', formats.join(','), '--assignment', 'HW6 (1234)', '--threads', '1'];

  it('Ctrl-C during a second run into the same --out: the first run\'s files are as they were, the terminal is restored, exit 130 with one line', async () => {
    const first = run([...args, '-q']);
    expect(first.status).toBe(0);
    const before = tree(out);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['canvas.csv', 'reports.json', 'feedback.md', 'feedback/hw6-s000.md', 'gradescope/hw6-s159/results.json', 'index.html', '.kubegrade-manifest']));

    // The second run on a terminal (a pty from `script`), interrupted by ^C as a person types it once the bar shows progress.
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')}`, '/dev/null'], {
      env: { PATH: process.env.PATH!, HOME: tmp, TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      screen += b.toString('utf8');
      if (!sent && / [1-9]\d*\/160 /.test(screen)) {
        sent = true;
        child.stdin.write('\x03');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    // The bar hid the cursor and turned wrapping off; both are back on after it, before the one line.
    const hid = screen.lastIndexOf('\x1b[?25l');
    expect(hid).toBeGreaterThanOrEqual(0);
    expect(screen.indexOf('\x1b[?25h', hid)).toBeGreaterThan(hid);
    expect(screen.indexOf('\x1b[?7h', screen.lastIndexOf('\x1b[?7l'))).toBeGreaterThan(hid);
    const lines = screen.slice(hid).split(/\r?\n/).filter((l) => l.includes('kubegrade: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`kubegrade: interrupted: nothing written, the files in ${out} are as they were`);
    // Byte for byte what the first run wrote, and no temporary left beside them.
    expect(tree(out)).toEqual(before);
  });

  it('a first run stopped while it writes the per-student folders leaves none of them under its name: killed, nothing but its temporary folder; Ctrl-C, nothing', async () => {
    // Stopped once the progress says a tenth of the class is graded and the temporary folders of gradescope/ and students/ are there:
    // the per-student files are being written (by the writing thread, which may start on them a little after the grading).
    const stopped = async (signal: NodeJS.Signals, o: string) => {
      const child = spawn(process.execPath, [BIN, 'batch', root, '--out', o, '--format', formats.join(','), '--assignment', 'HW6 (1234)', '--threads', '1', '--progress-every', '16'], { env: { PATH: process.env.PATH!, HOME: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let sent = false;
      const writing = () => {
        const names = existsSync(o) ? readdirSync(o) : [];
        return ['gradescope', 'students'].every((f) => names.some((n) => new RegExp(`^\\.${f}\\.kubegrade-\\d+\\.tmp$`).test(n)));
      };
      const poll = setInterval(() => {
        if (!sent && / 16\/160 /.test(stderr) && writing()) {
          sent = true;
          child.kill(signal);
        }
      }, 2);
      child.stderr.on('data', (b: Buffer) => void (stderr += b.toString('utf8')));
      const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      clearInterval(poll);
      expect(sent).toBe(true);
      return { code, sig, stderr, left: readdirSync(o).sort() };
    };
    const killed = await stopped('SIGKILL', join(tmp, 'out-killed'));
    expect(killed.sig).toBe('SIGKILL');
    // No folder of a reporter's own under its name, not even part of one; what is there is hidden and named as kubegrade's temporaries.
    expect(killed.left.filter((n) => !/^\.[^/]+\.kubegrade-\d+\.tmp$/.test(n))).toEqual([]);
    expect(killed.left).toEqual(expect.arrayContaining([expect.stringMatching(/^\.gradescope\.kubegrade-\d+\.tmp$/), expect.stringMatching(/^\.students\.kubegrade-\d+\.tmp$/)]));
    const interrupted = await stopped('SIGINT', join(tmp, 'out-interrupted'));
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('kubegrade: interrupted: nothing written');
    expect(interrupted.left).toEqual([]);
  });

  it('SIGTERM or SIGHUP during a second run into the same --out does what Ctrl-C does: the previous files as they were, no temporary, one line, exit 143 or 129', async () => {
    // Fewer than 128 students: no writing thread, so the per-student files are written (under temporary names) as the
    // class is graded, and a signal is heard then. (With the thread, the grading may be over before its first file, and
    // a signal that comes while the run waits for the thread and puts the files in place is heard only after: the run ends whole.)
    const mid = join(tmp, 'mid');
    for (let i = 0; i < 100; i++) studentAs(join(mid, `hw6-m${String(i).padStart(3, '0')}`), `m${String(i).padStart(3, '0')}`);
    const o = join(tmp, 'out-stopped');
    const second = ['batch', mid, '--out', o, '--format', formats.join(','), '--assignment', 'HW6 (1234)', '--threads', '1'];
    // The first run grades with another storage class: every per-student file of the second differs, so it writes them all.
    expect(run([...second, '-q', '--set', 'storageClassName=rbd']).status).toBe(0);
    const before = tree(o);
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const child = spawn(process.execPath, [BIN, ...second, '--progress-every', '10'], { env: { PATH: process.env.PATH!, HOME: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let sent = false;
      const temporaries = () => ['feedback', join('gradescope', 'hw6-m000')].every((f) => readdirSync(join(o, f)).some((n) => /^\..*\.kubegrade-\d+\.tmp$/.test(n)));
      const poll = setInterval(() => {
        if (!sent && / 10\/100 /.test(stderr) && temporaries()) {
          sent = true;
          // Held still first, so that the signal lands while the class is graded however busy the machine is.
          child.kill('SIGSTOP');
          child.kill(signal);
          child.kill('SIGCONT');
        }
      }, 2);
      child.stderr.on('data', (b: Buffer) => void (stderr += b.toString('utf8')));
      const [status, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      clearInterval(poll);
      expect(sent).toBe(true);
      expect({ signal, status, sig }).toEqual({ signal, status: code, sig: null });
      // One line, the last (after the progress lines and the canvas warning of the start).
      expect(stderr.match(/kubegrade: interrupted/g)).toHaveLength(1);
      expect(stderr.endsWith(`\nkubegrade: interrupted (${signal}): nothing written, the files in ${o} are as they were\n`)).toBe(true);
      // Byte for byte what the first run wrote, and no temporary left beside them (tree() lists hidden files too).
      expect(tree(o)).toEqual(before);
    }
  });

  it('a class of 128 or more, whose formats the writing thread renders: every file has the bytes the formats write here, in this thread', async () => {
    const all = [...REPORTERS.keys()];
    const o = join(tmp, 'out-thread');
    // The same folder here and in the CLI: the annotations' paths are relative to it.
    const r = run(['batch', root, '--out', o, '--format', all.join(','), '--assignment', 'HW6 (1234)', '--threads', '1', '-q'], process.cwd());
    expect(r.status).toBe(0);
    const here = join(tmp, 'out-here');
    mkdirSync(here);
    const summary = new SummaryCounter();
    const options = { color: false, outDir: here, extra: { assignment: 'HW6 (1234)' }, rubric: loadRubric(), summary: () => summary.result() };
    const runs = all.map((name) => {
      const reporter = REPORTERS.get(name)!;
      const chunks: string[] = [];
      return { file: reporter.fileName ?? `${name}.txt`, chunks, run: reporter.create({ write: (t) => void chunks.push(t) }, options) };
    });
    for await (const report of gradeRows(planRows(root, submissionsIn(root), undefined, () => {}), { excerpts: excerptsFor(all), workers: 1 })) {
      summary.add(report);
      for (const f of runs) f.run.write(report);
    }
    for (const f of runs) {
      f.run.flush();
      writeFileSync(join(here, f.file), f.chunks.join(''));
    }
    const written = tree(o);
    expect(Object.keys(written).filter((n) => n.startsWith('students/')).length).toBe(160);
    delete written['.kubegrade-manifest'];
    expect(written).toEqual(tree(here));
  });

  it('a re-run for a smaller class removes the per-student files the previous run wrote, and nothing else', () => {
    const small = join(tmp, 'small');
    for (const u of ['ann', 'ben']) studentAs(join(small, `hw6-${u}`), u);
    writeFileSync(join(out, 'my-notes.txt'), 'mine');
    const r = run(['batch', small, ...args.slice(2), '-q']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/removed \d+ files the previous run wrote there that this one did not/);
    const after = Object.keys(tree(out)).sort();
    expect(after).toEqual(
      [
        '.kubegrade-manifest',
        'canvas.csv',
        'feedback.md',
        'feedback/hw6-ann.md',
        'feedback/hw6-ben.md',
        'gradescope.json',
        'gradescope/hw6-ann/results.json',
        'gradescope/hw6-ben/results.json',
        'index.html',
        'my-notes.txt',
        'reports.json',
        'students/ann.html',
        'students/ben.html',
      ].sort(),
    );
    expect(existsSync(join(out, 'gradescope', 'hw6-s000'))).toBe(false);
  });

  it('a re-run leaves a per-student file whose bytes it would write as it is (the same file), writes anew those that change, and replaces a link with a file', () => {
    const root = join(tmp, 'rerun');
    for (const u of ['ann', 'ben']) studentAs(join(root, `hw6-${u}`), u);
    const o = join(tmp, 'out-rerun');
    const again = () => run(['batch', root, '--out', o, '--format', 'markdown,gradescope,html', '-q']);
    expect(again().status).toBe(0);
    const first = tree(o);
    const inode = (rel: string) => statSync(join(o, rel)).ino;
    const files = ['feedback/hw6-ann.md', 'feedback/hw6-ben.md', 'gradescope/hw6-ann/results.json', 'students/ann.html', 'students/ben.html'];
    const before = Object.fromEntries(files.map((f) => [f, inode(f)]));
    // ben's page made a link to another file (the run must not write through it, nor keep it).
    const elsewhere = join(tmp, 'elsewhere.html');
    writeFileSync(elsewhere, first['students/ben.html']!, 'latin1');
    rmSync(join(o, 'students/ben.html'));
    symlinkSync(elsewhere, join(o, 'students/ben.html'));
    // ann's storage class changes: her files change, ben's do not.
    const pvc = join(root, 'hw6-ann', 'ann-test-redis-pvc.yml');
    writeFileSync(pvc, readFileSync(pvc, 'utf8').replace('storageClassName: rdb', 'storageClassName: rbd'));
    expect(again().status).toBe(0);
    const second = tree(o);
    expect(second['feedback/hw6-ann.md']).not.toBe(first['feedback/hw6-ann.md']);
    expect(inode('feedback/hw6-ann.md')).not.toBe(before['feedback/hw6-ann.md']);
    expect(inode('students/ann.html')).not.toBe(before['students/ann.html']);
    expect(second['feedback/hw6-ben.md']).toBe(first['feedback/hw6-ben.md']);
    expect(inode('feedback/hw6-ben.md')).toBe(before['feedback/hw6-ben.md']);
    expect(lstatSync(join(o, 'students/ben.html')).isFile()).toBe(true);
    expect(second['students/ben.html']).toBe(first['students/ben.html']);
    expect(readFileSync(elsewhere, 'latin1')).toBe(first['students/ben.html']);
    // What a run from nothing writes, byte for byte.
    const fresh = join(tmp, 'out-rerun-fresh');
    expect(run(['batch', root, '--out', fresh, '--format', 'markdown,gradescope,html', '-q']).status).toBe(0);
    expect(tree(fresh)).toEqual(second);
  });
});

describe('an --out that cannot be made or written is a usage error: one line, the path and the reason, exit 2, nothing left', () => {
  const root = join(tmp, 'bad-out');
  for (const u of ['ann', 'ben']) studentAs(join(root, `hw6-${u}`), u);

  it.skipIf(!existsSync('/proc/self'))('a folder under /proc, which Node\'s recursive mkdir tried to make for ever (ENOENT, then EEXIST for /proc): said at once', () => {
    const r = spawnSync(process.execPath, [BIN, 'batch', root, '--out', '/proc/kubegrade-out/x', '--format', 'csv', '-q'], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: tmp }, timeout: 15_000 });
    expect(r.signal).toBe(null);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'kubegrade: --out /proc/kubegrade-out/x: cannot make the folder /proc/kubegrade-out: no such file or directory (ENOENT)\n' });
  });

  it('a file in the way of the folder, or the folder a file', () => {
    const file = join(tmp, 'bad-out-file');
    writeFileSync(file, 'mine');
    const under = run(['batch', root, '--out', join(file, 'grades'), '--format', 'csv', '-q']);
    expect({ status: under.status, stderr: under.stderr }).toEqual({ status: 2, stderr: `kubegrade: --out ${join(file, 'grades')}: cannot make the folder ${join(file, 'grades')}: not a directory (ENOTDIR)\n` });
    const itself = run(['batch', root, '--out', file, '--format', 'csv', '-q']);
    expect({ status: itself.status, stderr: itself.stderr }).toEqual({ status: 2, stderr: `kubegrade: --out ${file} is a file, not a folder\n` });
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  /** A first run's outputs in a folder of their own, for a second run to leave as they were. */
  const firstRun = (name: string, from = root, formats = 'markdown,csv,gradescope,html') => {
    const o = join(tmp, name);
    expect(run(['batch', from, '--out', o, '--format', formats, '--threads', '1', '-q']).status).toBe(0);
    return o;
  };

  it('a folder it may not write into (EACCES): the file it could not write and why, exit 2 (not "internal error", 3), the previous outputs as they were', () => {
    const o = firstRun('out-denied');
    const before = tree(o);
    // Not root: root may write anywhere. A run as root is a run as nobody here, which reaches the class and kubegrade through tmp.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(tmp, 0o755);
    chmodSync(o, 0o555);
    try {
      const r = spawnSync(process.execPath, [BIN, 'batch', root, '--out', o, '--format', 'csv,markdown', '-q'], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: tmp }, ...asNobody });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: `kubegrade: --out ${o}: cannot write ${join(o, 'gradebook.csv')}: permission denied (EACCES); nothing written, the files in ${o} are as they were\n` });
    } finally {
      chmodSync(o, 0o755);
      chmodSync(tmp, 0o700);
    }
    expect(tree(o)).toEqual(before);
  });

  it('a file where a format\'s folder goes (ENOTDIR), written by this thread or by the writing thread: exit 2, no temporary left, the other files as they were', () => {
    for (const [name, from, rel] of [
      ['out-notdir', root, 'feedback/hw6-ann.md'],
      // 160 students: the writing thread makes the per-student files, and posts its error back.
      ['out-notdir-thread', join(tmp, 'big'), 'feedback'],
    ] as const) {
      const o = firstRun(name, from);
      rmSync(join(o, 'feedback'), { recursive: true });
      writeFileSync(join(o, 'feedback'), 'mine');
      const before = tree(o);
      const r = run(['batch', from, '--out', o, '--format', 'markdown,csv,gradescope,html', '--threads', '1', '-q']);
      const verb = rel === 'feedback' ? 'cannot make the folder' : 'cannot write';
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: `kubegrade: --out ${o}: ${verb} ${join(o, rel)}: not a directory (ENOTDIR); nothing written, the files in ${o} are as they were\n` });
      expect(tree(o)).toEqual(before);
    }
  });
});

describe('an --out that a run would grade is refused, however it is written', () => {
  const root = join(tmp, 'own-out');
  for (const u of ['ann', 'ben']) studentAs(join(root, `hw6-${u}`), u);
  const outside = join(tmp, 'own-out-elsewhere');
  mkdirSync(outside);
  symlinkSync(root, join(tmp, 'own-out-link'));
  symlinkSync(join(root, 'grades'), join(tmp, 'own-out-link-in'));
  const elsewhere = `write it elsewhere (or into a hidden folder such as ${join(root, '.kubegrade')})`;

  it('ROOT itself (which the next run graded: its feedback/, gradescope/ … as students without a submission, exit 0), as ROOT/, ., x/.., or a link to it; and a folder in it, as a link too', () => {
    const before = readdirSync(root).sort();
    for (const [cwd, rootArg, out, said] of [
      [tmp, root, root, 'itself'],
      [tmp, root, root + '/', 'itself'],
      [tmp, 'own-out', 'own-out/hw6-ann/..', 'itself'],
      [root, '.', '.', 'itself'],
      [tmp, root, join(tmp, 'own-out-link'), 'itself'],
      [tmp, root, join(tmp, 'own-out-link', 'grades'), 'inside'],
      // A link elsewhere to a folder in ROOT: its real path is in ROOT.
      [tmp, root, join(tmp, 'own-out-link-in'), 'inside'],
    ] as const) {
      const r = run(['batch', rootArg, '--out', out, '--format', 'csv,markdown,gradescope', '-q'], cwd);
      const hidden = `write it elsewhere (or into a hidden folder such as ${join(rootArg, '.kubegrade')})`;
      const line =
        said === 'itself'
          ? `kubegrade: --out ${out} is the folder of submissions ${rootArg} itself: the next run would grade the folders this one writes there (feedback/, gradescope/, …) as students; ${hidden}\n`
          : `kubegrade: --out ${out} is inside ${rootArg}, where it would be taken for a submission: ${hidden}\n`;
      expect({ out, status: r.status, stderr: r.stderr }).toEqual({ out, status: 2, stderr: line });
      expect(readdirSync(root).sort()).toEqual(before);
    }
    // A link in ROOT to a folder elsewhere is graded as a submission too: refused as written.
    symlinkSync(outside, join(root, 'grades'));
    try {
      const r = run(['batch', root, '--out', join(root, 'grades'), '--format', 'csv', '-q']);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: `kubegrade: --out ${join(root, 'grades')} is inside ${root}, where it would be taken for a submission: ${elsewhere}\n` });
    } finally {
      rmSync(join(root, 'grades'));
    }
    expect(readdirSync(outside)).toEqual([]);
    // A hidden folder in ROOT, and a folder beside it, are fine.
    const hidden = run(['batch', root, '--out', join(root, '.kubegrade'), '--format', 'csv', '-q']);
    expect(hidden.status).toBe(0);
    expect(readdirSync(join(root, '.kubegrade')).sort()).toEqual(['.kubegrade-manifest', 'gradebook.csv']);
    expect(run(['batch', root, '--out', outside, '--format', 'csv', '-q']).status).toBe(0);
    // And the class is still two students.
    const again = run(['batch', root, '--format', 'csv', '-q']);
    expect(again.stderr).toContain('kubegrade: class: 2 students · 2 graded\n');
  });
});

describe('who a submission is graded as', () => {
  const root = join(tmp, 'named');
  studentAs(join(root, 'hw6-alice'), 'alice');
  studentAs(join(root, 'hw6-bob'), 'bob');
  const roster = join(tmp, 'canvas-logins.csv');
  // The username column filled with GitHub logins, as a TA might: alice's differs from her files', bob's agrees.
  writeFileSync(
    roster,
    'Student,ID,SIS User ID,SIS Login ID,Section,folder,username,HW6 (1234)\n    Points Possible,,,,,,,47\n' +
      '"Alice, A",1,S1,alice,A,hw6-alice,alice-gh,\n"Bob, B",2,S2,bob,A,hw6-bob,bob,\n"Student, Test",9,,,A,,,\n',
  );

  it("the files' username, and the roster's named beside it on stderr; --username-from roster grades with the roster's", () => {
    const r = run(['batch', root, '--roster', roster, '--format', 'canvas', '--assignment', 'HW6 (1234)', '-q']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('kubegrade: hw6-alice: the roster\'s username is "alice-gh", the files\' is "alice": graded as "alice" (--username-from roster grades with the roster\'s)\n');
    expect(r.stderr).not.toContain('hw6-bob: the roster');
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    // Canvas's test student is not a row; both real students get full marks.
    expect(rows.map((x) => [x.Student, x['HW6 (1234)']])).toEqual([
      ['Alice, A', '47'],
      ['Bob, B', '47'],
    ]);
    const asRoster = run(['batch', root, '--roster', roster, '--format', 'canvas', '--assignment', 'HW6 (1234)', '-q', '--username-from', 'roster']);
    const scores = (parse(asRoster.stdout, { columns: true }) as Record<string, string>[]).map((x) => Number(x['HW6 (1234)']));
    expect(scores[0]).toBeLessThan(40);
    expect(scores[1]).toBe(47);
    expect(run(['batch', root, '--username-from', 'nobody']).stderr).toBe('kubegrade: --username-from nobody: expected "files" or "roster"\n');
  });

  it('an --assignment the roster has no column for, and Points Possible that is not the rubric\'s maximum, are said', () => {
    const hundred = join(tmp, 'canvas-100.csv');
    writeFileSync(hundred, readFileSync(roster, 'utf8').replace(',,,,,,,47', ',,,,,,,100'));
    const r = run(['batch', root, '--roster', hundred, '--format', 'canvas', '--assignment', 'HW6 (1234)', '-q']);
    expect(r.stderr).toContain(`kubegrade: --assignment "HW6 (1234)" has 100 points possible in ${hundred}, the rubric 47 (static checks)`);
    const other = run(['batch', root, '--roster', roster, '--format', 'canvas', '--assignment', 'Homework 6 (1234)', '-q']);
    expect(other.stderr).toContain(`kubegrade: --assignment "Homework 6 (1234)" is not a column of the roster ${roster} (its column for assignment 1234 is "HW6 (1234)")`);
  });

  it('a GitHub Classroom student who never linked an account keeps their identifier', () => {
    const classroom = join(tmp, 'classroom.csv');
    writeFileSync(classroom, 'identifier,github_username,github_id,name\nalice@uni.edu,alice,1,\nzoe@uni.edu,,,\n');
    const dir = join(tmp, 'cls');
    studentAs(join(dir, 'hw6-alice'), 'alice');
    studentAs(join(dir, 'hw6-bob'), 'bob');
    const r = run(['batch', dir, '--roster', classroom, '--format', 'csv', '-q']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.find((x) => x.student === 'zoe@uni.edu')).toMatchObject({ score: '0' });
    expect(r.stdout).not.toContain('(unknown student)');
  });
});

describe('a deadline that cannot be applied gives no grade, and says which rows', () => {
  const root = join(tmp, 'deadlines');
  const ontime = studentAs(join(root, 'hw6-ann'), 'ann');
  git(ontime, ['init', '-q', '-b', 'main']);
  commitAll(ontime, T - 3600);
  // A repository whose on-time commit a shallow clone does not hold.
  const origin = studentAs(join(tmp, 'origin-ben'), 'ben', (t) => t.replace('replicas: 2', 'replicas: 1'));
  git(origin, ['init', '-q', '-b', 'main']);
  commitAll(origin, T - 3600);
  studentAs(origin, 'ben');
  commitAll(origin, T + 3600);
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, join(root, 'hw6-ben')], { env: { PATH: process.env.PATH, HOME: tmp } });
  // A plain folder.
  studentAs(join(root, 'hw6-cy'), 'cy');
  // One repository holding a folder per student.
  const mono = join(tmp, 'mono');
  studentAs(join(mono, 'dee'), 'dee');
  studentAs(join(mono, 'eve'), 'eve');
  git(mono, ['init', '-q', '-b', 'main']);
  commitAll(mono, T - 60);

  it('a shallow clone without the deadline commit and a plain folder: not graded, named on stderr, left out of canvas.csv (not a 0, not an empty cell)', () => {
    const r = run(['batch', root, '--deadline', DEADLINE, '--late-policy', '10%/day', '--format', 'canvas', '--assignment', 'HW6 (1234)', '-q']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`kubegrade: ${join(root, 'hw6-ben')}: not graded: --deadline: the clone is shallow (git clone --depth)`);
    expect(r.stderr).toContain(`kubegrade: ${join(root, 'hw6-cy')}: not graded: --deadline: not a git repository (no .git folder)`);
    expect(r.stderr).toContain('kubegrade: canvas: 2 students left out of canvas.csv, not graded (an empty cell would erase the grade Canvas has): hw6-ben; hw6-cy');
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.Student, x['HW6 (1234)']])).toEqual([['ann', '47']]);
  });

  it('one repository with a folder per student: every row not graded, saying why', () => {
    const r = run(['batch', mono, '--deadline', DEADLINE, '--format', 'csv', '-q']);
    expect(r.status).toBe(1);
    for (const u of ['dee', 'eve']) expect(r.stderr).toContain(`kubegrade: ${join(mono, u)}: not graded: --deadline: ${join(mono, u)} is a folder inside the repository ${mono}, not a repository of its own`);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.slice(1).map((x) => x.score)).toEqual(['', '']);
  });
});

describe('the late penalty reaches the student, in the deadline\'s zone, rounded', () => {
  const root = join(tmp, 'late');
  const dir = studentAs(join(root, 'hw6-fay'), 'fay');
  git(dir, ['init', '-q', '-b', 'main']);
  commitAll(dir, T + 26 * 3600); // 1d 2h late: 2 started days × 10% = 20% of 47 = 9.4

  it('feedback, Gradescope, PrairieLearn, HTML and the gradebook say it; 37.6, never 37.599999999999994 or 9.399999999999999', () => {
    const out = join(tmp, 'out-late');
    const r = run(['batch', root, '--deadline', DEADLINE, '--late-policy', '10%/day', '--out', out, '--format', 'markdown,gradescope,prairielearn,html,csv,json', '-q']);
    expect(r.status).toBe(0);
    const all = Object.values(tree(out)).join('\n');
    expect(all).not.toMatch(/\d\.\d{5,}/);
    const feedback = readFileSync(join(out, 'feedback', 'hw6-fay.md'), 'utf8');
    expect(feedback).toContain('**Score: 37.6/47** — every check passed.');
    expect(feedback).toContain('> Late penalty: −9.4 points (20%): 1d 2h late: 2 started days × 10% = 20% of the points; 47 before the penalty.');
    expect(feedback).toContain('(deadline 2026-10-15T23:59:00-05:00)');
    expect(feedback).toContain('of 2026-10-17T01:59:00-05:00');
    const gs = JSON.parse(readFileSync(join(out, 'gradescope', 'hw6-fay', 'results.json'), 'utf8'));
    expect(gs.score).toBe(37.6);
    expect(gs.output).toContain('fay: 37.6/47, every check passed, and 9.4 for lateness');
    expect(gs.output).toContain('late penalty: −9.4 points (20%)');
    expect(gs.output).not.toContain('full marks');
    const pl = JSON.parse(readFileSync(join(out, 'prairielearn', 'hw6-fay', 'results.json'), 'utf8'));
    expect(pl.output).toContain('late penalty: −9.4 points');
    const page = readFileSync(join(out, 'students', 'fay.html'), 'utf8');
    expect(page).toContain('late penalty: −9.4 points (20%)');
    expect(page).toContain('<strong>deadline</strong> 2026-10-15T23:59:00-05:00');
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8')).toContain('late penalty: −9.4 points (20%)');
  });
});

describe('an empty folder, or one without YAML, is "no submission" in every format', () => {
  const root = join(tmp, 'empties');
  studentAs(join(root, 'hw6-gil'), 'gil');
  mkdirSync(join(root, 'hw6-hana'), { recursive: true });
  mkdirSync(join(root, 'hw6-ian'), { recursive: true });
  writeFileSync(join(root, 'hw6-ian', 'README.md'), '# my homework\n');
  const out = join(tmp, 'out-empties');
  const r = run(['batch', 'empties', '--out', out, '--format', 'csv,canvas,gradescope,prairielearn,json,html,junit,sarif,markdown', '--assignment', 'HW6 (1234)', '-q']);

  it('0 with the reason, never the 2/47 its absent objects earn; not in the class figures', () => {
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('kubegrade: class: 3 students · 1 graded · 2 without a submission');
    const csv = parse(readFileSync(join(out, 'gradebook.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.slice(1).map((x) => [x.submission, x.score, x.note])).toEqual([
      ['hw6-gil', '47', expect.any(String)],
      ['hw6-hana', '0', 'no submission: no .yml or .yaml file in empties/hw6-hana'],
      ['hw6-ian', '0', 'no submission: no .yml or .yaml file in empties/hw6-ian'],
    ]);
    const canvas = parse(readFileSync(join(out, 'canvas.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(canvas.map((x) => x['HW6 (1234)'])).toEqual(['47', '0', '0']);
    const json = JSON.parse(readFileSync(join(out, 'reports.json'), 'utf8'));
    expect(json.reports[1]).toMatchObject({ score: 0, noSubmission: { reason: 'no submission: no .yml or .yaml file in empties/hw6-hana' } });
    const gs = JSON.parse(readFileSync(join(out, 'gradescope', 'hw6-hana', 'results.json'), 'utf8'));
    expect(gs).toMatchObject({ score: 0, tests: [] });
    expect(gs.output).toContain('no submission: no .yml or .yaml file');
    const pl = JSON.parse(readFileSync(join(out, 'prairielearn', 'hw6-ian', 'results.json'), 'utf8'));
    expect(pl).toMatchObject({ gradable: false, format_errors: ['no submission: no .yml or .yaml file in empties/hw6-ian'] });
    expect(readFileSync(join(out, 'feedback', 'hw6-hana.md'), 'utf8')).toContain('**Score: 0/47** — no submission: no .yml or .yaml file in empties/hw6-hana.');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase name="submission: nothing was handed in" classname="kubegrade.hw6-hana.submission" time="0">');
    expect(junit).toContain('<failure type="no-submission" message="no submission: no .yml or .yaml file in empties/hw6-hana">');
    const sarif = JSON.parse(readFileSync(join(out, 'kubegrade.sarif'), 'utf8'));
    const none = sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'submission');
    expect(none.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['empties/hw6-hana/', 'empties/hw6-ian/']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/<tr class="absent"><td>hw6-hana[^]*?no submission: no \.yml or \.yaml file in empties\/hw6-hana<\/td><\/tr>/);
    expect(index).not.toContain('students/hw6-hana.html');
    expect(index).not.toContain('students/hana.html');
  });
});

describe('caps are counted right', () => {
  it('a check with 300 findings lists 50 and says "and 250 more", once', () => {
    const dir = studentAs(join(tmp, 'many'), 'mo');
    writeFileSync(join(dir, 'extra.yml'), Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: [${i}]\n`).join('---\n'));
    const report = gradeStatic(dir).report;
    const c = report.checks.find((x) => x.id === 'schema.other')!;
    expect(c.findings).toHaveLength(51);
    expect(c.findings!.at(-1)!.message).toBe('(and 250 more findings, not listed)');
    expect(c.findings!.filter((f) => /more findings, not listed/.test(f.message))).toHaveLength(1);
    // Where a student reads it (Gradescope's output, JUnit's text): the whole count.
    expect(findingsText(c)).toMatch(/\n… and 280 more \(300 in all; kubegrade check --format json lists the first 50\)$/);
  });
});

describe('formats', () => {
  it('csv: a cell that a spreadsheet in any locale would split into a formula is defused (OWASP)', () => {
    expect(csvCell('x;=1+2;')).toBe(`"x;'=1+2;"`);
    expect(csvCell('a,-2+3')).toBe(`"a,'-2+3"`);
    expect(csvCell('a\t@SUM(A1)')).toBe(`"a\t'@SUM(A1)"`);
    expect(csvCell('=1+2')).toBe(`'=1+2`);
    expect(csvCell('storageClassName: rbd')).toBe('storageClassName: rbd');
    expect(csvCell(-3)).toBe('-3');
  });

  const lint = xmllint();
  it.skipIf(!lint.path)('junit: a failed testcase has the file (from the repository root) and line test-report actions annotate, and validates', () => {
    const root = join(tmp, 'ju');
    studentAs(join(root, 'hw6-kim'), 'kim', (t) => t.replace('storageClassName: rdb', 'storageClassName: rbd'));
    const r = run(['batch', 'ju', '--format', 'junit', '-q']);
    const f = join(tmp, 'ju.xml');
    writeFileSync(f, r.stdout);
    const v = spawnSync(pathOf(lint), ['--noout', '--schema', new URL('./schemas/junit.xsd', import.meta.url).pathname, f], { encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    const x = spawnSync(pathOf(lint), ['--xpath', 'string(//testcase[failure][starts-with(@name,"redis-pvc.storage-class")]/@file)', f], { encoding: 'utf8' });
    expect(x.stdout.trim()).toBe('ju/hw6-kim/kim-test-redis-pvc.yml');
    const l = spawnSync(pathOf(lint), ['--xpath', 'string(//testcase[failure][starts-with(@name,"redis-pvc.storage-class")]/@line)', f], { encoding: 'utf8' });
    expect(l.stdout.trim()).toBe('12');
  });
});

// The good submission must not change under these tests.
afterAll(() => expect(readdirSync(GOOD).length).toBeGreaterThan(0));
