#!/usr/bin/env node
// Build step: strict schemas for every kind a Kubernetes API server serves, from Kubernetes' own
// OpenAPI spec, as one compact data file that src/schema/validate.ts interprets (no ajv at run time).
//
// Source of truth: the Go module k8s.io/kubernetes@v1.30.14 (the release the test cluster runs and the
// peer benchmark's kubeconform schemas come from):
//   api/openapi-spec/swagger.json                  definitions, fields, required, int32/int64, formats,
//                                                  and the paths that say which kinds are resources
//   pkg/generated/openapi/zz_generated.openapi.go  the enum values (the committed swagger.json carries
//                                                  none; the generator that makes it writes them here)
// The module is fetched once with `go mod download -json` into a cache outside the repository
// (KUBEGRADE_GOMODCACHE, default /var/cache/kubegrade/go/mod, the cache test/cluster/ builds from).
//
// What "strict" means here: an object type that declares fields accepts no other field (the API
// server's field validation Strict, kubectl's default); free-form maps (labels, data, matchLabels)
// stay maps; IntOrString is integer|string; Quantity is string|number with the quantity syntax.
//
// Outputs:
//   src/schema/generated/k8s-schemas.json   committed (so a clone without Go builds and tests); the
//                                           build rewrites it identically, a test checks it is fresh
//   dist/schema/generated/k8s-schemas.json  for the built package
//   src/schema/generated/kinds.ts           every built-in kind -> the apiVersions that serve it
//   {src,dist}/rubric/generated/rubric-validator.cjs  rubrics/rubric.schema.json, precompiled with ajv
//   {src,dist}/rubric/generated/default-rubric.json   the shipped rubric's text and data, validated
//                                           standalone (no run compiles a schema)
// Run: node scripts/gen-schemas.mjs   (npm run gen:schemas; npm run build runs it first)
// `--check`: exit 1 when the committed files differ from what the spec gives (nothing written).

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export const K8S_MODULE = 'k8s.io/kubernetes';
export const K8S_VERSION = 'v1.30.14';
const GOMODCACHE = process.env.KUBEGRADE_GOMODCACHE ?? '/var/cache/kubegrade/go/mod';
const OUT_SCHEMAS = join(root, 'src/schema/generated/k8s-schemas.json');
const OUT_KINDS = join(root, 'src/schema/generated/kinds.ts');

/** Kubernetes resource.Quantity syntax (k8s.io/apimachinery/pkg/api/resource): sign, digits, one suffix. */
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * Fields the spec lists as required that the API server does not require: a Go struct without
 * omitempty decodes an absent field as its zero value, and that value is valid. Checked against a
 * real API server by test/e2e/kinds.e2e.test.ts.
 */
const NOT_REQUIRED = {
  'io.k8s.api.networking.v1.NetworkPolicySpec': ['podSelector'], // absent = {} = every pod in the namespace
};
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
/** metav1.Time and MicroTime: RFC 3339 strings, parsed by the API server when it decodes the object. */
const TIMES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);

// ---------------------------------------------------------------------------------------------
// Getting the module

