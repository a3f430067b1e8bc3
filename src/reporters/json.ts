/**
 * The JSON report of the rubric spec: one object for one submission, an array
 * for several. Deterministic: the same input gives byte-identical output.
 */
import type { Report } from '../types.js';
import type { Reporter } from './types.js';

export const json: Reporter = {
  name: 'json',
  description: 'the JSON report of the rubric spec (an array when grading several submissions)',
  fileName: 'reports.json',
  create(out) {
    // One report alone is printed as an object, several as an array: hold the first until a second comes.
    let held: Report | undefined;
    let n = 0;
    const indented = (r: Report) => '  ' + JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
    return {
      write(r) {
        n++;
        if (n === 1) held = r;
        else {
          if (n === 2) {
            out.write('[\n' + indented(held!));
            held = undefined;
          }
          out.write(',\n' + indented(r));
        }
      },
      flush() {
        if (n === 0) out.write('[]\n');
        else if (n === 1) out.write(JSON.stringify(held, null, 2) + '\n');
        else out.write('\n]\n');
      },
    };
  },
};
