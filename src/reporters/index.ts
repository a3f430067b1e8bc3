/** The output formats, by name. Adding one is one file and one line here. */
import { canvas } from './canvas.js';
import { csv } from './csv.js';
import { github } from './github.js';
import { githubSummary } from './github-summary.js';
import { gradescope } from './gradescope.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { prairielearn } from './prairielearn.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { RenderOptions, Reporter } from './types.js';
import type { Report } from '../types.js';

export const REPORTERS: ReadonlyMap<string, Reporter> = new Map([text, json, github, githubSummary, csv, markdown, sarif, canvas, gradescope, prairielearn, junit, html].map((r) => [r.name, r]));

/** Every report through one run of `reporter`, collected as a string (one submission, tests). */
export function renderAll(reporter: Reporter, reports: Iterable<Report>, options: RenderOptions): string {
  const chunks: string[] = [];
  const run = reporter.create({ write: (s) => void chunks.push(s) }, options);
  for (const r of reports) run.write(r);
  run.flush();
  return chunks.join('');
}

export type { Output, Reporter, ReporterRun, RenderOptions } from './types.js';