function moduleDir() {
  const dir = join(GOMODCACHE, `${K8S_MODULE}@${K8S_VERSION}`);
  if (existsSync(join(dir, 'api/openapi-spec/swagger.json'))) return dir;
  const go = ['/usr/local/go/bin/go', 'go'].find((g) => {
    try {
      execFileSync(g, ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!go) return undefined;
  process.stderr.write(`gen-schemas: go mod download ${K8S_MODULE}@${K8S_VERSION} into ${GOMODCACHE} (once)\n`);
  const out = execFileSync(go, ['mod', 'download', '-json', `${K8S_MODULE}@${K8S_VERSION}`], {
    encoding: 'utf8',
    cwd: '/',
    env: { ...process.env, GOMODCACHE, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out).Dir;
}

// ---------------------------------------------------------------------------------------------
// Enums from the generated Go definitions

/**
 * `"k8s.io/api/core/v1.ServiceSpec": schema_..._ServiceSpec(ref)` maps a Go type to its function;
 * inside a function, a property is a line `\t{5}"name": {` and an `Enum: []interface{}{...}` below it
 * belongs to that property, or to its items when an `Items:` line came first.
 * Returns Map<definition name, Map<property, { values, items }>>.
 */
function readEnums(goFile) {
  const text = readFileSync(goFile, 'utf8');
  const fnToDef = new Map();
  for (const m of text.matchAll(/^\t\t"([^"]+)":\s+(schema_\w+)\(ref\),$/gm)) fnToDef.set(m[2], goTypeToDef(m[1]));
  const enums = new Map();
  let def;
  let prop;
  let items = false;
  let count = 0;
  for (const line of text.split('\n')) {
    let m = /^func (schema_\w+)\(ref common\.ReferenceCallback\)/.exec(line);
    if (m) {
      def = fnToDef.get(m[1]);
      prop = undefined;
      continue;
    }
    m = /^\t{5}"([^"]+)": \{$/.exec(line);
    if (m) {
      prop = m[1];
      items = false;
      continue;
    }
    if (/^\t{6,}Items: &spec\.SchemaOrArray\{$/.test(line)) items = true;
    m = /^\t+Enum:\s+\[\]interface\{\}\{(.*)\},$/.exec(line);
    if (m && def && prop) {
      const values = JSON.parse(`[${m[1]}]`);
      if (!enums.has(def)) enums.set(def, new Map());
      enums.get(def).set(prop, { values, items });
      count++;
    }
  }
  const total = (text.match(/^\t+Enum:/gm) ?? []).length;
  if (count !== total) throw new Error(`enums: read ${count} of ${total} in ${goFile}`);
  return enums;
}

/** `k8s.io/api/core/v1.ServiceSpec` → `io.k8s.api.core.v1.ServiceSpec`. */
function goTypeToDef(goType) {
  const dot = goType.lastIndexOf('.');
  const pkg = goType.slice(0, dot);
  const [host, ...rest] = pkg.split('/');
  return [...host.split('.').reverse(), ...rest].join('.') + goType.slice(dot);
}

// ---------------------------------------------------------------------------------------------
// The compact form (read by src/schema/validate.ts):
//   a definition is referenced by its index in `defs` (a number);
//   "s" string, "b" boolean, "i32"/"i64" integers with their range, "n" number,
//   "byte" base64 bytes, "time" an RFC 3339 time,
//   "q" quantity, "ios" int-or-string, "any" anything, "obj" a free-form map;
//   ["e", v...] one of these strings, ["a", node] a list, ["m", node] a map of node,
//   { "p": { field: node }, "r": [required] } an object with exactly these fields.

function compile(spec, enums) {
  const defsIn = spec.definitions;
  const index = new Map();
  const names = [];
  const out = [];
  const refOf = (ref) => {
    const name = ref.replace('#/definitions/', '');
    if (!(name in defsIn)) throw new Error(`dangling $ref ${ref}`);
    if (!index.has(name)) {
      index.set(name, names.length);
      names.push(name);
      out.push(null);
      out[index.get(name)] = node(defsIn[name], name, undefined);
    }
    return index.get(name);
  };
  const node = (s, defName, enumInfo) => {
    if (s.$ref) return refOf(s.$ref);
    if (defName === QUANTITY) return 'q';
    if (defName === INT_OR_STRING || s.format === 'int-or-string') return 'ios';
    if (TIMES.has(defName)) return 'time';
    switch (s.type) {
      case 'string':
        if (s.format === 'byte') return 'byte'; // []byte in Go: base64 in JSON
        return enumInfo && !enumInfo.items ? ['e', ...enumInfo.values] : 's';
      case 'boolean':
        return 'b';
      case 'integer':
        return s.format === 'int32' ? 'i32' : 'i64';
      case 'number':
        return 'n';
      case 'array': {
        const it = node(s.items, undefined, enumInfo?.items ? { values: enumInfo.values } : undefined);
        return ['a', it];
      }
      case 'object': {
        if (s.properties && Object.keys(s.properties).length) {
          const en = defName ? enums.get(defName) : undefined;
          const p = {};
          for (const [k, v] of Object.entries(s.properties)) p[k] = node(v, undefined, en?.get(k));
          const o = { p };
          const required = (s.required ?? []).filter((r) => !NOT_REQUIRED[defName]?.includes(r));
          if (required.length) o.r = required;
          if (s.additionalProperties) throw new Error(`${defName}: properties and additionalProperties`);
          return o;
        }
        if (s.additionalProperties) return ['m', node(s.additionalProperties, undefined, undefined)];
        return 'obj';
      }
      case undefined:
        return 'any'; // apiextensions JSON, JSONSchemaPropsOr*: any JSON value
    }
    throw new Error(`unsupported schema type ${s.type} in ${defName}`);
  };

  // Every kind the server serves as a resource: a path with a group-version-kind.
  const kinds = new Map(); // "group/version" -> Map(kind -> def index)
  const defOfGvk = new Map();
  for (const [name, s] of Object.entries(defsIn)) {
    for (const g of s['x-kubernetes-group-version-kind'] ?? []) defOfGvk.set(`${g.group}/${g.version}/${g.kind}`, name);
  }
  for (const ops of Object.values(spec.paths)) {
    for (const [verb, op] of Object.entries(ops)) {
      if (verb === 'parameters' || !op['x-kubernetes-group-version-kind']) continue;
      const g = op['x-kubernetes-group-version-kind'];
      const name = defOfGvk.get(`${g.group}/${g.version}/${g.kind}`);
      if (!name) continue;
      const gv = g.group ? `${g.group}/${g.version}` : g.version;
      if (!kinds.has(gv)) kinds.set(gv, new Map());
      kinds.get(gv).set(g.kind, name);
      const list = defOfGvk.get(`${g.group}/${g.version}/${g.kind}List`);
      if (list) kinds.get(gv).set(`${g.kind}List`, list);
    }
  }
  const sortedKinds = {};
  for (const gv of [...kinds.keys()].sort()) {
    sortedKinds[gv] = {};
    for (const k of [...kinds.get(gv).keys()].sort()) sortedKinds[gv][k] = refOf(`#/definitions/${kinds.get(gv).get(k)}`);
  }
  return { kinds: sortedKinds, defs: out, names };
}

/** Versions a 1.30 API server serves without --runtime-config: GA, and the betas that were on by default before 1.24's rule. */
function servedByDefault(gv) {
  const v = gv.slice(gv.indexOf('/') + 1);
  if (/^v\d+$/.test(v)) return true;
  return gv === 'flowcontrol.apiserver.k8s.io/v1beta3';
}

function kindsTable(kinds) {
  const table = new Map();
  for (const [gv, ks] of Object.entries(kinds)) {
    for (const k of Object.keys(ks)) {
      if (!table.has(k)) table.set(k, []);
      table.get(k).push(gv);
    }
  }
  table.set('List', ['v1']); // the generic list kubectl accepts
  // GA (the core group first), beta served by default, beta off by default, alpha.
  const rank = (gv) => (!gv.includes('/') ? 0 : /\/v\d+$/.test(gv) ? 1 : servedByDefault(gv) ? 2 : /beta/.test(gv) ? 3 : 4);
  const lines = [...table.keys()].sort().map((k) => {
    const vs = table.get(k).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
    return `  ${JSON.stringify(k)}: ${JSON.stringify(vs)},`;
  });
  const off = Object.keys(kinds).filter((gv) => !servedByDefault(gv)).sort();
  return (
    `// GENERATED by scripts/gen-schemas.mjs from ${K8S_MODULE}@${K8S_VERSION} api/openapi-spec/swagger.json — do not edit.\n` +
    `/** Every kind a Kubernetes API server serves -> its apiVersions (GA first, the core group before others; then beta; then alpha). */\n` +
    `export const KIND_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {\n${lines.join('\n')}\n};\n\n` +
    `/** API versions in the spec that an API server serves only when switched on (--runtime-config): alpha, and betas since 1.24. */\n` +
    `export const OFF_BY_DEFAULT: readonly string[] = ${JSON.stringify(off)};\n\n` +
    `/** The Kubernetes release the schemas come from. */\n` +
    `export const SCHEMA_SOURCE = ${JSON.stringify(`Kubernetes ${K8S_VERSION}`)};\n`
  );
}

/** The rubric file's schema, compiled with the options src/rubric/index.ts reads its errors with: one validator per form (hw6, data, variant). */
async function rubricValidator() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true, esm: false, lines: false } });
  const schema = JSON.parse(readFileSync(join(root, 'rubrics/rubric.schema.json'), 'utf8'));
  ajv.addSchema(schema);
  // The HW6 form only: the data forms are compiled with the templates (--templates), loaded when a data rubric is.
  const validate = ajv.getSchema(`${schema.$id}#/definitions/hw6`);
  const body = `// GENERATED by scripts/gen-schemas.mjs from rubrics/rubric.schema.json — do not edit.\n${standaloneCode(ajv, validate)}\n`;
  // The shipped rubric, read and validated here once: a student's cold start takes its data from
  // default-rubric.json (about 30 ms less than the yaml parse and the validator, in a cold process)
  // whenever the file still has the text it was made from (src/rubric/index.ts compares its digest,
  // src/util/digest.ts, imported here as it is; the text itself would double the file).
  const text = readFileSync(join(root, 'rubrics/coe332-hw6.yml'), 'utf8');
  const data = require('yaml').parseDocument(text, { prettyErrors: false }).toJS({ maxAliasCount: 100 });
  if (!validate(data)) throw new Error(`gen-schemas: rubrics/coe332-hw6.yml is not a valid rubric: ${JSON.stringify(validate.errors)}`);
  const { textDigest } = await import(join(root, 'src/util/digest.ts'));
  const rubric = `${JSON.stringify({ digest: textDigest(text), data })}\n`;
  for (const dir of [join(root, 'src/rubric/generated'), join(root, 'dist/rubric/generated')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'rubric-validator.cjs'), body);
    writeFileSync(join(dir, 'default-rubric.json'), rubric);
  }
}

