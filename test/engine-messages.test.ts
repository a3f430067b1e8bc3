/**
 * Issue 19, item 6: a data rubric's messages are built only for findings. A template's messages
 * are read through a counter while real submissions are graded: a passing check reads its `ok`
 * message (the report's pass line) and no other; a failing one reads the messages of its findings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/grade.js';
import { TEMPLATES } from '../src/engine/templates/index.js';
import type { Template } from '../src/engine/types.js';

const fixtures = new URL('../fixtures/coe332-final-sp24/', import.meta.url).pathname;
const originals = new Map<Template, Template['messages']>();

/** Every template's messages, counted by id as they are read. */
function countReads(): Map<string, number> {
  const reads = new Map<string, number>();
  for (const t of TEMPLATES.values()) {
    originals.set(t, t.messages);
    t.messages = new Proxy(t.messages, {
      get(target, id, receiver) {
        if (typeof id === 'string' && id in target) reads.set(`${t.key}.${id}`, (reads.get(`${t.key}.${id}`) ?? 0) + 1);
        return Reflect.get(target, id, receiver) as unknown;
      },
    });
  }
  return reads;
}
afterEach(() => {
  for (const [t, m] of originals) t.messages = m;
  originals.clear();
});

describe('data rubric messages', () => {
  it('a submission with full marks reads no message but the passes\' ok', () => {
    const reads = countReads();
    const r = gradeStatic(`${fixtures}good`, { rubric: 'coe332-final-sp24' }).report;
    expect(r.score).toBe(r.maxScore);
    expect(reads.size).toBeGreaterThan(0);
    expect([...reads.keys()].filter((k) => !k.endsWith('.ok'))).toEqual([]);
  });

  it('a failing check reads the messages of its findings, and those of passing checks stay unread', () => {
    const reads = countReads();
    const r = gradeStatic(`${fixtures}ingress-wrong`, { rubric: 'coe332-final-sp24' }).report;
    const failed = r.checks.filter((c) => c.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    const findingMessages = [...reads.keys()].filter((k) => !k.endsWith('.ok'));
    expect(findingMessages.length).toBeGreaterThan(0);
    // Each message read for a finding shows in the report: read only because it was reported.
    for (const k of findingMessages) expect(reads.get(k)).toBeLessThanOrEqual(failed.reduce((n, c) => n + Math.max(1, c.findings?.length ?? 0), 0));
  });
});
