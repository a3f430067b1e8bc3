/**
 * The shipped rubric's totals, for tests that are about them: a test reads the
 * maximum score (and a check's points) from the rubric, so that a change of
 * points or a new check changes the rubric file, not the tests.
 */
import { loadRubric } from '../../src/index.js';

const rubric = loadRubric();

/** The most a static run scores with the shipped rubric: every non-live check's points (live ones are `skip` and count toward neither). */
export const STATIC_MAX = rubric.checks.filter((c) => c.type !== 'live').reduce((s, c) => s + c.points, 0);

/** The points of one check of the shipped rubric (an id not in it is a broken test). */
export function pointsOf(id: string): number {
  const c = rubric.checks.find((x) => x.id === id);
  if (!c) throw new Error(`${id} is not a check of ${rubric.name}`);
  return c.points;
}
