/**
 * The fix engine on text: each kind of edit changes what it names and not one other byte
 * (comments, quoting, key order, blank lines), and refuses what it cannot do unambiguously.
 */
import { describe, expect, it } from 'vitest';
import { applyToText, detab } from '../src/fix/apply.js';
import type { FixEdit } from '../src/types.js';

const f = 'x.yml';
const set = (path: (string | number)[], value: unknown, document = 0): FixEdit => ({ kind: 'set', file: f, document, path, value });

const PVC = `# my PVC
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: "jdoe-data"   # the name
spec:
  accessModes:
    - readWriteOnce
  storageClassName: rbd # our class
  resources:
    requests:
      storage: 1G
`;

describe('set', () => {
  it('rewrites scalars in place, keeping quotes and the comments after them', () => {
    const r = applyToText(PVC, [set(['spec', 'storageClassName'], 'rdb'), set(['metadata', 'name'], 'jdoe-test-redis-pvc'), set(['spec', 'accessModes', 0], 'ReadWriteOnce'), set(['spec', 'resources', 'requests', 'storage'], '1Gi')]);
    expect(r.skipped).toEqual([]);
    expect(r.text).toBe(PVC.replace('rbd #', 'rdb #').replace('"jdoe-data"', '"jdoe-test-redis-pvc"').replace('- readWriteOnce', '- ReadWriteOnce').replace('1G\n', '1Gi\n'));
  });

  it('inserts an absent field at its siblings\' indentation, with the parents it lacks', () => {
    const r = applyToText(PVC, [set(['metadata', 'labels', 'username'], 'jdoe'), set(['metadata', 'labels', 'env'], 'test')]);
    expect(r.skipped).toEqual([]);
    expect(r.text).toBe(PVC.replace('# the name\n', '# the name\n  labels:\n    username: jdoe\n    env: test\n'));
  });

  it('puts a scalar field before the blocks of its map, above their comments', () => {
    const dep = 'kind: Deployment\nspec:\n  # pods\n  selector:\n    matchLabels: {app: a}\n  template: {}\n';
    const r = applyToText(dep, [set(['spec', 'replicas'], 2)]);
    expect(r.text).toBe('kind: Deployment\nspec:\n  replicas: 2\n  # pods\n  selector:\n    matchLabels: {app: a}\n  template: {}\n');
  });

  it('follows the file\'s own indentation step (8 spaces here) and fills an empty map key', () => {
    const svc = 'kind: Service\nmetadata:\n        name: s\n        labels:\nspec:\n        type: ClusterIP\n';
    const r = applyToText(svc, [set(['metadata', 'labels', 'username'], 'jdoe')]);
    expect(r.skipped).toEqual([]);
    expect(r.text).toBe('kind: Service\nmetadata:\n        name: s\n        labels:\n                username: jdoe\nspec:\n        type: ClusterIP\n');
  });

  it('adds to a flow map, and quotes a string that would read as a number', () => {
    const r = applyToText('kind: Service\nspec:\n  selector: {app: a}\n', [set(['spec', 'selector', 'username'], '1234')]);
    expect(r.text).toBe('kind: Service\nspec:\n  selector: {app: a, username: "1234"}\n');
  });

  it('writes a list of maps in block style under a sequence item', () => {
    const dep = 'spec:\n  containers:\n    - name: web\n      image: me/app\n';
    const r = applyToText(dep, [set(['spec', 'containers', 0, 'ports'], [{ containerPort: 5000 }])]);
    expect(r.skipped).toEqual([]);
    expect(r.text).toBe('spec:\n  containers:\n    - name: web\n      image: me/app\n      ports:\n        - containerPort: 5000\n');
  });

  it('edits the document it names, not the others', () => {
    const two = 'a: 1\n---\na: 1\n';
    expect(applyToText(two, [set(['a'], 2, 1)]).text).toBe('a: 1\n---\na: 2\n');
  });

  it('counts documents as kubectl splits the file: comment or blank lines before a first --- are a document of their own', () => {
    // The grade numbers objects this way (KObject.document): the PVC after `# my PVC\n---\n` is document 2 (index 1).
    for (const head of ['# my PVC\n---\n', '\n---\n', '# a\n\n# b\n--- # start\n']) {
      const text = head + PVC.replace('# my PVC\n', '');
      const r = applyToText(text, [set(['spec', 'storageClassName'], 'rdb', 1)]);
      expect(r.skipped).toEqual([]);
      expect(r.text).toBe(text.replace('rbd #', 'rdb #'));
    }
    // A --- first in the file starts document 1, as before; an empty document between counts.
    const three = '---\na: 1\n---\n# nothing\n---\na: 1\n';
    expect(applyToText(three, [set(['a'], 2, 2)]).text).toBe('---\na: 1\n---\n# nothing\n---\na: 2\n');
    expect(applyToText(three, [set(['a'], 2, 0)]).text).toBe('---\na: 2\n---\n# nothing\n---\na: 1\n');
    expect(applyToText('# only\n---\na: 1\n', [set(['a'], 2, 0)]).skipped[0]?.reason).toBe('x.yml has no document 1');
  });

  it('is a no-op when the value is already so', () => {
    const r = applyToText(PVC, [set(['spec', 'storageClassName'], 'rbd')]);
    expect(r.text).toBe(PVC);
    expect(r.applied.length).toBe(1);
  });
});

