/**
 * Syntax errors in a student's words, one finding per cause, at the line
 * and column of the mistake (a RuleTester-style table: input, then the
 * findings expected).
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/parse/index.js';

const cases: [name: string, text: string, expected: { message: string | RegExp; line: number; column: number; hint?: string | RegExp }[]][] = [
  ['a tab indents a key', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n', [{ message: 'line 4 is indented with a tab; YAML indents with spaces only', line: 4, column: 1, hint: /replace the tab with spaces/ }]],
  ['a tab after spaces', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels:\n  \tapp: y\n', [{ message: 'line 6 is indented with a tab; YAML indents with spaces only', line: 6, column: 3 }]],
  // three parser errors on one line, one cause: "Nested mappings are not allowed in compact mappings" is not repeated
  ['two tabs under a key', 'spec:\n  selector:\n\t\tapp: y\n  ports:\n  - port: 1\n', [{ message: 'line 3 is indented with a tab; YAML indents with spaces only', line: 3, column: 1 }]],
  ['a key without its colon', 'apiVersion: v1\nkind Service\nmetadata:\n  name: x\n', [{ message: '`kind Service` has no colon: YAML reads it as a key that goes on to the next line', line: 2, column: 1, hint: 'write `kind: Service`' }]],
  ['a parent key without its colon', 'apiVersion: v1\nkind: Service\nmetadata\n  name: x\n', [{ message: '`metadata` has no colon', line: 3, column: 1, hint: 'write `metadata:`' }]],
  ['no space after a colon', 'spec:\n  replicas:2\n  x: 1\n', [{ message: '`replicas:2` has no space after its colon, so YAML reads it as one word', line: 2, column: 3, hint: 'write `replicas: 2`' }]],
  ['a block indented too far', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n    labels:\n      app: y\n', [{ message: 'line 5 `labels:` is indented deeper than `name: x`, which already has a value', line: 5, column: 5, hint: 'indent `labels:` by 2 spaces, like the line above, if it belongs beside it' }]],
  ['a list item key one column off', 'spec:\n  ports:\n  - port: 1\n   targetPort: 2\n', [{ message: '`targetPort: 2` is not lined up with the line above: it starts at column 4, the item\'s other keys at column 5', line: 4, column: 4, hint: 'indent it by 4 spaces' }]],
  ['an unclosed quote', 'metadata:\n  name: "x\nspec: {}\n', [{ message: 'a quote is opened and never closed', line: 4, column: 1 }]],
];

describe('yaml.parse findings teach', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const r = parseFile({ path: 'a.yml', text });
    expect(r.findings.map((f) => ({ message: f.message, line: f.location!.line, column: f.location!.column, hint: f.hint }))).toEqual(
      expected.map((e) => ({ hint: expect.anything(), ...e, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message), ...(e.hint instanceof RegExp ? { hint: expect.stringMatching(e.hint) } : {}) })),
    );
  });

  it('a file of thousands of errors gives a bounded list that says how many more', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `k${i} v${i}\n  x: 1`).join('\n');
    const r = parseFile({ path: 'a.yml', text });
    expect(r.findings.length).toBeLessThanOrEqual(20);
    expect(r.findings.at(-1)!.message).toMatch(/\(and \d+ more syntax errors in this file\)$/);
  });
});
