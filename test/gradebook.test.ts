/**
 * An instructor's batch: rosters in the three shapes, the class summary and
 * its rubric warning, the Canvas import file, the analysis sheet, feedback
 * per student, and `kubegrade batch --out` writing them all from one grading.
 *
 * The consumers' formats, as their documentation states them:
 * - Canvas's gradebook import: "Student Name … OR Student ID OR Student SIS
 *   User ID … SIS Login ID … Section … Assignment Name", "New assignment
 *   columns in the Gradebook generate new assignments" (Ohio State's Canvas
 *   guide, https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades);
 *   the export holds read-only columns and a "Points Possible" row the import
 *   ignores (VCU's Canvas gradebook guide,
 *   https://ts.vcu.edu/askit/teaching-and-learning/canvas/faculty/grading-faculty/gradebook-action-menu-faculty/).
 *   An assignment's column is headed "<name> (<assignment id>)" in the export.
 * - GitHub Classroom's roster download: "identifier, github_username,
 *   github_id, name" (abc-classroom's roster docs,
 *   https://abc-classroom.readthedocs.io/en/latest/get-started/classroom-roster.html);
 *   its clones are named <assignment>-<github_username>.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import { planRows, readRoster, submissionsIn } from '../src/batch/roster.js';
import { SummaryCounter } from '../src/batch/summary.js';
import { batchProgress } from '../src/cli/progress.js';
import { renderAll, REPORTERS } from '../src/reporters/index.js';
import type { CheckResult, Report } from '../src/types.js';
import { UsageError } from '../src/util/errors.js';
import { studentAs } from './helpers/fixtures.js';
import { pointsOf, STATIC_MAX } from './helpers/rubric.js';

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'kg-gradebook-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd?: string) {
  const env = { ...process.env } as Record<string, string>;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd });
}

/** A submission of `user` (the good one, renamed), with `edit` applied to each file's text. */
const submission = (root: string, folder: string, user: string, edit?: (t: string) => string) => studentAs(join(root, folder), user, edit);

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('roster: three shapes, every line applies or is reported', () => {
  const root = join(tmp, 'class');
  const dirs = ['hw6-alice', 'hw6-bob', 'hw6-jim-bob', 'hw6-carol'].map((f) => {
    mkdirSync(join(root, f), { recursive: true });
    return join(root, f);
  });

  it('a Canvas export (BOM, CRLF, quoted names) with a folder column: Points Possible and the posting row skipped; slashes, quotes and case handled', () => {
    const roster = file(
      'canvas.csv',
      '\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,HW6 (1234),folder\r\n' +
        '    Points Possible,,,,,47,\r\n' +
        ',,,,,Manual Posting,\r\n' +
        '"Doe, Jane",101,S1,jdoe,A,,hw6-alice/\r\n' +
        '"Bob ""Bobby"" Roe",102,S2,broe,A,,"hw6-bob"\r\n' +
        'Jim Bob,103,S3,jbob,B,,class/hw6-JIM-BOB\r\n' +
        'Zed,104,S4,zed,B,,hw6-zed\r\n',
    );
    const r = readRoster(roster);
    expect(r.shape).toBe('canvas');
    expect(r.entries.map((e) => [e.line, e.student.name, e.folder])).toEqual([
      [4, 'Doe, Jane', 'hw6-alice/'],
      [5, 'Bob "Bobby" Roe', 'hw6-bob'],
      [6, 'Jim Bob', 'class/hw6-JIM-BOB'],
      [7, 'Zed', 'hw6-zed'],
    ]);
    expect(r.entries[0]!.student).toMatchObject({ id: '101', sisUserId: 'S1', sisLoginId: 'jdoe', section: 'A' });
    const warnings: string[] = [];
    const rows = planRows(root, dirs, r, (m) => warnings.push(m));
    expect(rows.map((x) => [x.student?.name ?? null, x.dir?.slice(root.length + 1) ?? null, x.missing ?? null])).toEqual([
      ['Doe, Jane', 'hw6-alice', null],
      ['Bob "Bobby" Roe', 'hw6-bob', null],
      ['Jim Bob', 'hw6-jim-bob', null],
      ['Zed', null, `no submission: no folder hw6-zed under ${root}`],
      [null, 'hw6-carol', null],
    ]);
    expect(warnings).toEqual([
      `${roster}:4: folder "hw6-alice/" read as hw6-alice`,
      `${roster}:6: folder "class/hw6-JIM-BOB" taken as hw6-jim-bob (the case differs)`,
      `${roster}:7: Zed: no submission (no folder hw6-zed under ${root})`,
      `1 folder is not on the roster ${roster}, graded with the username inferred: hw6-carol`,
    ]);
  });

  it('a GitHub Classroom export: the clone <assignment>-<github_username>, case-insensitive, never a longer name that ends the same', () => {
    const roster = file('classroom.csv', '"identifier","github_username","github_id","name"\n"jdoe@uni.edu","Alice","1","Alice A"\n"bob","bob","2","Bob B"\n"jim","jim-bob","3",""\n"carol","","",""\n');
    const r = readRoster(roster);
    expect(r.shape).toBe('classroom');
    const warnings: string[] = [];
    const rows = planRows(root, dirs, r, (m) => warnings.push(m));
    expect(rows.map((x) => [x.student?.identifier ?? null, x.dir?.slice(root.length + 1) ?? null])).toEqual([
      ['jdoe@uni.edu', 'hw6-alice'],
      ['bob', 'hw6-bob'],
      ['jim', 'hw6-jim-bob'],
      ['carol', null],
      [null, 'hw6-carol'],
    ]);
    expect(rows[3]!.missing).toBe('no submission: the roster gives no folder, username or github_username');
    expect(warnings).toHaveLength(2);
  });

  it('plain folder,username, with or without a header; a line listed twice is said, a folder claimed twice gives the second student no submission', () => {
    const headerless = readRoster(file('plain.csv', 'hw6-alice,alice\r\nhw6-bob,bob\n'));
    expect(headerless.entries.map((e) => [e.folder, e.username])).toEqual([
      ['hw6-alice', 'alice'],
      ['hw6-bob', 'bob'],
    ]);
    const roster = file('dups.csv', 'folder,username\nhw6-alice,alice\nhw6-alice,alice\nhw6-alice,mallory\n# a comment\nhw6-bob,bob\n');
    const warnings: string[] = [];
    const rows = planRows(root, dirs, readRoster(roster), (m) => warnings.push(m));
    expect(rows.map((x) => [x.username, x.dir?.slice(root.length + 1) ?? null, x.missing ?? null])).toEqual([
      ['alice', 'hw6-alice', null],
      ['mallory', null, 'no submission: folder hw6-alice is already alice\'s (line 2)'],
      ['bob', 'hw6-bob', null],
      [undefined, 'hw6-jim-bob', null],
      [undefined, 'hw6-carol', null],
    ]);
    expect(warnings.slice(0, 2)).toEqual([`${roster}:3: alice is listed again (first on line 2); this line is ignored`, `${roster}:4: mallory: no submission (folder hw6-alice is already alice's (line 2))`]);
  });

  it('a file that is no roster is a usage error naming its line', () => {
    expect(() => readRoster(file('bad.csv', 'a,b,c\n1,2,3\n'))).toThrow(new UsageError(`${join(tmp, 'bad.csv')}:1: no column this roster can use (found "a", "b", "c"); expected a Canvas gradebook export with a folder or username column, a GitHub Classroom roster (github_username), or folder,username`));
    expect(() => readRoster(file('canvas-nofolder.csv', 'Student,ID,SIS User ID,SIS Login ID,Section\nA,1,,,\n'))).toThrow(/a Canvas gradebook export, but with no "folder" or "username" column/);
    expect(() => readRoster(file('unterminated.csv', 'folder,username\n"alice,alice\n'))).toThrow(/not a CSV file/);
  });

  it('a symbolic link to a submission folder is a submission; a dangling one is reported', () => {
    const linked = join(tmp, 'linked');
    mkdirSync(join(tmp, 'elsewhere', 'dave'), { recursive: true });
    mkdirSync(join(linked, 'alice'), { recursive: true });
    symlinkSync(join(tmp, 'elsewhere', 'dave'), join(linked, 'dave'));
    symlinkSync(join(tmp, 'nowhere'), join(linked, 'eve'));
    const warnings: string[] = [];
    expect(submissionsIn(linked, (m) => warnings.push(m))).toEqual([join(linked, 'alice'), join(linked, 'dave')]);
    expect(warnings).toEqual([`${join(linked, 'eve')} is a symbolic link to no folder: not a submission`]);
  });
});

