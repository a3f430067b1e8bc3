/**
 * A batch's bulk output (its stdout, and each format's file under --out) to a file
 * descriptor through one buffer: each piece is encoded into it as UTF-8 as it comes (a piece
 * of one-byte text is a copy) and the buffer is written when full and at the end. The
 * alternative, a stream write or a join of the pieces per write, encodes every piece again
 * and, for a stream, allocates a Buffer per call: 45 µs a report more for a class's JSON.
 *
 * Written with writeSync, whole: a short write is continued, a descriptor that another
 * process left non-blocking is waited for (EAGAIN), and a reader that went away (EPIPE on
 * stdout) ends the run quietly, as bin/kubegrade.js does for the streams.
 */
import { writeSync } from 'node:fs';
import type { Output } from '../reporters/types.js';

const SIZE = 1 << 18;
const pause = new Int32Array(new SharedArrayBuffer(4));

export class FdSink implements Output {
  private buf = Buffer.allocUnsafe(SIZE);
  private used = 0;

  constructor(
    private readonly fd: number,
    /** On EPIPE: end the process quietly (stdout) rather than throw (a file). */
    private readonly quietOnEpipe = false,
  ) {}

  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: a piece that may not fit waits for a flush.
    if (text.length * 3 > SIZE - this.used) {
      this.flush();
      if (text.length * 3 > SIZE) return writeWhole(this.fd, Buffer.from(text, 'utf8'), this.quietOnEpipe);
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    writeWhole(this.fd, this.buf.subarray(0, n), this.quietOnEpipe);
  }
}

/** `bytes` to `fd`, all of them: see the top of this file. */
function writeWhole(fd: number, bytes: Uint8Array, quietOnEpipe: boolean): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE' && quietOnEpipe) process.exit(process.exitCode ?? 0);
      else throw err;
    }
  }
}

/**
 * The process's stdout, written at once with writeSync, as `process.stdout` does on Linux for a
 * file, pipe or terminal alike, without creating that stream (3 ms of a student's cold start).
 * On Windows a console needs the stream (it converts to the console's UTF-16).
 */
export function stdoutWriter(): (text: string) => void {
  if (process.platform === 'win32') return (s) => void process.stdout.write(s);
  return (s) => writeWhole(1, Buffer.from(s, 'utf8'), true);
}
