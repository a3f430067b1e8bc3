/**
 * The CSV that Canvas's gradebook import takes: `Student, ID, SIS User ID,
 * SIS Login ID, Section`, then one column named by `--assignment` (as the
 * Canvas export names it, "HW6 (1234)": the number is the assignment's id,
 * so the scores go to that assignment) holding the score, and nothing else:
 * Canvas offers to create a new assignment for any other column. Canvas
 * matches a row to a student by ID, then SIS User ID, then SIS Login ID, so
 * the roster (`--roster`, Canvas's own export with a folder column) supplies
 * them. A roster student without a submission gets 0; a submission that
 * could not be graded gets an empty cell (Canvas leaves the grade as it is).
 * Every cell is escaped against spreadsheet formulas (csvCell).
 */
import { csvCell } from '../util/escape.js';
import { UsageError } from '../util/errors.js';
import { studentLabel } from './names.js';
import type { Reporter } from './types.js';

export const CANVAS_COLUMNS = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'] as const;

export const canvas: Reporter = {
  name: 'canvas',
  description: 'the CSV Canvas\'s gradebook import takes: Student, ID, SIS User ID, SIS Login ID, Section, and the score under --assignment "HW6 (1234)"',
  fileName: 'canvas.csv',
  create(out, options) {
    const assignment = options.extra?.assignment?.trim();
    if (!assignment) throw new UsageError('the canvas format needs --assignment "<name> (<id>)", the assignment\'s column header as Canvas exports it, e.g. --assignment "HW6 (1234)"');
    out.write([...CANVAS_COLUMNS, assignment].map(csvCell).join(',') + '\r\n');
    return {
      write(r) {
        const s = r.student ?? {};
        const score = r.error !== undefined ? '' : r.score;
        out.write([s.name ?? studentLabel(r), s.id, s.sisUserId, s.sisLoginId, s.section, score].map(csvCell).join(',') + '\r\n');
      },
      flush() {},
    };
  },
};
