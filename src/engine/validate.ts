/**
 * A template's `with`, validated against its JSON schema. The schemas are
 * compiled by the build (scripts/gen-schemas.mjs writes
 * generated/data-validators.cjs), so no run compiles one; a source
 * checkout without a build compiles them here once.
 */
import { createRequire } from 'node:module';
import { dataValidators as validators, type Validator } from '../rubric/validators.js';
import type { Template } from './types.js';

/** undefined when `w` is valid for the template; else what is wrong, after "with". */
export function validateWith(t: Template, w: unknown): string | undefined {
  let v = validators()[t.key];
  if (!v) {
    // No build output (a test run from source): compile this one schema now.
    const require = createRequire(import.meta.url);
    const Ajv = (require('ajv') as { default: new (o: object) => { compile(s: object): Validator } }).default;
    v = new Ajv({ allErrors: true, strict: false }).compile(t.schema);
    validators()[t.key] = v;
  }
  if (v(w)) return undefined;
  const e = v.errors?.[0];
  if (!e) return ' is invalid';
  const at = e.instancePath ? e.instancePath.replace(/\//g, '.') : '';
  if (e.keyword === 'additionalProperties') return `${at} has an unknown field "${String((e.params as { additionalProperty: string }).additionalProperty)}" (template ${t.key} takes: ${Object.keys((t.schema.properties as object) ?? {}).join(', ') || 'nothing'})`;
  if (e.keyword === 'required') return `${at} is missing "${String((e.params as { missingProperty: string }).missingProperty)}" (template ${t.key})`;
  return `${at} ${e.message ?? 'is invalid'} (template ${t.key})`;
}