/**
 * The shipped rubric's template checks, validated here as a run would validate another rubric's (so
 * a HW6 run, which takes default-rubric.json, loads no template validator): each names a template
 * and gives it a `with` its schema accepts once the rubric's parameters are filled in.
 */
function shippedTemplateChecks(templates, substitute, validatorOf) {
  const { data } = JSON.parse(readFileSync(join(root, 'src/rubric/generated/default-rubric.json'), 'utf8'));
  // `{{username}}` is per submission; the other references are the rubric's parameters (src/rubric/index.ts does the same).
  const { username: _u, ...params } = data.params ?? {};
  for (const c of data.checks) {
    if (c.template === undefined) continue;
    if (!templates.has(c.template)) throw new Error(`gen-schemas: rubrics/coe332-hw6.yml: check ${c.id}: unknown template "${c.template}"`);
    const v = validatorOf(c.template);
    if (!v(substitute(c.with ?? {}, params))) throw new Error(`gen-schemas: rubrics/coe332-hw6.yml: check ${c.id}: with is not valid for template ${c.template}: ${JSON.stringify(v.errors)}`);
  }
}

/**
 * `--templates` (after tsc): each check template's `with` schema (dist/engine/templates), compiled
 * into {src,dist}/rubric/generated/data-validators.cjs with the data forms (loaded only for a data rubric).
 */