/** A report whose checks fail as listed (`id: value` for a failing storage class). */
function fake(score: number, fails: Record<string, string | null> = {}, extra: Partial<Report> = {}): Report {
  const check = (id: string, maxPoints: number): CheckResult => {
    const failed = id in fails;
    const c: CheckResult = { id, title: id, status: failed ? 'fail' : 'pass', points: failed ? 0 : maxPoints, maxPoints, message: '' };
    if (failed && id === 'redis-pvc.storage-class') c.actual = { param: 'storageClassName', value: fails[id]! };
    return c;
  };
  return {
    username: 'u',
    env: 'test',
    score,
    maxScore: 10,
    checks: [check('redis-pvc.storage-class', 1), check('redis-pvc.access-modes', 1), check('schema.other', 0), { id: 'live.x', title: 'x', status: 'skip', points: 0, maxPoints: 3, message: '' }],
    dir: 'd',
    rubric: { name: 'r' },
    usernameInfo: { value: 'u', source: 'option' },
    roles: [],
    files: [],
    ignored: [],
    ...extra,
  };
}

describe('class summary', () => {
  it('students, mean, median, min, max and the most failed scored checks, from counters', () => {
    const s = new SummaryCounter();
    for (const [score, fails] of [
      [10, {}],
      [9, { 'redis-pvc.access-modes': null, 'schema.other': null }],
      [4, { 'redis-pvc.access-modes': null }],
      [7, {}],
    ] as const)
      s.add(fake(score, fails));
    s.add(fake(0, {}, { missing: 'no submission' }));
    s.add(fake(0, {}, { error: 'boom' }));
    const r = s.result();
    expect(r).toMatchObject({ students: 6, graded: 4, missing: 1, notGraded: 1, maxScore: 10, mean: 7.5, median: 8, min: 4, max: 10, fullMarks: 1, warnings: [] });
    expect(r.mostFailed.map((c) => [c.id, c.failed, c.rate])).toEqual([['redis-pvc.access-modes', 2, 0.5]]); // schema.other is worth 0: not a failure to list
  });

  it('a rubric warning when 80% of the class fails one check, with the values they wrote and the --set that accepts the most common', () => {
    const s = new SummaryCounter();
    const values = [...Array(24).fill('rbd'), ...Array(14).fill('nfs'), ...Array(11).fill('cinder-csi')] as string[];
    for (const v of values) s.add(fake(9, { 'redis-pvc.storage-class': v }));
    const r = s.result();
    expect(r.warnings).toEqual([
      {
        check: 'redis-pvc.storage-class',
        failed: 49,
        of: 49,
        param: 'storageClassName',
        values: [
          { value: 'rbd', count: 24 },
          { value: 'nfs', count: 14 },
          { value: 'cinder-csi', count: 11 },
        ],
        set: '--set storageClassName=rbd',
        message: '49 of 49 (100%) fail redis-pvc.storage-class: storageClassName: rbd 24, nfs 14, cinder-csi 11 → --set storageClassName=rbd',
      },
    ]);
    // 79%: no warning; and with fewer than 5 graded, none either
    const t = new SummaryCounter();
    for (let i = 0; i < 100; i++) t.add(fake(9, i < 79 ? { 'redis-pvc.storage-class': 'rbd' } : {}));
    expect(t.result().warnings).toEqual([]);
    const few = new SummaryCounter();
    for (let i = 0; i < 4; i++) few.add(fake(9, { 'redis-pvc.storage-class': 'rbd' }));
    expect(few.result().warnings).toEqual([]);
  });

  it('the values come from the checks\' own findings (actual), not from their messages', () => {
    const dir = submission(tmp, 'actual', 'amy', (t) => t.replace('storageClassName: rdb', 'storageClassName: "=cmd|x"').replace('storage: 1Gi', 'storage: 1G').replace('replicas: 2', 'replicas: 3'));
    const { report } = gradeStatic(dir);
    const actual = (id: string) => report.checks.find((c) => c.id === id)!.actual;
    expect(actual('redis-pvc.storage-class')).toEqual({ param: 'storageClassName', value: '=cmd|x' });
    expect(actual('redis-pvc.storage-request')).toEqual({ param: 'storage', value: '1G' });
    expect(actual('flask-deployment.replicas')).toEqual({ param: 'flaskReplicas', value: 3 });
    expect(actual('redis-pvc.access-modes')).toBeUndefined(); // passed
    // ...and the JSON report stays as it was: no `actual` in it
    const out = renderAll(REPORTERS.get('json')!, [report], { color: false });
    expect(out).not.toContain('"actual"');
    expect(JSON.parse(out).checks.find((c: CheckResult) => c.id === 'redis-pvc.storage-class')).toMatchObject({ status: 'fail', message: 'storageClassName is "=cmd|x"; the rubric wants "rdb"' });
  });
});

