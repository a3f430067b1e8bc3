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
import type { Reporter } from './types.js';

export const REPORTERS: ReadonlyMap<string, Reporter> = new Map([text, json, github, githubSummary, csv, markdown, sarif, canvas, gradescope, prairielearn, junit, html].map((r) => [r.name, r]));

export { renderAll } from './render.js';

export type { Output, Reporter, ReporterRun, RenderOptions } from './types.js';
