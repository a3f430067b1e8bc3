/**
 * The import layers of src/: a module imports only from its own layer or the ones below it.
 *
 *   util → parse → k8s → schema → checks → rubric → grade → fix/live → reporters → cli/batch/action
 *
 * (src/types.ts sits with util; discover with parse, whose input it is; score with rubric; src/index.ts,
 * the public API, on top.) Every relative import of every src/**\/*.ts file is read, `import type`,
 * re-exports and dynamic `import()` alike (TypeScript's own pre-processor, not a regular expression).
 *
 * Today's exceptions are listed below, each with why it exists: the list can only shrink. A new
 * import against the layers fails; so does an exception that no longer exists (delete its line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Each top-level entry of src/ and its layer (0 the lowest). */
const LAYERS: Record<string, number> = {
  'types.ts': 0,
  util: 0,
  discover: 1,
  parse: 1,
  k8s: 2,
  objects: 2,
  schema: 3,
  checks: 4,
  engine: 4,
  rubric: 5,
  score: 5,
  'grade.ts': 6,
  fix: 7,
  live: 7,
  reporters: 8,
  cli: 9,
  batch: 9,
  action: 9,
  'index.ts': 9,
};

/** `importer -> imported` (paths under src/) allowed against the layers today, and why. Only ever remove lines. */
const EXCEPTIONS: Record<string, string> = {
  // gradeStatic coordinates the fixes of one report ("see schema.redis-pvc") and turns schema fixes into edits.
  'grade.ts -> fix/coordinate.ts': 'fix coordination inside one grade',
  // The reporter interface names the batch's class summary type (import type).
  'reporters/types.ts -> batch/summary.ts': 'type of the class summary',
  // The rubric lists the live checks' metadata (ids, titles) from the live pass.
  'rubric/index.ts -> live/meta.ts': 'live check metadata',
  // The live pass for a class (live/class.ts) takes the batch's rows (a type import); it belongs in batch/ and moves there.
  'live/class.ts -> batch/roster.ts': 'type of a batch row',
  'live/jobs.ts -> batch/roster.ts': 'type of a batch row (batch --in-cluster, as live/class.ts)',
};

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.(d|test)\.ts$/.test(e.name) ? [relative(SRC, p)] : [];
  });
}

/**
 * Single files that sit below their folder's layer: the edit builders (plain data about YAML paths,
 * proposed by the check templates and applied by the fix stage) and the loader of the precompiled
 * rubric validators (ajv's output; the engine's templates validate their parameters with it).
 */
const FILE_LAYERS: Record<string, number> = {
  'fix/edits.ts': 2,
  'rubric/validators.ts': 1,
  'rubric/generated': 1,
};

function layerOf(file: string): number | undefined {
  return FILE_LAYERS[file] ?? FILE_LAYERS[file.split('/').slice(0, 2).join('/')] ?? LAYERS[file.split('/')[0]!];
}

/** Every relative import of a file, as a path under src/ (`.js` read as the `.ts` it is built from). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((n) => n.startsWith('.'))
    .map((n) => relative(SRC, resolve(dirname(join(SRC, file)), n)).replace(/\.js$/, '.ts'))
    .filter((n) => !n.startsWith('..'));
}

describe('import layers', () => {
  const files = sources();

  it('every file of src/ belongs to a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it('reads imports of every form', () => {
    // The reader itself: a type import, a re-export and a dynamic import are all imports.
    const info = ts.preProcessFile("import type { A } from './a.js';\nexport * from './b.js';\nconst c = await import('./c.js');\n", true, true);
    expect(info.importedFiles.map((i) => i.fileName)).toEqual(['./a.js', './b.js', './c.js']);
  });

  it('no module imports from a higher layer, but for the listed exceptions, each of which still exists', () => {
    const against: string[] = [];
    for (const f of files) {
      for (const target of importsOf(f)) {
        const to = layerOf(target);
        if (to !== undefined && to > layerOf(f)!) against.push(`${f} -> ${target}`);
      }
    }
    const unlisted = against.filter((a) => !(a in EXCEPTIONS));
    const gone = Object.keys(EXCEPTIONS).filter((e) => !against.includes(e));
    expect(unlisted, 'imports from a higher layer (move the code down, or the import up)').toEqual([]);
    expect(gone, 'exceptions that no longer exist: delete them from EXCEPTIONS').toEqual([]);
  });
});
