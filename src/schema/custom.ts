/**
 * `--schema DIR`: JSON Schemas for custom resources, in the file layouts kubeconform reads
 * (https://github.com/yannh/kubeconform#overriding-schemas-location), so that a course using an
 * operator validates its objects too. For `apiVersion: cert-manager.io/v1, kind: Certificate` a
 * folder is searched, in this order, for (names lowercased):
 *
 *   certificate-cert-manager.io-v1.json   openapi2jsonschema's FILENAME_FORMAT={kind}-{fullgroup}-{version}
 *   cert-manager.io/certificate_v1.json   Datree's CRDs-catalog: {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json
 *   certificate-cert-manager-v1.json      kubeconform's default {{.ResourceKind}}{{.KindSuffix}}.json ({kind}-{group}-{version})
 *   certificate_v1.json                   openapi2jsonschema's default {kind}_{version}
 *
 * The folders are listed when the run starts (a missing one is a usage error); a schema file is read
 * and compiled (ajv, loaded only then) the first time an object of its kind is seen, once per process.
 * Bounded: a file over MAX_SCHEMA_BYTES, a file that is not JSON, or one ajv cannot compile is a usage
 * error naming the file.
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { UsageError } from '../util/errors.js';
import type { JsonSchema, SchemaError } from './generated-types.js';

export const MAX_SCHEMA_BYTES = 8 * 1024 * 1024;

export interface CustomSchema {
  /** The file it came from. */
  file: string;
  validate(value: unknown): SchemaError[];
  /** The schema, for the "did you mean" searches. */
  root: JsonSchema;
  deref(s: JsonSchema | undefined): JsonSchema | undefined;
}

export interface SchemaDirs {
  dirs: readonly string[];
  /** The schema for this apiVersion and kind, or undefined when no folder has one. */
  lookup(apiVersion: string, kind: string): CustomSchema | undefined;
}

const loaded = new Map<string, SchemaDirs>();

/** The folders given with --schema (memoised per process, so a batch lists and compiles once). */
export function schemaDirs(dirs: readonly string[]): SchemaDirs {
  const key = JSON.stringify(dirs);
  let s = loaded.get(key);
  if (!s) loaded.set(key, (s = open(dirs)));
  return s;
}

function open(dirs: readonly string[]): SchemaDirs {
  const listings = dirs.map((dir) => {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new UsageError(`--schema ${dir}: not a folder (give the folder that holds the JSON schema files)`);
      names = readdirSync(dir);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--schema ${dir}: no such folder`);
    }
    const byLower = new Map<string, string>();
    for (const n of names) if (n.toLowerCase().endsWith('.json')) byLower.set(n.toLowerCase(), n);
    return { dir, byLower };
  });
  const cache = new Map<string, CustomSchema | undefined>();
  return {
    dirs,
    lookup(apiVersion, kind) {
      const key = `${apiVersion}\u0000${kind}`;
      if (cache.has(key)) return cache.get(key);
      let found: CustomSchema | undefined;
      for (const { dir, byLower } of listings) {
        const file = candidates(apiVersion, kind)
          .map((c) => (c.includes('/') ? (existsSync(join(dir, c)) ? join(dir, c) : undefined) : byLower.has(c) ? join(dir, byLower.get(c)!) : undefined))
          .find((f) => f !== undefined);
        if (file) {
          found = compileFile(file);
          break;
        }
      }
      cache.set(key, found);
      return found;
    },
  };
}

/** The file names to try, most specific first (see the header). */
export function candidates(apiVersion: string, kind: string): string[] {
  const k = kind.toLowerCase();
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash).toLowerCase();
  const version = (slash < 0 ? apiVersion : apiVersion.slice(slash + 1)).toLowerCase();
  if (!group) return [`${k}-${version}.json`, `${k}_${version}.json`];
  const first = group.split('.')[0]!;
  const out = [`${k}-${group}-${version}.json`];
  if (!group.includes('..') && !group.startsWith('.')) out.push(`${group}/${k}_${version}.json`);
  out.push(`${k}-${first}-${version}.json`, `${k}_${version}.json`);
  return [...new Set(out)];
}

let ajv: { compile(s: object): ValidateFunction } | undefined;
function getAjv(): { compile(s: object): ValidateFunction } {
  if (!ajv) {
    const require = createRequire(import.meta.url);
    const Ajv = (require('ajv') as { default: new (o: object) => { compile(s: object): ValidateFunction } }).default;
    // Not strict about keywords it does not know (x-kubernetes-*), formats unchecked (int32, int-or-string).
    ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, allowUnionTypes: true });
  }
  return ajv;
}

function compileFile(file: string): CustomSchema {
  const size = statSync(file).size;
  if (size > MAX_SCHEMA_BYTES) throw new UsageError(`--schema: ${file} is ${(size / 1024 / 1024).toFixed(1)} MB; a schema file may be at most ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--schema: ${file} is not JSON: ${(err as Error).message}`);
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new UsageError(`--schema: ${file} is not a JSON Schema (expected an object)`);
  // The draft named by $schema does not matter here (the layouts above hold draft-04 to 2020-12 files).
  const { $schema: _ignored, id: _id, ...body } = schema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = getAjv().compile(body);
  } catch (err) {
    throw new UsageError(`--schema: ${file} is not a valid JSON Schema: ${(err as Error).message}`);
  }
  const root = body as JsonSchema;
  const deref = (s: JsonSchema | undefined): JsonSchema | undefined => {
    let x = s;
    for (let n = 0; x?.$ref && n < 20; n++) x = resolveRef(root, x.$ref);
    return x;
  };
  return {
    file,
    root,
    deref,
    validate(value) {
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e: ErrorObject) => ({ path: toPath(e.instancePath, value), keyword: e.keyword, params: e.params as Record<string, unknown> }));
    },
  };
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur as JsonSchema | undefined;
}

/** ajv's instancePath (`/spec/ports/0`) → keys and indexes. */
function toPath(instancePath: string, data: unknown): (string | number)[] {
  if (instancePath === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}
