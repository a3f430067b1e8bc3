/**
 * The validators the build precompiled with ajv (scripts/gen-schemas.mjs): the rubric file's three
 * forms (rubrics/rubric.schema.json) and each check template's `with`. Loaded from generated/ next
 * to this module (so the bundles find them beside their chunks).
 */
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';

export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let rubric: { hw6: Validator; data: Validator; variant: Validator } | undefined;
export function rubricValidators(): { hw6: Validator; data: Validator; variant: Validator } {
  rubric ??= createRequire(import.meta.url)('./generated/rubric-validator.cjs') as { hw6: Validator; data: Validator; variant: Validator };
  return rubric;
}

let templates: Record<string, Validator> | undefined;
/** By template key; empty when the build has not made them (a run from source before `npm run build`). */
export function templateValidators(): Record<string, Validator> {
  if (templates) return templates;
  try {
    templates = { ...(createRequire(import.meta.url)('./generated/template-validators.cjs') as Record<string, Validator>) };
  } catch {
    templates = {};
  }
  return templates;
}