describe('rename-key', () => {
  it('renames the key and keeps its value and comments', () => {
    const t = 'metadata:\n  lables:   # typo\n    app: a\n';
    const r = applyToText(t, [{ kind: 'rename-key', file: f, path: ['metadata', 'lables'], to: 'labels' }]);
    expect(r.text).toBe('metadata:\n  labels:   # typo\n    app: a\n');
  });
  it('refuses to make a duplicate key, and is a no-op once done', () => {
    const t = 'metadata:\n  lables: {}\n  labels: {}\n';
    expect(applyToText(t, [{ kind: 'rename-key', file: f, path: ['metadata', 'lables'], to: 'labels' }]).skipped.length).toBe(1);
    const done = 'metadata:\n  labels: {}\n';
    expect(applyToText(done, [{ kind: 'rename-key', file: f, path: ['metadata', 'lables'], to: 'labels' }]).text).toBe(done);
  });
});

describe('reindent', () => {
  const svc = 'spec:\n        type: ClusterIP\n        selector:\n                app: r\n                ports:\n                        - port: 6379\n                          targetPort: 6379\n# end\n';
  it('moves the last field of a map, with its block, to line up with the map above', () => {
    const r = applyToText(svc, [{ kind: 'reindent', file: f, path: ['spec', 'selector', 'ports'], under: ['spec'] }]);
    expect(r.skipped).toEqual([]);
    expect(r.text).toBe('spec:\n        type: ClusterIP\n        selector:\n                app: r\n        ports:\n                - port: 6379\n                  targetPort: 6379\n# end\n');
  });
  it('refuses when other fields follow it (which of them move is not clear)', () => {
    const t = 'spec:\n  selector:\n    ports: []\n    app: r\n';
    expect(applyToText(t, [{ kind: 'reindent', file: f, path: ['spec', 'selector', 'ports'], under: ['spec'] }]).skipped.length).toBe(1);
  });
  it('shifts lines by columns', () => {
    expect(applyToText('a:\n  b: 1\n   c: 2\n', [{ kind: 'reindent', file: f, line: 3, endLine: 3, by: -1 }]).text).toBe('a:\n  b: 1\n  c: 2\n');
  });
});

describe('detab', () => {
  it('expands tabs in the indentation to multiples of 8, and leaves tabs inside lines', () => {
    expect(detab('a:\n\tb: 1\n  \t c:\td\n')).toBe('a:\n        b: 1\n         c:\td\n');
  });
});