describe('canvas and csv reporters', () => {
  const student = { name: 'Doe, Jane', id: '101', sisUserId: 'S1', sisLoginId: 'jdoe', section: 'A', folder: 'hw6-alice' };
  it('canvas: exactly Student, ID, SIS User ID, SIS Login ID, Section and the --assignment column; formulas defused; 0 for no submission; a row not graded left out and said (an empty cell erases a grade)', () => {
    const warned: string[] = [];
    const out = renderAll(
      REPORTERS.get('canvas')!,
      [fake(9, {}, { student }), fake(7, {}, { student: { name: '=HYPERLINK("http://x","y")', id: '102', sisLoginId: '@bob' } }), fake(0, {}, { student: { name: 'Zed', id: '103' }, missing: 'no submission' }), fake(0, {}, { student: { name: 'Eve', id: '104' }, error: 'x' })],
      { color: false, extra: { assignment: 'HW6 (1234)' }, warn: (m) => void warned.push(m) },
    );
    expect(out).toBe(
      'Student,ID,SIS User ID,SIS Login ID,Section,HW6 (1234)\r\n' +
        '"Doe, Jane",101,S1,jdoe,A,9\r\n' +
        '"\'=HYPERLINK(""http://x"",""y"")",102,,\'@bob,,7\r\n' +
        'Zed,103,,,,0\r\n',
    );
    expect(warned).toEqual(['canvas: 1 student left out of canvas.csv, not graded (an empty cell would erase the grade Canvas has): Eve']);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'HW6 (1234)']);
    expect(() => renderAll(REPORTERS.get('canvas')!, [], { color: false })).toThrow(/needs --assignment/);
  });

  it('csv: a max row under the header; a 0-point check reads ok/finding, not 0; the note says why a row has no score', () => {
    const out = renderAll(REPORTERS.get('csv')!, [fake(9, { 'schema.other': null }, { student }), fake(0, {}, { missing: 'no submission', dir: '' , student: { name: '+Zed' } })], { color: false });
    expect(out).toBe(
      'submission,student,username,score,maxScore,note,redis-pvc.storage-class,redis-pvc.access-modes,schema.other\n' +
        'max,,,10,10,,1,1,not scored\n' +
        'hw6-alice,"Doe, Jane",u,9,10,,1,1,finding\n' +
        ",'+Zed,u,0,10,no submission,0,0,\n",
    );
  });

  it('progress: plain lines every N off a terminal, a bar on one', () => {
    const lines: string[] = [];
    const p = batchProgress(25, { write: (s) => void lines.push(s) }, 10);
    for (let i = 0; i < 25; i++) p.tick(`s${i}`);
    p.stop();
    expect(lines.map((l) => l.replace(/ · \d+\/s( · ETA \d+ s)?/, ''))).toEqual(['kubegrade: 10/25 · s9\n', 'kubegrade: 20/25 · s19\n', 'kubegrade: 25/25 · s24\n']);
    let drawn = '';
    const tty = Object.assign(new Writable({ write: (c, _e, cb) => ((drawn += String(c)), cb()) }), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const bar = batchProgress(3, { write: () => {}, tty });
    bar.tick('hw6-alice\x1b[2J');
    bar.stop();
    expect(drawn).toMatch(/kubegrade .* \d\/3 · \d+\/s · ETA .* · hw6-alice\\x1b\[2J/);
  });
});

