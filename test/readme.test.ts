/**
 * The README shows what kubegrade really prints: its student example is the
 * output of `kubegrade check .` in examples/classic-mistakes at 100 columns,
 * byte for byte (a change to the report's layout changes the page too).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATIC_MAX } from './helpers/rubric.js';

const ROOT = new URL('..', import.meta.url).pathname;

describe('README', () => {
  it('its "A real run" block is the output of kubegrade check . in examples/classic-mistakes', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('A real run, on a submission with a few classic mistakes');
    expect(at).toBeGreaterThan(0);
    const start = readme.indexOf('```text\n', at) + '```text\n'.length;
    const shown = readme.slice(start, readme.indexOf('```\n', start));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), COLUMNS: '100', NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/kubegrade.js'), 'check', '.'], { cwd: join(ROOT, 'examples/classic-mistakes'), encoding: 'utf8', env });
    expect(r.status).toBe(1); // points lost
    expect(r.stderr).toBe('');
    expect(shown).toBe(r.stdout);
    expect(shown).toMatch(new RegExp(`^score ${STATIC_MAX - 10}/${STATIC_MAX} · 10 points lost in 9 checks`, 'm'));
  });
});
