/**
 * The k8s layer (src/k8s/): each Kubernetes rule written once, and the stages that read it agree.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { courseName, labelValue, targetPortNumber, selects, templatePathOfKind, templatePathOrDeployment, unmetLabel, unmetRequirement, usernameOfFileName } from '../src/k8s/index.js';
import type { KObject } from '../src/parse/index.js';
import { checkObject } from '../src/schema/index.js';
import { parseFile } from '../src/parse/index.js';

const deployment = (matchLabels: string, templateLabels: string) =>
  parse(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector:
    matchLabels: ${matchLabels}
  template:
    metadata:
      labels: ${templateLabels}
    spec:
      containers: [{name: c, image: redis:7}]
`) as Record<string, unknown>;

describe('labels: one equality rule', () => {
  it('compares label values as strings', () => {
    expect(labelValue(1)).toBe('1');
    expect(selects({ tier: 1 }, { tier: '1' })).toBe(true);
    expect(unmetLabel({ app: 'a', tier: 1 }, { app: 'a', tier: '2' })).toEqual(['tier', '1']);
    expect(unmetRequirement({ matchExpressions: [{ key: 'tier', operator: 'In', values: [1, 2] }] }, { tier: '1' })).toBeUndefined();
    expect(unmetRequirement({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [1] }] }, { tier: '1' })).toEqual({ expression: { key: 'tier', operator: 'NotIn', values: [1] } });
  });

  it('schema: matchLabels {tier: 1} against a template label tier: "1" is a type error on the value, not a selector mismatch', () => {
    const messages = checkObject(deployment('{tier: 1}', '{tier: "1"}')).issues.map((i) => i.message);
    expect(messages.some((m) => /does not match template labels/.test(m))).toBe(false);
    expect(messages.length).toBeGreaterThan(0);
    // The same selector with strings is valid: the only fault was the type.
    expect(checkObject(deployment('{tier: "1"}', '{tier: "1"}')).issues).toEqual([]);
  });

  it('schema: a real mismatch is still one, in matchLabels and in matchExpressions', () => {
    expect(checkObject(deployment('{tier: "2"}', '{tier: "1"}')).issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/does not match template labels: the template has tier: 1, the selector wants tier: 2/));
  });
});

describe('pod templates per kind, and names', () => {
  it('knows where each kind keeps its pod template', () => {
    expect(templatePathOfKind('Deployment')).toEqual(['spec', 'template']);
    expect(templatePathOfKind('cronjob')).toEqual(['spec', 'jobTemplate', 'spec', 'template']);
    expect(templatePathOfKind('Pod')).toEqual([]);
    expect(templatePathOfKind('Service')).toBeUndefined();
    expect(templatePathOrDeployment({ kind: 'Service' } as KObject)).toEqual(['spec', 'template']);
  });

  it('the course naming scheme, both ways', () => {
    expect(courseName('jdoe', 'test', 'redis', 'pvc')).toBe('jdoe-test-redis-pvc');
    expect(courseName('jdoe', 'test', 'flask')).toBe('jdoe-test-flask');
    expect(usernameOfFileName('k8s/jdoe-test-redis-pvc.yml', 'test')).toBe('jdoe');
    expect(usernameOfFileName('test-redis-pvc.yml', 'test')).toBeUndefined();
  });
});

describe('ports', () => {
  it('a targetPort reaches a number, or the container port of that name', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          ports: [{name: web, containerPort: 5000}]\n';
    const [obj] = parseFile({ path: 'd.yml', text }).objects;
    expect(targetPortNumber(5000, obj)).toBe(5000);
    expect(targetPortNumber('5000', undefined)).toBe(5000);
    expect(targetPortNumber('web', obj)).toBe(5000);
    expect(targetPortNumber('api', obj)).toBeUndefined();
  });
});
