/**
 * The CSV that Canvas's gradebook import takes: `Student, ID, SIS User ID,
 * SIS Login ID, Section`, then one column named by `--assignment` (as the
 * Canvas export names it, "HW6 (1234)": the number is the assignment's id,
 * so the scores go to that assignment) holding the score, and nothing else:
 * Canvas offers to create a new assignment for any other column. Canvas
 * matches a row to a student by ID, then SIS User ID, then SIS Login ID, so
 * the roster (`--roster`, Canvas's own export with a folder column) supplies
 * them. A student without a submission (no folder, an empty one, no YAML)
 * gets 0. A submission that could not be graded is left out, and said on
 * stderr: Canvas's importer takes an empty cell as a change and erases the
 * grade already there (gradebook_importer.rb: `no_change_to_value?` is
 * false for a blank against a grade), so no cell is ever written empty.
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
    const left: string[] = [];
    return {
      write(r) {
        const s = r.student ?? {};
        if (r.error !== undefined) {
          left.push(s.name ?? studentLabel(r));
          return;
        }
        out.write([s.name ?? studentLabel(r), s.id, s.sisUserId, s.sisLoginId, s.section, r.score].map(csvCell).join(',') + '\r\n');
      },
      flush() {
        if (!left.length) return;
        const shown = left.slice(0, 20).join('; ') + (left.length > 20 ? `; and ${left.length - 20} more` : '');
        options.warn?.(`canvas: ${left.length} student${left.length === 1 ? '' : 's'} left out of canvas.csv, not graded (an empty cell would erase the grade Canvas has): ${shown}`);
      },
    };
  },
};
