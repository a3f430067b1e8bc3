/** The output formats, by name. Adding one is one file and one line here. */
import { csv } from './csv.js';
import { github } from './github.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: ReadonlyMap<string, Reporter> = new Map([text, json, github, csv, markdown].map((r) => [r.name, r]));
export type { Reporter, RenderOptions } from './types.js';
