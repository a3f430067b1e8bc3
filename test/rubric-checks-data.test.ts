/**
 * Issue 19: a check of HW6 is data in its rubric (template, role, `with`, texts), so a rubric that
 * extends coe332-hw6 adds one with no code: written here into a temporary folder and graded.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeStatic, loadRubric, RubricError } from '../src/index.js';
import { DEFAULT_RUBRIC } from '../src/rubric/index.js';
import { GOOD } from './helpers/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'kg-rubric-data-'));
let n = 0;
function rubricFile(text: string): string {
  const f = join(tmp, `r${n++}.yml`);
  writeFileSync(f, text);
  return f;
}

/** A course rubric extending the shipped one with one more check of an existing template (labels). */
const EXTENDED = `name: coe332-hw6-app-labels
extends: coe332-hw6
checks:
  - id: flask-deployment.app-label
    points: 2
    template: labels
    role: flask-deployment
    needsUsername: true
    with: { labels: { app: "{{username}}-{{env}}-flask" }, scope: pod-template, service: flask-service }
    title: "The Flask pods carry app: <username>-<env>-flask"
    description: "The Flask pod template carries app: {{username}}-{{env}}-flask."
    hint: "add app: {{username}}-{{env}}-flask under spec.template.metadata.labels"
`;

describe('a rubric extending coe332-hw6 with a check of an existing template', () => {
  it('grades a submission with the extra check after the shipped ones, the shipped checks as they were', () => {
    const shipped = gradeStatic(GOOD).report;
    const { report } = gradeStatic(GOOD, { rubric: rubricFile(EXTENDED) });
    expect(report.checks.map((c) => c.id)).toEqual([...shipped.checks.map((c) => c.id), 'flask-deployment.app-label']);
    expect(report.checks.slice(0, -1)).toEqual(shipped.checks);
    const extra = report.checks.at(-1)!;
    expect(extra).toMatchObject({ id: 'flask-deployment.app-label', status: 'pass', points: 2, maxPoints: 2 });
    expect(extra.title).toBe('The Flask pods carry app: <username>-<env>-flask');
    expect(report.maxScore).toBe(shipped.maxScore + 2);
    expect(report.score).toBe(shipped.score + 2);
  });

  it('fails it where the label is not there, with the template\'s message and fix hint', () => {
    const dir = mkdtempSync(join(tmp, 'sub-'));
    for (const f of ['jdoe-test-flask-deployment.yml', 'jdoe-test-flask-service.yml', 'jdoe-test-redis-deployment.yml', 'jdoe-test-redis-pvc.yml', 'jdoe-test-redis-service.yml']) {
      writeFileSync(join(dir, f), readFileSync(join(GOOD, f), 'utf8'));
    }
    const text = readFileSync(join(dir, 'jdoe-test-flask-deployment.yml'), 'utf8');
    writeFileSync(join(dir, 'jdoe-test-flask-deployment.yml'), text.replace('app: jdoe-test-flask', 'app: jdoe-test-api'));
    const { report } = gradeStatic(dir, { rubric: rubricFile(EXTENDED.replace('{{username}}-{{env}}-flask" }', 'web" }')) });
    const extra = report.checks.find((c) => c.id === 'flask-deployment.app-label')!;
    expect(extra.status).toBe('fail');
    expect(extra.message).toContain('app');
    expect(extra.hint).toBe('set app: web');
  });

  it('replaces a shipped check of the same id (here: its points and wanted value)', () => {
    const r = loadRubric(rubricFile(`name: x\nextends: coe332-hw6\nchecks:\n  - { id: redis-pvc.storage-class, points: 3, template: storage-class, role: redis-pvc, with: { want: nfs }, title: "The PVC uses nfs", hint: "set storageClassName: nfs" }\n`));
    const shipped = loadRubric();
    expect(r.checks.map((c) => c.id)).toEqual(shipped.checks.map((c) => c.id));
    const { report } = gradeStatic(GOOD, { rubric: r.file });
    expect(report.checks.find((c) => c.id === 'redis-pvc.storage-class')).toMatchObject({ status: 'fail', maxPoints: 3, hint: expect.stringMatching(/^set storageClassName: nfs /) });
  });

  it('validates the template\'s parameters when the rubric is loaded: file, line and what is wrong', () => {
    const bad = rubricFile(EXTENDED.replace('scope: pod-template', 'scope: pods'));
    expect(() => loadRubric(bad)).toThrow(RubricError);
    expect(() => loadRubric(bad)).toThrow(new RegExp(`^${bad}: check "flask-deployment.app-label": with\\.scope .*\\(template labels\\)`));
    const typo = rubricFile(EXTENDED.replace('template: labels', 'template: label'));
    expect(() => loadRubric(typo)).toThrow(/unknown template "label"; did you mean "labels"\?/);
    const noRole = rubricFile(EXTENDED.replace('    role: flask-deployment\n', ''));
    expect(() => loadRubric(noRole)).toThrow(new RegExp(`^${noRole}:4:5: check "flask-deployment.app-label": template labels reads a role's object: give the check a role$`));
  });

  it('checks added to a variant of a data rubric are in the data form, their errors in the variant\'s file', () => {
    const f = rubricFile('name: final-x\nextends: coe332-final-sp24\nchecks:\n  - { id: prod.extra, points: 1 }\n');
    expect(() => loadRubric(f)).toThrow(new RegExp(`^${f}:4:5: checks\\[0\\] is missing "template"$`));
  });

  it('in the shipped rubric itself (the build validates its parameters): the same error from a copy', () => {
    const text = readFileSync(DEFAULT_RUBRIC, 'utf8').replace('with: { want: "{{storageClassName}}" }', 'with: { wanted: "{{storageClassName}}" }');
    const f = rubricFile(text);
    expect(() => loadRubric(f)).toThrow(/^.*r\d+\.yml:\d+:\d+: check "redis-pvc.storage-class": with is missing "want" \(template storage-class\)$/);
  });
});
