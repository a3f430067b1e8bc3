/**
 * The validators the build precompiled with ajv (scripts/gen-schemas.mjs), loaded from generated/
 * next to this module (so the bundles find them beside their chunks): the HW6 form of
 * rubrics/rubric.schema.json (every run), and, only when a data rubric is loaded, its data and
 * variant forms and each check template's `with` (data-validators.cjs).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';

export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const require = createRequire(import.meta.url);
let hw6: Validator | undefined;
export function hw6Validator(): Validator {
  hw6 ??= require('./generated/rubric-validator.cjs') as Validator;
  return hw6;
}

let data: Record<string, Validator> | undefined;
/** `data`, `variant`, and the templates by key. A run from source before any build compiles the two forms here. */
export function dataValidators(): Record<string, Validator> {
  if (data) return data;
  try {
    data = { ...(require('./generated/data-validators.cjs') as Record<string, Validator>) };
  } catch {
    const Ajv = (require('ajv') as { default: new (o: object) => { addSchema(s: object): void; getSchema(r: string): Validator | undefined } }).default;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    const schema = JSON.parse(readFileSync(new URL('../../rubrics/rubric.schema.json', import.meta.url), 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    data = { data: ajv.getSchema(`${schema.$id}#/definitions/data`)!, variant: ajv.getSchema(`${schema.$id}#/definitions/variant`)! };
  }
  return data;
}
