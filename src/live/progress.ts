/**
 * Step lines on stderr as the live pass goes: on a TTY, coloured marks and
 * the time each step took; otherwise plain `kubegrade: …` lines that a CI log
 * keeps. stdout is left to the report (so --format json stays clean).
 */
import { styleText } from 'node:util';
import { fmtMs, type Progress } from './steps.js';

export function stepLines(write: (s: string) => void, tty: boolean, color: boolean): Progress & { total(ms: number): void } {
  const started = new Map<string, number>();
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (color ? styleText(style, s, { validateStream: false }) : s);
  const short = (s: string | undefined) => (s ? s.replace(/\s+/g, ' ').slice(0, tty ? 160 : 400) : '');
  return {
    start(step, detail) {
      started.set(step, Date.now());
      write(tty ? `${paint('dim', '…')} ${step}${detail ? paint('dim', `  ${short(detail)}`) : ''}\n` : `kubegrade: start ${step}${detail ? `: ${short(detail)}` : ''}\n`);
    },
    end(step, ok, detail) {
      const t = started.has(step) ? fmtMs(Date.now() - started.get(step)!) : '';
      if (tty) {
        const mark = ok === 'skip' ? paint('dim', '-') : ok ? paint('green', '✓') : paint('red', '✗');
        write(`${mark} ${step} ${paint('dim', t)}${detail ? `  ${ok === true ? paint('dim', short(detail)) : short(detail)}` : ''}\n`);
      } else write(`kubegrade: ${ok === 'skip' ? 'skip' : ok ? 'ok' : 'FAIL'} ${step} (${t})${detail ? `: ${short(detail)}` : ''}\n`);
    },
    note(line) {
      write(tty ? `  ${paint('dim', short(line))}\n` : `kubegrade: ${short(line)}\n`);
    },
    total(ms) {
      write(tty ? `${paint('bold', 'live pass')} ${fmtMs(ms)}\n` : `kubegrade: live pass took ${fmtMs(ms)}\n`);
    },
  };
}
