/** Reporters render; they never decide. Their formats, on a fixed report. */
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../src/index.js';
import { renderAll } from '../src/reporters/index.js';
import type { Report } from '../src/types.js';

const report: Report = {
  username: 'jdoe',
  env: 'test',
  score: 1,
  maxScore: 3,
  dir: 'hw6',
  rubric: { name: 'r' },
  usernameInfo: { value: 'jdoe', source: 'option' },
  roles: [],
  files: ['a.yml'],
  ignored: [],
  checks: [
    { id: 'x.one', title: 'One', status: 'pass', points: 1, maxPoints: 1, message: 'fine' },
    {
      id: 'x.two',
      title: 'Two',
      status: 'fail',
      points: 0,
      maxPoints: 2,
      message: 'bad: 50%, a,b | c',
      location: { file: 'a.yml', line: 3, column: 5 },
      hint: 'line one\nline two',
      findings: [
        { message: 'bad: 50%, a,b | c', location: { file: 'a.yml', line: 3, column: 5 } },
        { message: 'also bad', location: { file: 'a.yml', line: 9, column: 1 }, hint: 'other' },
      ],
    },
    { id: 'live.x', title: 'Live', status: 'skip', points: 0, maxPoints: 2, message: 'not run' },
  ],
};

describe('reporters', () => {
  it('github: one annotation per finding, escaped as workflow commands require, the check id as title', () => {
    const out = renderAll(REPORTERS.get('github')!, [report], { color: false }).split('\n');
    expect(out[0]).toBe('::error file=hw6/a.yml,line=3,col=5,title=x.two::bad: 50%25, a,b | c%0Ahint: line one%0Aline two%0A−2 points (0/2)');
    expect(out[1]).toBe('::error file=hw6/a.yml,line=9,col=1,title=x.two::also bad%0Ahint: other%0A−2 points (0/2)');
    expect(out[2]).toBe('::notice title=kubegrade (jdoe)::score 1/3');
  });

  it('github: within GitHub\'s caps, the costliest first, one per cause and line, then a notice counting the rest', () => {
    const cheap = (id: string, n: number, line = (i: number) => i + 1) => ({
      id, title: id, status: 'fail' as const, points: 0, maxPoints: 1, message: `${id} 0`,
      findings: Array.from({ length: n }, (_, i) => ({ message: `${id} ${i}`, location: { file: 'b.yml', line: line(i), column: 1 } })),
    });
    const many: Report = {
      ...report,
      checks: [
        cheap('a.one', 30),
        { ...cheap('b.same-line', 5, () => 7), message: 'same' }, // five findings of one cause on one line
        { ...cheap('c.two', 3), maxPoints: 2 },
        { ...cheap('d.free', 12), maxPoints: 0 }, // worth nothing: warnings
      ],
    };
    const lines = renderAll(REPORTERS.get('github')!, [many], { color: false }).trim().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    // c.two (2 points) leads; then one finding of each check before the second of any.
    expect(errors.map((l) => /title=([^:]+)::(\S+ \d+)/.exec(l)!.slice(1).join(' '))).toEqual([
      'c.two c.two 0', 'a.one a.one 0', 'b.same-line b.same-line 0', 'c.two c.two 1', 'a.one a.one 1', 'c.two c.two 2', 'a.one a.one 2', 'a.one a.one 3', 'a.one a.one 4', 'a.one a.one 5',
    ]);
    expect(errors[2]).toContain('(and 4 more on this line)');
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(10);
    // 30 + 1 + 3 errors, 12 warnings: 46 annotations, 20 shown.
    expect(lines.at(-1)).toMatch(/^::notice title=kubegrade::26 more findings not annotated here \(GitHub shows 10 per level\)/);
    const three = renderAll(REPORTERS.get('github')!, [many], { color: false, extra: { annotations: '3' } });
    expect(three.match(/^::error/gm)).toHaveLength(3);
    expect(three).toMatch(/::notice title=kubegrade::40 more findings/);
  });

  it('csv: a row per report under a max row, skipped checks left out, the folder name, RFC 4180 quoting', () => {
    const out = renderAll(REPORTERS.get('csv')!, [report, { ...report, dir: 'subs/my, "hw"/' }], { color: false });
    expect(out).toBe('submission,student,username,score,maxScore,note,x.one,x.two\nmax,,,3,3,,1,2\nhw6,,jdoe,1,3,,1,0\n"my, ""hw""",,jdoe,1,3,,1,0\n');
  });

  it('json: the report itself for one, an array for several', () => {
    expect(JSON.parse(renderAll(REPORTERS.get('json')!, [report], { color: false }))).toEqual(report);
    expect(JSON.parse(renderAll(REPORTERS.get('json')!, [report, report], { color: false }))).toHaveLength(2);
  });
  it('json: written in pieces, the bytes of JSON.stringify(…, null, 2) of the whole, for one, several and a batch', () => {
    // every shape a field can have: no checks, an empty field, a key that needs escaping, text beyond Latin-1, `actual` (left out)
    const odd: Report = { ...report, checks: [], roles: [], extra: undefined, 'we"ird': { a: [1, { b: [] }], s: 'port 6379 → 6379 😀' } } as unknown as Report;
    const withActual: Report = { ...report, checks: [{ ...report.checks[0]!, actual: 'x', message: 'a → b' }, report.checks[1]!, { ...report.checks[2]!, hint: undefined }] };
    const strip = (r: Report) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'actual' ? undefined : v))) as Report;
    const json = REPORTERS.get('json')!;
    for (const set of [[report], [odd], [withActual], [report, odd, withActual]]) {
      const want = set.length === 1 ? JSON.stringify(strip(set[0]!), null, 2) : JSON.stringify(set.map(strip), null, 2);
      expect(renderAll(json, set, { color: false })).toBe(want + '\n');
      const summary = { students: set.length, nested: { deep: ['x'] } };
      const batch = renderAll(json, set, { color: false, summary: () => summary as never });
      expect(batch).toBe(JSON.stringify({ reports: set.map(strip), summary }, null, 2) + '\n');
    }
    expect(renderAll(json, [], { color: false, summary: () => ({}) as never })).toBe(JSON.stringify({ reports: [], summary: {} }, null, 2) + '\n');
  });

  it('markdown: the score, each lost check with its findings, lines and hints, what passed', () => {
    const out = renderAll(REPORTERS.get('markdown')!, [report], { color: false });
    expect(out).toContain('**Score: 1/3** — 2 points to recover in 1 check.');
    expect(out).toContain('- **Two** `x.two` (0/2)\n  - `a.yml:3:5` bad: 50%, a,b \\| c\n    - fix: line one line two\n  - `a.yml:9:1` also bad\n    - fix: other\n');
    expect(out).toContain('### What passed (1)\n\n- One `x.one` (1/1)');
  });

  it('github-summary: the score and a row per finding that lost points, escaped for Markdown and HTML', () => {
    const out = renderAll(REPORTERS.get('github-summary')!, [report], { color: false });
    expect(out).toContain('### kubegrade: jdoe · 1/3');
    expect(out).toContain('| −2 (0/2) | `x.two` | <code>a.yml:3:5</code> | bad: 50%, a,b \\| c | line one line two |');
    expect(out).toContain('| −2 (0/2) | `x.two` | <code>a.yml:9:1</code> | also bad | other |');
    const hostile = { ...report, username: '<img src=x onerror=alert(1)>', checks: [{ ...report.checks[1]!, findings: undefined, message: '<script>x</script> **b** `c` [l](http://e)' }] };
    const md = renderAll(REPORTERS.get('github-summary')!, [hostile], { color: false });
    expect(md).not.toMatch(/<script|<img|\*\*b|\[l\]\(/);
  });

  it('github-summary: under its byte budget whatever the input, saying what it left out', () => {
    const huge: Report = { ...report, checks: [{ ...report.checks[1]!, findings: Array.from({ length: 20_000 }, (_, i) => ({ message: `${'x'.repeat(500)} ${i}`, location: { file: 'a.yml', line: i + 1, column: 1 } })) }] };
    const out = renderAll(REPORTERS.get('github-summary')!, [huge, huge], { color: false });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1_000_000);
    expect(out).toMatch(/… and \d+ more findings not shown here/);
    expect(out).toMatch(/… and 1 more submission not shown here/);
    const small = renderAll(REPORTERS.get('github-summary')!, [huge], { color: false, extra: { maxBytes: '20000' } });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000);
  });

  it('text: findings under their file with line:column, then the score', () => {
    const out = renderAll(REPORTERS.get('text')!, [report], { color: false });
    // a check's points once, on its first row; a hint's own line break keeps the indent
    expect(out).toContain('✗ a.yml\n  3:5     bad: 50%, a,b | c  x.two -2\n          → line one\n            line two\n  9:1     also bad  x.two\n          → other\n');
    expect(out).toContain('score 1/3 · 2 points lost in 1 check · 1 passed, 1 live checks not run (add --live)');
  });

  it('text: the summary says which checks did not run, and how to run them', () => {
    const summary = (score: number, maxScore: number, checks: Report['checks']) => renderAll(REPORTERS.get('text')!, [{ ...report, score, maxScore, checks }], { color: false }).trim().split('\n').pop();
    const [one, two, live] = report.checks as [Report['checks'][0], Report['checks'][0], Report['checks'][0]];
    const livePass = { ...live, status: 'pass' as const, points: 2 };
    // kubegrade live: the static checks are the ones not run
    expect(summary(2, 2, [{ ...one, status: 'skip' }, { ...two, status: 'skip' }, livePass])).toBe('score 2/2 · full marks · 1 passed, 2 static checks not run (kubegrade check --live runs both)');
    // a live run with --no-disrupt: a live check skipped, but not for want of --live
    expect(summary(3, 3, [one, { ...livePass, id: 'live.y' }, live])).toBe('score 3/3 · full marks · 2 passed, 1 live skipped');
    // several checks lost: the plural follows the count
    expect(summary(0, 4, [{ ...one, status: 'fail', points: 0 }, two, live])).toBe('score 0/4 · 4 points lost in 2 checks · 0 passed, 1 live checks not run (add --live)');
  });
});
