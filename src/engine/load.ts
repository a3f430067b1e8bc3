/**
 * The engine's API (./api.ts), for the layers above: only a data rubric needs it, and the HW6
 * rubric never does. From the sources and the per-module build it is this plain import; the
 * bundles (scripts/bundle.mjs) build ./api.ts as an entry of its own (engine.js) and put in place
 * of this module one that loads it at the first call, synchronously (require of an ES module),
 * so a HW6 run (the CLI's cold start, the Action's eager part) neither reads nor compiles it.
 * Callers ask for it where they use it: `engineApi().gradeData(…)`, never at module level.
 */
import * as api from './api.js';

export type EngineApi = typeof api;

export function engineApi(): EngineApi {
  return api;
}
