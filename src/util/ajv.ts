/**
 * ajv's class, loaded at its first use: a `--schema` folder's schemas are compiled at run time, and
 * a run from source before any build compiles the rubric's and the templates' (the build
 * precompiles those into generated/). From source and in the per-module build this is the `ajv`
 * package; the command line's bundle (scripts/bundle.mjs) replaces this module with a loader of
 * its own `ajv.js`, so that the installed package needs no dependency.
 */
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';

export function loadAjv(): typeof Ajv {
  return (createRequire(import.meta.url)('ajv') as { default: typeof Ajv }).default;
}
