/** cli/sink: a batch's bulk output through one buffer, byte for byte what was written, whatever the descriptor does. */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FdSink } from '../src/cli/sink.js';

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
