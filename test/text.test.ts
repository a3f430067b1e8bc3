/**
 * util/text: the one edit distance every "did you mean" uses (checks, schema,
 * rubric, CLI), and the filling of a check's title and hint with the rubric's
 * parameters.
 */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, goTrimSpace, interpolate, lookAlikes, word } from '../src/util/text.js';
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
  // The whole table, as the definition reads: the reference the bounded, row-reusing one must agree with.
  const reference = (a: string, b: string): number => {
    const t = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        t[i]![j] = Math.min(t[i - 1]![j]! + 1, t[i]![j - 1]! + 1, t[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) t[i]![j] = Math.min(t[i]![j]!, t[i - 2]![j - 2]! + 1);
      }
    return t[a.length]![b.length]!;
  };
  it('with a bound: the exact distance up to it, bound + 1 above it (2,000 random pairs, long ones too)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: rand(rand(5) === 0 ? 90 : 12) }, () => 'abcab'[rand(5)]).join('');
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = rand(3) === 0 ? a.slice(0, rand(a.length + 1)) + 'b' + a.slice(rand(a.length + 1)) : word();
      const d = reference(a, b);
      expect(editDistance(a, b)).toBe(d);
      for (const max of [0, 1, 2, 3, 7]) expect(editDistance(a, b, max)).toBe(Math.min(d, max + 1));
    }
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
  it('didYouMean with its bounds is the plain rule: the closest (first of equals), if within a third of the longer word', () => {
    const plain = (typed: string, cands: string[]) => {
      let best: string | undefined;
      let bestD = Infinity;
      for (const c of cands) {
        if (c === typed) continue;
        const d = editDistance(typed.toLowerCase(), c.toLowerCase());
        if (d < bestD) [best, bestD] = [c, d];
      }
      return best !== undefined && bestD <= Math.max(1, Math.floor(Math.max(typed.length, best.length) / 3)) ? best : undefined;
    };
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: 1 + rand(14) }, () => 'aAbcd'[rand(5)]).join('');
    for (let k = 0; k < 3000; k++) {
      const typed = word();
      const cands = Array.from({ length: rand(8) }, () => (rand(2) ? typed.slice(0, rand(typed.length + 1)) + word().slice(0, rand(3)) : word()));
      expect(didYouMean(typed, cands)).toBe(plain(typed, cands));
    }
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

describe('lookAlikes and word: what a value holds that a message would hide', () => {
  it.each([
    ['Deployment', ''],
    ['apps/v1 ', ' (with a space at the end)'],
    ['  rdb', ' (with 2 spaces at the start)'],
    [' x\t', ' (with a space at the start; a tab at the end)'],
    ['1Gi\t\t', ' (with 2 tabs at the end)'],
    ['a b', ''], // a space inside a value: shown as it is
    ['a\tb', ' (with U+0009 (an invisible or control character))'], // a tab inside one is named
    [' ', ''], // nothing but blanks: nothing to point at
    ['D\u0435ployment', ' (with U+0435 CYRILLIC SMALL LETTER IE, not "e")'],
    ['redis:5.0.0\ufeff ', ' (with a space at the end; U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark))'],
  ])('%j → %j', (s, want) => {
    expect(lookAlikes(s)).toBe(want);
  });
  it('word: bare when plain, quoted with what it hides when not', () => {
    expect(word('apps/v1')).toBe('apps/v1');
    expect(word('apps/v1 ')).toBe('"apps/v1 " (with a space at the end)');
  });
});

describe('goTrimSpace: Go\'s strings.TrimSpace', () => {
  it.each([
    [' \t\n\v\f\rx\r\n', 'x'],
    ['\u0085\u00a0x\u3000\u2028', 'x'],
    ['\ufeffx\u200b', '\ufeffx\u200b'], // not spaces to Go (trim() takes U+FEFF)
    ['a b', 'a b'],
  ])('%j → %j', (s, want) => {
    expect(goTrimSpace(s)).toBe(want);
  });
});
