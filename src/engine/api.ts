/**
 * What the layers above use of the engine (the rubric loader, grade, `kubegrade rubric`): one
 * module, so that the bundles can load it only when a rubric is a data rubric (src/engine/load.ts).
 */
export { applyDataSet, buildDataRubric, renderText } from './rubric.js';
export { gradeData } from './grade.js';
export { TEMPLATES } from './templates/index.js';
export { MATCHER_NAMES } from './matchers.js';
