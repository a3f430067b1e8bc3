/** kubegrade's library API: grade(dir, options) → Report, and what tools built on it need. */
export { grade, gradeStatic, inferUsername, type GradeOptions, type LiveRunner, type LiveOutcome, type LiveResult, type StaticResult } from './grade.js';
export { loadRubric, knownChecks, DEFAULT_RUBRIC, type Rubric, type RubricCheck } from './rubric/index.js';
export { REPORTERS, type Reporter, type RenderOptions } from './reporters/index.js';
export { exitCodeFor } from './score/index.js';
export { UsageError, RubricError } from './util/errors.js';
export type * from './types.js';
