#!/usr/bin/env node
// Kubernetes' OpenAPI v2 spec (api/openapi-spec/swagger.json) → the strict,
// stand-alone JSON schemas kubeconform reads, in its file layout
// (`{kind}-{group}-{version}.json`, `{kind}-{version}.json` for the core group,
// all lower case; kubeconform's -schema-location template
// `{{ .ResourceKind }}{{ .KindSuffix }}.json`). What openapi2jsonschema does
// with `--kubernetes --expanded --stand-alone --strict` (the recipe behind
// yannh/kubernetes-json-schema's `-standalone-strict` folders):
//   - every `$ref` inlined, so a file stands alone (a recursive type, such as a
//     CRD's JSONSchemaProps, keeps a local `#/definitions/…` reference instead);
//   - strict: every object schema with `properties` and no `additionalProperties`
//     gets `additionalProperties: false`;
//   - `format: int-or-string` becomes `oneOf: [string, integer]`;
//   - `kind` and `apiVersion` get an `enum` of the type's own.
// Usage: node kubeconform-schemas.js swagger.json OUTDIR   (used by bench/peers/setup.sh)
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [specFile, outDir] = process.argv.slice(2);
if (!specFile || !outDir) {
  process.stderr.write('usage: kubeconform-schemas.js swagger.json OUTDIR\n');
  process.exit(2);
}
const definitions = JSON.parse(readFileSync(specFile, 'utf8')).definitions;
const PREFIX = '#/definitions/';

/** The definition `name` with its references inlined; `stack` holds the names being inlined (a cycle → a local ref). */
function expand(name, stack, cyclic) {
  if (stack.includes(name)) {
    cyclic.add(name);
    return { $ref: PREFIX + name };
  }
  stack.push(name);
  const out = transform(definitions[name], stack, cyclic);
  stack.pop();
  return out;
}

function transform(node, stack, cyclic) {
  if (Array.isArray(node)) return node.map((n) => transform(n, stack, cyclic));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith(PREFIX)) {
    const inlined = expand(node.$ref.slice(PREFIX.length), stack, cyclic);
    const { $ref: _ref, ...rest } = node;
    return Object.keys(rest).length ? { ...inlined, ...transform(rest, stack, cyclic) } : inlined;
  }
  if (node.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` and `definitions` hold names, not schemas: transform their values only.
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, transform(s, stack, cyclic)])) : transform(v, stack, cyclic);
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const tmp = `${outDir}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
let files = 0;
for (const [name, def] of Object.entries(definitions)) {
  const gvks = def['x-kubernetes-group-version-kind'];
  if (!gvks) continue;
  for (const { group, version, kind } of gvks) {
    const cyclic = new Set();
    const schema = { $schema: 'http://json-schema.org/schema#', type: 'object', ...expand(name, [], cyclic) };
    const apiVersion = group ? `${group}/${version}` : version;
    if (schema.properties?.kind) schema.properties.kind = { ...schema.properties.kind, enum: [kind] };
    if (schema.properties?.apiVersion) schema.properties.apiVersion = { ...schema.properties.apiVersion, enum: [apiVersion] };
    if (cyclic.size) {
      schema.definitions = {};
      // a cyclic type's own expansion may name further cyclic types
      for (let todo = [...cyclic]; todo.length; ) {
        const n = todo.pop();
        if (schema.definitions[n]) continue;
        const more = new Set();
        schema.definitions[n] = transform(definitions[n], [n], more);
        for (const m of more) if (!schema.definitions[m]) todo.push(m);
      }
    }
    const file = `${kind}${group ? `-${group.split('.')[0]}` : ''}-${version}.json`.toLowerCase();
    writeFileSync(join(tmp, file), JSON.stringify(schema));
    files++;
  }
}
rmSync(outDir, { recursive: true, force: true });
renameSync(tmp, outDir);
process.stdout.write(`kubeconform schemas: ${files} files in ${outDir}\n`);
