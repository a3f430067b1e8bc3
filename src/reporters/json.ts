/**
 * The JSON report of the rubric spec: one object for one submission, an array
 * for several. Deterministic: the same input gives byte-identical output.
 */
import type { Reporter } from './types.js';

export const json: Reporter = {
  name: 'json',
  description: 'the JSON report of the rubric spec (an array when grading several submissions)',
  render(reports) {
    return JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n';
  },
};