async function templateValidators() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const { TEMPLATES } = await import(join(root, 'dist/engine/templates/index.js'));
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true, esm: false, lines: false } });
  const schema = JSON.parse(readFileSync(join(root, 'rubrics/rubric.schema.json'), 'utf8'));
  ajv.addSchema(schema);
  const refs = { data: `${schema.$id}#/definitions/data`, variant: `${schema.$id}#/definitions/variant` };
  for (const [key, t] of TEMPLATES) {
    ajv.addSchema(t.schema, `template:${key}`);
    refs[key] = `template:${key}`;
  }
  const body = `// GENERATED by scripts/gen-schemas.mjs --templates from rubrics/rubric.schema.json (data, variant) and src/engine/templates — do not edit.\n${standaloneCode(ajv, refs)}\n`;
  const { substitute } = await import(join(root, 'dist/engine/params.js'));
  shippedTemplateChecks(TEMPLATES, substitute, (key) => ajv.getSchema(`template:${key}`));
  for (const dir of [join(root, 'src/rubric/generated'), join(root, 'dist/rubric/generated')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'data-validators.cjs'), body);
  }
}

async function main() {
  if (process.argv.includes('--templates')) return templateValidators();
  const check = process.argv.includes('--check');
  const dir = moduleDir();
  let schemasText;
  let kindsText;
  if (!dir) {
    // No Go and no cached module: the committed files stand (they are what the spec gives).
    if (!existsSync(OUT_SCHEMAS) || check) throw new Error(`gen-schemas: ${K8S_MODULE}@${K8S_VERSION} is not in ${GOMODCACHE} and there is no Go to download it`);
    process.stderr.write(`gen-schemas: no Go and no cached ${K8S_MODULE}@${K8S_VERSION}: keeping the committed schemas\n`);
    schemasText = readFileSync(OUT_SCHEMAS, 'utf8');
  } else {
    const spec = JSON.parse(readFileSync(join(dir, 'api/openapi-spec/swagger.json'), 'utf8'));
    const enums = readEnums(join(dir, 'pkg/generated/openapi/zz_generated.openapi.go'));
    const { kinds, defs, names } = compile(spec, enums);
    const data = { source: `${K8S_MODULE}@${K8S_VERSION}`, kinds, names, defs };
    schemasText = `${JSON.stringify(data)}\n`;
    kindsText = kindsTable(kinds);
    if (check) {
      const stale = [
        [OUT_SCHEMAS, schemasText],
        [OUT_KINDS, kindsText],
      ].filter(([f, t]) => !existsSync(f) || readFileSync(f, 'utf8') !== t);
      for (const [f] of stale) process.stderr.write(`gen-schemas --check: ${f} is stale (npm run gen:schemas)\n`);
      process.exit(stale.length ? 1 : 0);
    }
    writeFileSync(OUT_SCHEMAS, schemasText);
    writeFileSync(OUT_KINDS, kindsText);
    const nk = Object.values(kinds).reduce((n, ks) => n + Object.keys(ks).filter((k) => !k.endsWith('List')).length, 0);
    process.stdout.write(`gen-schemas: ${nk} kinds in ${Object.keys(kinds).length} API versions, ${defs.length} definitions, ${(schemasText.length / 1024).toFixed(0)} KiB\n`);
  }
  mkdirSync(join(root, 'dist/schema/generated'), { recursive: true });
  writeFileSync(join(root, 'dist/schema/generated/k8s-schemas.json'), schemasText);
  await rubricValidator();
}

await main();
