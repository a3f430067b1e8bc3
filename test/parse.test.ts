/** The parse stage: positions on every node, YAML 1.1 scalars, duplicate keys, documents. */
import { describe, expect, it, vi } from 'vitest';
import { parseFile } from '../src/parse/index.js';
import { collectGarbage } from '../src/util/memory.js';

const parse = (text: string, path = 'a.yml') => parseFile({ path, text });

describe('parseFile', () => {
  it('leaves process.env as it was: the same object, before and after a parse (even a failing one)', () => {
    const env = process.env;
    parse('apiVersion: v1\nkind: ConfigMap\n');
    parse('kind: [\n');
    expect(process.env).toBe(env);
    expect(Object.getOwnPropertyDescriptor(process, 'env')).toMatchObject({ value: env, writable: true, enumerable: true, configurable: true });
  });

  it('prints nothing: a collection used as a key is a finding (the API server rejects it), no process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const { objects, findings } = parse('apiVersion: v1\nkind: ConfigMap\ndata:\n  ? [a, b]\n  : c\n');
      expect(objects).toEqual([]);
      expect(findings).toMatchObject([{ message: 'document 1 cannot be read: a map or a list is used as a key, which the API server rejects', location: { file: 'a.yml', line: 4, column: 5 } }]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reads scalars as the API server does (YAML 1.1): yes/on are booleans, 010 is octal', () => {
    const { objects } = parse('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: yes\n  b: on\n  c: "yes"\n  d: 010\n');
    expect(objects[0]!.value.data).toEqual({ a: true, b: true, c: 'yes', d: 8 });
  });

  it('gives 1-based line and column of values, keys, and the nearest ancestor of a missing field', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n      targetPort: http\n';
    const o = parse(text).objects[0]!;
    expect(o.at(['metadata', 'name'])).toEqual({ file: 'a.yml', line: 4, column: 9 });
    expect(o.keyAt(['metadata', 'name'])).toEqual({ file: 'a.yml', line: 4, column: 3 });
    expect(o.at(['spec', 'ports', 0, 'targetPort'])).toEqual({ file: 'a.yml', line: 8, column: 19 });
    expect(o.at(['spec', 'selector', 'app'])).toEqual({ file: 'a.yml', line: 5, column: 1 }); // missing: the `spec:` key
    expect(o.has(['spec', 'ports', 0, 'port'])).toBe(true);
    expect(o.has(['spec', 'ports', 1])).toBe(false);
  });

  it('reads the documents as kubectl does: a broken one contributes nothing, nor do the ones after it (kubectl stops there)', () => {
    const r = parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\nkind: [\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: three}\n');
    expect(r.objects.map((o) => [o.document, o.kind, o.name])).toEqual([[0, 'ConfigMap', 'one']]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.location).toEqual({ file: 'a.yml', line: 6, column: 1 });
    expect(r.findings[0]!.message).toMatch(/kubectl refuses the file \("did not find expected node content"\)/);
  });

  it('a duplicate key is a finding at the second key, and the last value counts', () => {
    const r = parse('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  replicas: 2\n');
    expect(r.findings).toEqual([
      { message: 'duplicate key "replicas": the API server rejects it (here the last value counts)', location: { file: 'a.yml', line: 5, column: 3 }, hint: 'keep one "replicas:" and delete the other' },
    ]);
    expect(r.objects[0]!.value.spec).toEqual({ replicas: 2 });
    expect(r.objects[0]!.at(['spec', 'replicas'])).toEqual({ file: 'a.yml', line: 5, column: 13 });
  });

  it('a tab used for indentation is a finding with a hint; a tab inside a line is fine', () => {
    const bad = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n');
    expect(bad.findings[0]).toMatchObject({ location: { file: 'a.yml', line: 4, column: 1 } });
    const ok = parse('apiVersion: v1\nkind:\tConfigMap\nmetadata:\n  name:\tx\n');
    expect(ok.findings).toEqual([]);
    expect(ok.objects[0]!.name).toBe('x');
  });

  it('documents with neither apiVersion nor kind are ignored, with where and why', () => {
    const r = parse('version: "3"\nservices:\n  web: {image: flask}\n', 'docker-compose.yaml');
    expect(r.objects).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.ignored).toEqual([{ file: 'docker-compose.yaml', document: 0, line: 1, reason: 'has neither apiVersion nor kind: not a Kubernetes object' }]);
  });

  it('keeps no `yaml` document alive through the objects it returns (a closure of its loop held them: 31 MB a file)', () => {
    // 250 KiB of Deployments, each an anchor of 99 items and 99 aliases of it: the full path, ~10,000 nodes a document
    const doc = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  env: &a [${Array(99).fill('1').join(',')}]\n  args: [${Array(99).fill('*a').join(',')}]\n---\n`;
    const text = doc.repeat(Math.floor((250 * 1024) / doc.length));
    const heap = () => {
      collectGarbage();
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    parse(text); // (code and caches warmed)
    const before = heap();
    const { objects } = parse(text);
    const kept = heap() - before;
    expect(objects).toHaveLength(Math.floor((250 * 1024) / doc.length));
    // what the objects need (values, offsets) is ~5 MB; with their documents it was ~31 MB
    expect(kept).toBeLessThan(15e6);
  });

  it('a document with only one of apiVersion and kind is still an object (the schema reports the other)', () => {
    const r = parse('piVersion: v1\nkind: Service\nmetadata: {name: s}\n');
    expect(r.objects.map((o) => [o.kind, o.apiVersion])).toEqual([['Service', undefined]]);
  });
});