describe('feedback/<folder>.md: each student\'s file is named after their own folder', () => {
  it('folders whose names must change (x&y, x|y) never take the name of a folder really called x_y, whichever comes first', () => {
    const root = join(tmp, 'names');
    // In name order x&y comes before x_y: it took feedback/x_y.md, and the real x_y got x_y-2.md.
    for (const [folder, user] of [['x&y', 'amp'], ['x_y', 'under'], ['x|y', 'bar']]) submission(root, folder, user);
    const out = join(tmp, 'names-out');
    const r = run(['batch', root, '--out', out, '--format', 'markdown', '--quiet']);
    expect(r.status).toBe(0);
    const files = readdirSync(join(out, 'feedback')).sort();
    expect(files).toHaveLength(3);
    expect(readFileSync(join(out, 'feedback', 'x_y.md'), 'utf8')).toContain(': under\n');
    const others = files.filter((f) => f !== 'x_y.md');
    expect(others.every((f) => /^x_y-[0-9a-f]{6}\.md$/.test(f))).toBe(true);
    expect(others.map((f) => readFileSync(join(out, 'feedback', f), 'utf8').match(/: (amp|bar)\n/)?.[1]).sort()).toEqual(['amp', 'bar']);
  });
});

describe('kubegrade batch --out: every format from one grading', () => {
  const root = join(tmp, 'subs');
  const users = ['alice', 'bob', 'carol', 'dan', 'eve'];
  // The class wrote rbd (4) and nfs (1) where the rubric says rdb; bob also wrote readWriteOnce (two checks).
  users.forEach((u, i) => submission(root, `hw6-${u}`, u, (t) => t.replace('storageClassName: rdb', `storageClassName: ${i === 4 ? 'nfs' : 'rbd'}`).replace(u === 'bob' ? '- ReadWriteOnce' : '\0', '- readWriteOnce')));
  const roster = file(
    'class.csv',
    'Student,ID,SIS User ID,SIS Login ID,Section,folder,username\n    Points Possible,,,,,,\n' + users.map((u, i) => `"${u.toUpperCase()}, ${u}",${100 + i},S${i},${u},A,hw6-${u},${u}`).join('\n') + '\n"Zed, Z",199,S9,zed,A,hw6-zed,zed\n',
  );

  it('writes canvas.csv, gradebook.csv, feedback/, feedback.md and reports.json; the summary and its rubric warning on stderr; exit 0', () => {
    // Each student loses the storage class; bob also the access mode, which the schema check loses too.
    const M = STATIC_MAX;
    const most = M - pointsOf('redis-pvc.storage-class');
    const bobs = most - pointsOf('redis-pvc.access-modes') - pointsOf('schema.redis-pvc');
    const out = join(tmp, 'out');
    const r = run(['batch', root, '--roster', roster, '--out', out, '--format', 'canvas,csv,markdown,json', '--assignment', 'HW6 (1234)', '--quiet']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('kubegrade: class: 6 students · 5 graded · 1 without a submission (0 in the gradebook, not in these figures)\n');
    expect(r.stderr).toContain(`kubegrade: scores (of ${M}): mean ${most - (most - bobs) / 5}, median ${most}, min ${bobs}, max ${most} · 0 full marks\n`);
    expect(r.stderr).toContain('kubegrade: rubric warning: 5 of 5 (100%) fail redis-pvc.storage-class: storageClassName: rbd 4, nfs 1 → --set storageClassName=rbd\n');

    const canvas = parse(readFileSync(join(out, 'canvas.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(canvas.map((c) => [c.Student, c.ID, c['HW6 (1234)']])).toEqual([
      ['ALICE, alice', '100', String(most)],
      ['BOB, bob', '101', String(bobs)],
      ['CAROL, carol', '102', String(most)],
      ['DAN, dan', '103', String(most)],
      ['EVE, eve', '104', String(most)],
      ['Zed, Z', '199', '0'],
    ]);
    const sheet = readFileSync(join(out, 'gradebook.csv'), 'utf8').split('\n');
    expect(sheet[1]).toMatch(new RegExp(`^max,,,${M},${M},,${pointsOf('yaml.parse')},`));
    expect(sheet[7]).toMatch(new RegExp(`^,"Zed, Z",zed,0,${M},no submission: no folder hw6-zed under `));

    expect(readdirSync(join(out, 'feedback')).sort()).toEqual(['Zed__Z.md', 'hw6-alice.md', 'hw6-bob.md', 'hw6-carol.md', 'hw6-dan.md', 'hw6-eve.md']);
    const bob = readFileSync(join(out, 'feedback', 'hw6-bob.md'), 'utf8');
    expect(bob).toContain(`**Score: ${bobs}/${M}** — ${M - bobs} points to recover in 3 checks.`);
    expect(bob).toContain('  - `bob-test-redis-pvc.yml:12:21` storageClassName is "rbd"; the rubric wants "rdb" (close: check the letters, "rbd" is not "rdb")\n');
    expect(readFileSync(join(out, 'feedback.md'), 'utf8')).toContain(`| BOB, bob | ${bobs}/${M} | [hw6-bob.md](feedback/hw6-bob.md) |`);

    const json = JSON.parse(readFileSync(join(out, 'reports.json'), 'utf8'));
    expect(json.reports).toHaveLength(6);
    expect(json.reports[5]).toMatchObject({ score: 0, missing: 'no submission: no folder hw6-zed under ' + root, student: { name: 'Zed, Z' } });
    expect(json.summary).toMatchObject({ students: 6, graded: 5, missing: 1, median: most, warnings: [{ check: 'redis-pvc.storage-class', set: '--set storageClassName=rbd' }] });
    expect(JSON.stringify(json.reports)).not.toContain('"actual"');

    // The same with the --set the warning named: the class gets the point.
    const again = run(['batch', root, '--roster', roster, '--format', 'canvas', '--assignment', 'HW6 (1234)', '--set', 'storageClassName=rbd', '-q']);
    expect(again.stdout.split('\r\n')[1]).toBe(`"ALICE, alice",100,S0,alice,A,${M}`);
    expect(again.stderr).not.toContain('rubric warning');
  });

  it('one format without --out goes to stdout; usage errors exit 2 with one line', () => {
    const one = run(['batch', root, '--format', 'json', '-q']);
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).summary.graded).toBe(5);
    const cases: [string[], RegExp][] = [
      [['--format', 'csv,json'], /^kubegrade: --format csv,json: several formats need --out DIR \(one file each\)\n$/],
      [['--format', 'canvas'], /^kubegrade: the canvas format needs --assignment/],
      [['--format', 'cvs'], /^kubegrade: --format cvs: unknown format; did you mean "csv"\?/],
      [['--out', join(root, 'grades')], /is inside .* where it would be taken for a submission/],
      [['--roster', join(tmp, 'nope.csv')], /cannot read the roster \(ENOENT\)/],
    ];
    for (const [args, err] of cases) {
      const r = run(['batch', root, ...args]);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(r.stderr).toMatch(err);
    }
    expect(existsSync(join(root, 'grades'))).toBe(false);
  });
});
