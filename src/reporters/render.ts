/**
 * Every report through one run of a reporter, collected as a string (one submission, the Action,
 * tests). Apart from the table of every format (./index.ts), so that a caller that names its
 * reporters (the Action: json, sarif, github, github-summary) loads only those.
 */
import type { RenderOptions, Reporter } from './types.js';
import type { Report } from '../types.js';

export function renderAll(reporter: Reporter, reports: Iterable<Report>, options: RenderOptions): string {
  const chunks: string[] = [];
  const run = reporter.create({ write: (s) => void chunks.push(s) }, options);
  for (const r of reports) run.write(r);
  run.flush();
  return chunks.join('');
}
