/** cli/sink: a batch's bulk output through one buffer, byte for byte what was written, whatever the descriptor does. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FdSink, MANIFEST, OutTree } from '../src/cli/sink.js';

// ASCII, two- and three-byte characters, a surrogate pair, and pieces past the buffer's size (256 KiB)
const pieces = (n: number) => {
  const kinds = ['{\n  "id": "x",', 'é', ' port 6379 → 6379 ', '😀', 'a'.repeat(70_000), '→'.repeat(90_000), '\n'];
  let seed = 3;
  return Array.from({ length: n }, () => kinds[(seed = (seed * 48271) % 2147483647) % kinds.length]!);
};

describe('FdSink', () => {
  it('writes exactly the UTF-8 of what it was given, in order, across buffer boundaries', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kg-sink-')), 'out');
    const fd = openSync(file, 'w');
    const all = pieces(400);
    const sink = new FdSink(fd);
    for (const p of all) sink.write(p);
    sink.flush();
    closeSync(fd);
    expect(readFileSync(file).equals(Buffer.from(all.join(''), 'utf8'))).toBe(true);
  });

  it('waits out a non-blocking pipe that is full (EAGAIN) instead of losing output', async () => {
    // the child reads slowly; its stdin is a non-blocking pipe on our side, as Node makes it
    const child = spawn(process.execPath, ['-e', 'let n=0;process.stdin.on("data",(d)=>{n+=d.length;process.stdin.pause();setTimeout(()=>process.stdin.resume(),2)});process.stdin.on("end",()=>process.stdout.write(String(n)))'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    expect(fd).toBeGreaterThan(2);
    const all = pieces(120);
    const sink = new FdSink(fd);
    for (const p of all) sink.write(p);
    sink.flush();
    child.stdin.end();
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => child.on('close', r));
    expect(Number(out)).toBe(Buffer.byteLength(all.join(''), 'utf8'));
  });
});

// Written by this thread, and by the writing thread (src/batch/writer.ts, from dist/: npm run build first) as a batch of 128 or more does.
describe.each([false, true])('OutTree (writeBehind: %s): a reporter\'s folder that is not there yet', (writeBehind) => {
  const files = { 'gradescope/hw6-ann/results.json': '{"score":47}\n', 'gradescope/hw6-ben/results.json': '{"score":40}\n', 'students/ann.html': '<p>é</p>\n' };
  const write = (tree: OutTree) => {
    for (const [rel, text] of Object.entries(files)) tree.writeFile(rel, text);
    const fd = tree.open('reports.json');
    closeSync(fd);
  };

  it('is made under a temporary name and renamed whole: no folder of its name until commit(), then every file with its bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const tree = new OutTree(dir, { writeBehind });
    write(tree);
    // the writing thread is running (or not) as asked
    expect((tree as unknown as { behind?: object }).behind !== undefined).toBe(writeBehind);
    // Nothing under a final name yet: a run killed here leaves no part of gradescope/ or students/.
    expect(readdirSync(dir).filter((n) => !/^\..+\.kubegrade-\d+\.tmp$/.test(n))).toEqual([]);
    tree.commit();
    expect(readdirSync(dir).sort()).toEqual([MANIFEST, 'gradescope', 'reports.json', 'students']);
    for (const [rel, text] of Object.entries(files)) expect(readFileSync(join(dir, rel), 'utf8')).toBe(text);
    expect(readFileSync(join(dir, MANIFEST), 'utf8').split('\n').filter(Boolean).sort()).toEqual([...Object.keys(files), 'reports.json'].sort());
  });

  it('a class of files, more than the writing thread holds at once (64): each with its own bytes, in a folder of its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const tree = new OutTree(dir, { writeBehind });
    const text = (i: number) => `{"i":${i},"pad":"${'→'.repeat(i * 7)}"}\n`;
    for (let i = 0; i < 300; i++) tree.writeFile(`prairielearn/s${i}/results.json`, text(i));
    tree.commit();
    expect(readdirSync(join(dir, 'prairielearn')).length).toBe(300);
    for (let i = 0; i < 300; i++) expect(readFileSync(join(dir, `prairielearn/s${i}/results.json`), 'utf8')).toBe(text(i));
  });

  it('a re-run: a file with the same bytes as the previous run\'s is kept (the same file), one that changed is replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const first = new OutTree(dir, { writeBehind });
    write(first);
    first.commit();
    const inode = (rel: string) => statSync(join(dir, rel)).ino;
    const before = Object.fromEntries(Object.keys(files).map((rel) => [rel, inode(rel)]));
    const again = new OutTree(dir, { writeBehind });
    again.writeFile('gradescope/hw6-ann/results.json', files['gradescope/hw6-ann/results.json']);
    again.writeFile('gradescope/hw6-ben/results.json', '{"score":41}\n');
    again.writeFile('students/ann.html', files['students/ann.html']);
    again.commit();
    expect(inode('gradescope/hw6-ann/results.json')).toBe(before['gradescope/hw6-ann/results.json']);
    expect(inode('students/ann.html')).toBe(before['students/ann.html']);
    expect(inode('gradescope/hw6-ben/results.json')).not.toBe(before['gradescope/hw6-ben/results.json']);
    expect(readFileSync(join(dir, 'gradescope/hw6-ben/results.json'), 'utf8')).toBe('{"score":41}\n');
    expect(readdirSync(join(dir, 'gradescope/hw6-ben'))).toEqual(['results.json']);
    expect(readFileSync(join(dir, 'students/ann.html'), 'utf8')).toBe(files['students/ann.html']);
  });

  it('commit() removes what a killed run left (its pid no longer running), in DIR and in the folders of its outputs; a live run\'s and other files stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const first = new OutTree(dir, { writeBehind });
    write(first);
    first.commit();
    // A run killed before commit(): a pid that is no process (past the kernel's pid_max), one alive (this test's parent: this process's own name is the one its own open() takes).
    const dead = 4_194_304 + 7;
    mkdirSync(join(dir, `.gradescope.kubegrade-${dead}.tmp/hw6-cy`), { recursive: true });
    writeFileSync(join(dir, `.gradescope.kubegrade-${dead}.tmp/hw6-cy/results.json`), '{}');
    writeFileSync(join(dir, `.reports.json.kubegrade-${dead}.tmp`), '[');
    writeFileSync(join(dir, `gradescope/hw6-ann/.results.json.kubegrade-${dead}.tmp`), '{');
    writeFileSync(join(dir, `.reports.json.kubegrade-${process.ppid}.tmp`), "a live run (this test's parent)");
    writeFileSync(join(dir, '.reports.json.kubegrade-x.tmp'), 'not ours: no pid');
    const again = new OutTree(dir, { writeBehind });
    write(again);
    again.commit();
    expect(readdirSync(dir).sort()).toEqual([`.reports.json.kubegrade-${process.ppid}.tmp`, '.reports.json.kubegrade-x.tmp', MANIFEST, 'gradescope', 'reports.json', 'students'].sort());
    expect(readdirSync(join(dir, 'gradescope/hw6-ann'))).toEqual(['results.json']);
  });

  it('abort() leaves DIR as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    writeFileSync(join(dir, 'mine.txt'), 'mine');
    const tree = new OutTree(dir, { writeBehind });
    write(tree);
    tree.abort();
    tree.abort();
    expect(readdirSync(dir)).toEqual(['mine.txt']);
  });

  it('a folder of that name made by someone else during the run: the files are moved into it, what it held stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const tree = new OutTree(dir, { writeBehind });
    write(tree);
    mkdirSync(join(dir, 'students'));
    writeFileSync(join(dir, 'students', 'notes.txt'), 'mine');
    tree.commit();
    expect(readdirSync(join(dir, 'students')).sort()).toEqual(['ann.html', 'notes.txt']);
    expect(readFileSync(join(dir, 'students/ann.html'), 'utf8')).toBe(files['students/ann.html']);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST, 'gradescope', 'reports.json', 'students']);
  });

  it('an error making a file is thrown, as the write itself would throw it, and abort() then removes what was made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    writeFileSync(join(dir, 'feedback'), 'a file where a folder should be');
    const tree = new OutTree(dir, { writeBehind });
    let err: NodeJS.ErrnoException | undefined;
    try {
      write(tree);
      tree.writeFile('feedback/ann.md', 'x');
      tree.commit();
    } catch (e) {
      err = e as NodeJS.ErrnoException;
    }
    expect(err?.code).toMatch(/^(EEXIST|ENOTDIR)$/);
    tree.abort();
    expect(readdirSync(dir)).toEqual(['feedback']);
  });
});

describe('OutTree: a name that would leave DIR', () => {
  it('is refused (a `..` that leaves it, or DIR itself); one whose `..` stays inside is written where it points', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-outtree-'));
    const tree = new OutTree(join(dir, 'out'));
    mkdirSync(join(dir, 'out'));
    for (const rel of ['../x', 'a/../../x', 'a\\..\\..\\x', '..', '', '.', './', 'a/..']) expect(() => tree.writeFile(rel, 'x'), rel).toThrow(/outside/);
    tree.writeFile('a/../b.txt', 'inside');
    tree.writeFile('.../c.txt', 'a folder named ...');
    tree.commit();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(dir, 'out', 'b.txt'), 'utf8')).toBe('inside');
    expect(readFileSync(join(dir, 'out', '...', 'c.txt'), 'utf8')).toBe('a folder named ...');
  });
});
