/**
 * util/text: the one edit distance every "did you mean" uses (checks, schema,
 * rubric, CLI), and the filling of a check's title and hint with the rubric's
 * parameters.
 */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, interpolate } from '../src/util/text.js';
import { closest } from '../src/schema/words.js';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['labels', 'labels', 0],
    ['lables', 'labels', 1], // a transposition costs 1
    ['rbd', 'rdb', 1],
    ['ReadWriteOnce', 'readWriteOnce', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // optimal string alignment, not full Damerau (which gives 2)
    ['containerPort', 'containerport', 1],
    ['rеdis', 'redis', 1], // a Cyrillic е is another character
    ['selector', 'selecter', 1],
  ])('%j → %j: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('did you mean', () => {
  it('didYouMean: the closest within a third of the length, the exact one never', () => {
    expect(didYouMean('lables', ['name', 'labels', 'annotations'])).toBe('labels');
    expect(didYouMean('containerport', ['image', 'containerPort', 'name'])).toBe('containerPort');
    expect(didYouMean('labels', ['labels'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['labels', 'name'])).toBeUndefined();
    // a much shorter or longer candidate is skipped, and does not hide a close one after it
    expect(didYouMean('storageClasName', ['s', 'storageClassNameAndMore', 'storageClassName'])).toBe('storageClassName');
  });
  it('closest: case first, then by distance with its limits (1, 2 from 5 letters, 3 from 10)', () => {
    expect(closest('deployment', ['Service', 'Deployment'])).toBe('Deployment');
    expect(closest('Deploymnet', ['Service', 'Deployment'])).toBe('Deployment');
    expect(closest('abc', ['abd', 'xyz'])).toBe('abd');
    expect(closest('abc', ['aXY'])).toBeUndefined();
  });
});

describe('interpolate', () => {
  const params = { env: 'test', accessModes: ['ReadWriteOnce'], redisPort: 6379, flag: true, nothing: null };
  it.each([
    ['no template at all', 'no template at all'],
    ['The Redis PVC is in {{username}}-{{env}}-redis-pvc.yml', 'The Redis PVC is in {{username}}-test-redis-pvc.yml'],
    ['{{ env }} and {{env}}', 'test and test'],
    ['modes {{accessModes}} on {{redisPort}}, {{flag}}', 'modes [ReadWriteOnce] on 6379, true'],
    ['{{nothing}} {{hasOwnProperty}} {{constructor}} {{__proto__}}', '{{nothing}} {{hasOwnProperty}} {{constructor}} {{__proto__}}'],
    ['{{env', '{{env'],
    ['{{env}}{{env}}', 'testtest'],
  ])('%j', (text, want) => {
    expect(interpolate(text, params)).toBe(want);
    expect(interpolate(text, params)).toBe(want); // the cut template, the second time
  });
  it('fills each student\'s values into the same template', () => {
    expect(interpolate('{{username}}-{{env}}', { username: 'alice', env: 'test' })).toBe('alice-test');
    expect(interpolate('{{username}}-{{env}}', { username: 'bob', env: 'prod' })).toBe('bob-prod');
  });
});
