/**
 * Issue 17, items 3 and 4: objects as the cluster would hold them, and choices that never depend
 * on the file system or on which of two equal candidates comes first by path.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeStatic } from '../src/index.js';
import type { Report } from '../src/types.js';
import { GOOD } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kg-objects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** fixtures/good with `files` added or replaced (null: removed). */
function good(files: Record<string, string | null> = {}, base = root): string {
  const dir = join(base, `s${n++}`);
  cpSync(GOOD, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }
  return dir;
}
const read = (f: string) => readFileSync(join(GOOD, f), 'utf8');
const grade = (dir: string): Report => gradeStatic(dir, { username: 'jdoe' }).report;
const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;
const failing = (r: Report) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('deterministic choices (issue 17, item 4)', () => {
  it('a byte-identical backup copy of the PVC in a-copy.yml does not take the role from the file with the expected name', () => {
    const r = grade(good({ 'a-copy.yml': read('jdoe-test-redis-pvc.yml') }));
    expect(r.roles.find((a) => a.role === 'redis-pvc')!.file).toBe('jdoe-test-redis-pvc.yml');
    expect(check(r, 'files.redis-pvc').status).toBe('pass');
    // Nor one that kubectl applies after it (zz-backup.yml): the cluster holds the same object either way.
    const z = grade(good({ 'zz-backup.yml': read('jdoe-test-redis-pvc.yml') }));
    expect(z.roles.find((a) => a.role === 'redis-pvc')!.file).toBe('jdoe-test-redis-pvc.yml');
    expect(failing(z)).toEqual(['schema.other']);
    expect(check(z, 'schema.other').message).toBe('PersistentVolumeClaim jdoe-test-redis-pvc is a copy of the one in jdoe-test-redis-pvc.yml:2: the cluster holds one object, graded from there');
    expect(z.score).toBe(z.maxScore);
  });

  it('40,000 empty files beside a submission leave its grade as it is (the entry budget walks names in byte order, not readdir order)', () => {
    // tmpfs lists the newest first: the submission's files, made first, come last there.
    const base = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/kg-objects-') : root;
    try {
      const dir = good({}, base);
      for (let i = 0; i < 40_000; i++) writeFileSync(join(dir, `zz-${String(i).padStart(5, '0')}`), '');
      const r = grade(dir);
      expect(failing(r)).toEqual([]);
      expect(r.score).toBe(r.maxScore);
      expect(r.files).toHaveLength(5);
    } finally {
      if (base !== root) rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('linear and bounded (issue 17, item 5)', () => {
  const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: jdoe-test-flask-deployment\nspec:\n';
  const unknown = (n: number) => head + Array.from({ length: n }, (_, i) => `  f${i}: 1\n`).join('');

  it('22,000 unknown fields under spec: 50 findings listed, and the rest counted once ("and 21952 more"), by both parse paths', () => {
    for (const text of [unknown(22_000), unknown(22_000).replace('name: jdoe', 'name: &n jdoe')]) {
      const r = grade(good({ 'jdoe-test-flask-deployment.yml': text }));
      const c = check(r, 'schema.flask-deployment');
      expect(c.message).toMatch(/ \(and 22001 more\)$/);
      expect(c.findings).toHaveLength(51);
      expect(c.findings!.at(-1)!.message).toBe('(and 21952 more findings, not listed)');
      expect(c.findings![49]!.location).toEqual({ file: 'jdoe-test-flask-deployment.yml', line: 53, column: 3 });
    }
  }, 60_000);

  it('~1,350 sibling [[[…]]] 95 deep: past 50,000 lists a file is not read further, with a finding at the place', () => {
    const sibling = '['.repeat(95) + ']'.repeat(95);
    const r = grade(good({ 'deep.yml': `a: [${Array(1350).fill(sibling).join(',')}]\n` }));
    const c = check(r, 'yaml.parse');
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/^deep\.yml: document 1 is past 50,000 list items and \[ \] or \{ \} collections in this file; not read/);
    expect(c.location).toMatchObject({ file: 'deep.yml', line: 1 });
    // The rest of the submission is graded as it is.
    expect(failing(r)).toEqual(['yaml.parse']);
  });
});

describe('objects as the cluster would hold them (issue 17, item 3)', () => {
  const FILES = ['jdoe-test-redis-pvc.yml', 'jdoe-test-redis-deployment.yml', 'jdoe-test-redis-service.yml', 'jdoe-test-flask-deployment.yml', 'jdoe-test-flask-service.yml'];
  const removeAll = Object.fromEntries(FILES.map((f) => [f, null]));
  /** A document's text indented as a List item (`- ` then its lines). */
  const asItem = (text: string) => text.replace(/^---\n/, '').trimEnd().split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join('\n');

  it('a kind: List holding the five objects: each item is graded as an object, its findings at its node in the file', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${FILES.map((f) => asItem(read(f).replace('replicas: 2', 'replicas: 3'))).join('\n')}\n`;
    const r = grade(good({ ...removeAll, 'all.yml': list }));
    expect(r.roles.map((a) => a.file)).toEqual(Array(5).fill('all.yml'));
    // Only the file names (one object per file) and the replicas changed on purpose.
    expect(failing(r).sort()).toEqual(['files.flask-deployment', 'files.flask-service', 'files.redis-deployment', 'files.redis-pvc', 'files.redis-service', 'flask-deployment.replicas']);
    const line = list.split('\n').findIndex((l) => l.includes('replicas: 3')) + 1;
    expect(check(r, 'flask-deployment.replicas').location).toEqual({ file: 'all.yml', line, column: 17 });
  });

  it('a DeploymentList is its Deployments; kubegrade fix edits an item at its place in the List', () => {
    const list = `apiVersion: apps/v1\nkind: DeploymentList\nitems:\n${asItem(read('jdoe-test-redis-deployment.yml').replace('redis:5.0.0', 'redis:6'))}\n`;
    const r = grade(good({ 'jdoe-test-redis-deployment.yml': list }));
    expect(r.roles.find((a) => a.role === 'redis-deployment')!.file).toBe('jdoe-test-redis-deployment.yml');
    const c = check(r, 'redis-deployment.image');
    expect(c.status).toBe('fail');
    expect(c.fix!.edits[0]).toMatchObject({ kind: 'set', document: 0, path: ['items', 0, 'spec', 'template', 'spec', 'containers', 0, 'image'], value: 'redis:5.0.0' });
    expect(failing(r)).toEqual(['redis-deployment.image']);
  });

  it('two objects with the same kind, namespace and name: the one kubectl applies last is graded, and a finding names the other', () => {
    const nginx = read('jdoe-test-flask-deployment.yml').replace('replicas: 2', 'replicas: 1').replace(/image: .*/, 'image: nginx').replace(/\n\s+ports:\n\s+- containerPort: 5000/, '');
    // zz-flask.yml comes after jdoe-test-flask-deployment.yml: kubectl applies it last.
    const r = grade(good({ 'zz-flask.yml': nginx }));
    expect(r.roles.find((a) => a.role === 'flask-deployment')!.file).toBe('zz-flask.yml');
    expect(check(r, 'flask-deployment.replicas').status).toBe('fail');
    const other = check(r, 'schema.other');
    expect(other.status).toBe('fail');
    expect(other.maxPoints).toBe(0);
    expect(other.message).toBe('Deployment jdoe-test-flask-deployment is defined again in zz-flask.yml:2, which kubectl applies after this one: the cluster keeps only that one, so this one is not graded');
    expect(other.location).toEqual({ file: 'jdoe-test-flask-deployment.yml', line: 2, column: 1 });
    // A folder's files come where its name sorts (filepath.Walk): a/x.yml is applied before a.yml.
    const r2 = grade(good({ 'jdoe-test-flask-deployment.yml': null, 'a/x.yml': nginx, 'a.yml': read('jdoe-test-flask-deployment.yml') }));
    expect(r2.roles.find((a) => a.role === 'flask-deployment')!.file).toBe('a.yml');
    expect(check(r2, 'schema.other').location!.file).toBe('a/x.yml');
  });

  it('a Redis Service in another namespace than the rest: a finding, and it takes no role', () => {
    const r = grade(good({ 'jdoe-test-redis-service.yml': read('jdoe-test-redis-service.yml').replace('  name: jdoe-test-redis-service\n', '  name: jdoe-test-redis-service\n  namespace: other\n') }));
    expect(r.roles.find((a) => a.role === 'redis-service')!.file).toBeUndefined();
    expect(check(r, 'redis-service.name').status).toBe('fail');
    const other = check(r, 'schema.other');
    expect(other.message).toMatch(/^Service jdoe-test-redis-service is in namespace "other", the other objects in none \(the namespace kubectl applies to\)/);
    expect(other.location).toEqual({ file: 'jdoe-test-redis-service.yml', line: 6, column: 14 });
    expect(other.hint).toBe('remove the namespace: line, as the other objects have none');
  });

  it('image: REDIS:5.0.0 fails redis-deployment.image as the kubelet refuses it (InvalidImageName)', () => {
    const r = grade(good({ 'jdoe-test-redis-deployment.yml': read('jdoe-test-redis-deployment.yml').replace('redis:5.0.0', 'REDIS:5.0.0') }));
    const c = check(r, 'redis-deployment.image');
    expect(c.status).toBe('fail');
    expect(c.message).toBe('the container\'s image "REDIS:5.0.0" is not an image name the kubelet can read (a repository name must be lowercase): its pods would fail with InvalidImageName');
    expect(c.hint).toBe('set image: redis:5.0.0');
    expect(failing(r)).toEqual(['redis-deployment.image']);
  });

  it('/data mounted readOnly: true fails redis-deployment.data-volume', () => {
    const r = grade(good({ 'jdoe-test-redis-deployment.yml': read('jdoe-test-redis-deployment.yml').replace('mountPath: /data', 'mountPath: /data\n              readOnly: true') }));
    const c = check(r, 'redis-deployment.data-volume');
    expect(c.status).toBe('fail');
    expect(c.message).toBe('/data is mounted with readOnly: true: Redis cannot write its data there, so nothing is kept on the PVC');
    expect(c.location).toMatchObject({ file: 'jdoe-test-redis-deployment.yml', line: 32 });
    expect(failing(r)).toEqual(['redis-deployment.data-volume']);
  });

  it('a Service port with protocol UDP fails *.ports', () => {
    const r = grade(good({ 'jdoe-test-redis-service.yml': read('jdoe-test-redis-service.yml').replace('port: 6379', 'port: 6379\n      protocol: UDP') }));
    const c = check(r, 'redis-service.ports');
    expect(c.status).toBe('fail');
    expect(c.message).toBe('port 6379 has protocol: UDP, but Redis answers on TCP: no connection reaches it');
    expect(c.hint).toBe('remove the protocol line (TCP is the default), or write protocol: TCP');
    expect(failing(r)).toEqual(['redis-service.ports']);
  });
});
