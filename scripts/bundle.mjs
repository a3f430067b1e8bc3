#!/usr/bin/env node
// Bundles kubegrade with esbuild (a dev dependency: a well-kept bundler does this better than
// hand-written code), in two shapes:
//
//   cli     dist/bundle/            the command line (bin/kubegrade.js loads dist/bundle/cli.js):
//                                   one file for a static check, so a cold start reads one module,
//                                   not ~60; the live pass (its cluster, Redis and HTTP clients
//                                   bundled in) and batch are chunks loaded only when used, so
//                                   the installed package has no live dependency to download;
//                                   worker.js, reader.js and writer.js are batch's threads (src/batch/);
//                                   engine.js (data rubrics), yaml.js (the yaml package) and ajv.js
//                                   (--schema) are loaded at their first use. The same build is the
//                                   library (package.json "exports"): index.js (cli.js's exports but
//                                   main) and live.js, their declarations in types/; the package
//                                   ships this folder, not the per-module build.
//   action  action/dist/            the GitHub Action (action.yml: runs.main), COMMITTED: a
//                                   JavaScript action runs from a checkout with no install step.
//
// Both sit two folders below the package root, as src/rubric/index.ts and src/schema/index.ts
// expect (rubrics/ and package.json are found at ../../ from the module; the generated schemas and
// the rubric's validator in generated/ next to it, loaded lazily by createRequire as from src/).
//
// Deterministic: same sources and esbuild version, same bytes (no timestamps, no absolute
// paths, content-hashed chunk names). test/action-bundle.test.ts rebuilds the action into a temp
// folder and compares it with the committed files.
//
// A committed file must stay under 1 MB (GitHub shows no diff above, and the repository's hook
// warns): an action output file over LIMIT bytes is committed brotli-compressed as <file>.br
// instead, and src/action/lazy-chunks.ts (the entry's first import) serves <file> from it.
//
// Run: node scripts/bundle.mjs [cli|action|all] [--out DIR]   (npm run build does `cli`;
//      npm run build:action does `action`, whose output is committed)
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire, isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LIMIT = 900 * 1024;

/** CommonJS dependencies bundled into ESM call require() for Node's built-ins: give them one. */
const banner = { js: "import{createRequire as __kgCreateRequire}from'node:module';const require=__kgCreateRequire(import.meta.url);" };

/**
 * Node's built-ins through that require(), not ESM `import`: an ESM import of a built-in builds
 * a facade that reads every export once, and reading them runs the lazy getters, so that
 * `import { readFileSync } from 'node:fs'` alone loads fs/promises, readline and the streams
 * (15 % of a cold `check`). Some built-ins are never needed by a static check but load whole
 * subsystems when required (child_process: net and dgram; crypto; util: its diff and argument
 * parser; os): those are loaded at their first call.
 *
 * Each importing file gets a small module of exactly the names it imports (read from its
 * `import { … } from 'node:x'` / `import x from 'node:x'`), so the bundle depends only on the
 * sources, never on which exports this Node has: `export const { a, b } = require(…)`, or for
 * a LAZY one a wrapper function per name and a default export that loads on first use. A
 * file that imports otherwise (a namespace, `import * as`) gets the plain CommonJS module, all
 * of it. A name wrongly read from the source is no export of the module: the build fails.
 */
const LAZY = new Set(['child_process', 'crypto', 'util', 'os']);
const IMPORT = /import\s+(type\s+)?([\w$]+\s*,\s*)?(?:\{([^}]*)\}|([\w$]+)|\*\s*as\s+[\w$]+)\s*from\s*['"]([^'"]+)['"]/g;
const builtins = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => {
      const name = a.path.replace(/^node:/, '');
      if (!isBuiltin(name) || a.kind === 'require-call' || !a.importer) return undefined;
      // What this importer takes from the built-in: its named imports, a default, or everything.
      const names = new Set();
      let whole = false;
      let deflt = false;
      for (const m of readFileSync(a.importer, 'utf8').matchAll(IMPORT)) {
        if (m[5] !== a.path || m[1]) continue; // another module, or types only
        if (m[2] || m[4]) deflt = true;
        if (m[3] !== undefined) {
          for (const part of m[3].split(',')) {
            const n = part.trim().split(/\s+as\s+/)[0];
            if (n && !n.startsWith('type ')) names.add(n);
          }
        } else if (!m[2] && !m[4]) whole = true;
      }
      if (!whole && names.size === 0 && !deflt) whole = true; // a form not read above (`export … from`, a bare import)
      const path = whole ? name : `${name}?${deflt ? 'default,' : ''}${[...names].sort().join(',')}`;
      return { path, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => {
      const [name, list] = a.path.split('?');
      const id = JSON.stringify(`node:${name}`);
      if (list === undefined) return { contents: `module.exports = require(${id});`, loader: 'js' };
      const parts = list.split(',').filter(Boolean);
      const deflt = parts.includes('default');
      const names = parts.filter((n) => n !== 'default');
      if (!LAZY.has(name)) {
        const lines = [`const m = require(${id});`];
        if (deflt) lines.push('export default m;');
        if (names.length) lines.push(`export const { ${names.join(', ')} } = m;`);
        return { contents: lines.join('\n'), loader: 'js' };
      }
      const real = createRequire(import.meta.url)(`node:${name}`);
      const notFn = names.filter((k) => typeof real[k] !== 'function' || /^[A-Z]/.test(k));
      if (notFn.length) throw new Error(`${name} is loaded lazily (LAZY in scripts/bundle.mjs), so only its functions can be imported by name, not ${notFn.join(', ')}`);
      const lines = [`let m; const load = () => (m ??= require(${id}));`];
      for (const k of names) lines.push(`export function ${k}(...a) { return load().${k}(...a); }`);
      if (deflt) lines.push('export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });');
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * The `yaml` package as its ES module build (`browser/`, the same sources as its CommonJS
 * `dist/`, published in the same package): bundled as ES modules it is a few class
 * declarations at start, not forty CommonJS factories run one by one (a cold `check`: 5 ms).
 * The two differ only in how a warning is logged (console.warn vs process.emitWarning), and
 * kubegrade's parses log none (logLevel 'error'); the ES build also never reads LOG_TOKENS.
 *
 * And loaded at its first use: the package is an entry of its own, `yaml.js` (100 KiB), and
 * `import … from 'yaml'` in the sources gets a module of the package's exports that loads it
 * (synchronously, require of an ES module, as the engine below) when one is first called, built
 * or read, then rebinds every export to the package's own (ES module bindings are live, so the
 * importers call the package directly from then on). A submission that src/parse/fast.ts reads
 * all of and a shipped rubric (JSON) never need it: a HW6 Action run or `check` does not load it.
 */
const YAML_ENTRY = { in: 'kubegrade:yaml', out: 'yaml' };
const yamlLazy = {
  name: 'yaml-lazy',
  setup(b) {
    b.onResolve({ filter: /^kubegrade:yaml$/ }, () => ({ path: 'yaml-entry', namespace: 'kubegrade' }));
    b.onLoad({ filter: /^yaml-entry$/, namespace: 'kubegrade' }, () => ({ contents: "export * from './node_modules/yaml/browser/index.js';\n", resolveDir: root, loader: 'js' }));
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml-lazy', namespace: 'kubegrade' }));
    b.onLoad({ filter: /^yaml-lazy$/, namespace: 'kubegrade' }, () => {
      // The names (and which are functions) from the package as installed: a build with another version has its exports.
      const real = createRequire(import.meta.url)('yaml');
      const names = Object.keys(real).sort();
      const lines = [
        'let m;',
        `function load() { if (!m) { m = process.getBuiltinModule('node:module').createRequire(import.meta.url)('./${YAML_ENTRY.out}.js'); ({ ${names.join(', ')} } = m); } return m; }`,
        // Until then each export stands in for the package's: called, constructed (new Parser()), or read (CST.SCALAR, visit.BREAK).
        'const stub = (k, t) => new Proxy(t, { apply: (_, self, a) => Reflect.apply(load()[k], self, a), construct: (_, a) => Reflect.construct(load()[k], a), get: (_, p) => Reflect.get(load()[k], p), has: (_, p) => p in load()[k] });',
        ...names.map((k) => `export let ${k} = stub(${JSON.stringify(k)}, ${typeof real[k] === 'function' ? 'function () {}' : '{}'});`),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * The engine (src/engine: data rubrics' roles, environments and templates) only when a rubric is
 * a data rubric: src/engine/api.ts is an entry of its own, `engine.js`, and src/engine/load.ts,
 * the one way the layers above reach it, becomes a loader of that file at its first call. It is
 * loaded synchronously (require of an ES module, Node ≥ 22.12 without a flag or a warning since
 * 22.13), so the rubric loader and gradeStatic stay synchronous; its imports are the chunks
 * the entry shares with the rest, the same module instances. A HW6 run never reads it.
 */
const ENGINE_ENTRY = { in: 'kubegrade:engine', out: 'engine' };
const engineLazy = {
  name: 'engine-lazy',
  setup(b) {
    // The entry: the engine's API, and the grade pipeline it is always loaded from (grade.ts, loaded
    // already whenever the engine is). Without that import, the modules the pipeline shares with
    // the engine (k8s, parse, util) and the ones it does not (checks, roles) would be split into
    // chunks apart, and a HW6 cold start would load more files than before the engine.
    b.onResolve({ filter: /^kubegrade:engine$/ }, () => ({ path: 'engine', namespace: 'kubegrade' }));
    b.onLoad({ filter: /^engine$/, namespace: 'kubegrade' }, () => ({
      contents: "export * from './src/engine/api.ts';\nimport './src/grade.ts';\n",
      resolveDir: root,
      loader: 'ts',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]engine[\\/]load\.ts$/ }, () => ({
      contents: `import { createRequire } from 'node:module';
let api;
export function engineApi() { return (api ??= createRequire(import.meta.url)('./${ENGINE_ENTRY.out}.js')); }`,
      loader: 'js',
    }));
  },
};

/**
 * ajv, which compiles a `--schema` folder's schemas at run time (src/schema/custom.ts; the rubric's and
 * the templates' are precompiled into generated/, and compiled by ajv only in a run from source before
 * any build), as an entry of its own, `ajv.js`: bundled, so the installed package has no dependency
 * to download. The sources load it at their first use with `createRequire(import.meta.url)('ajv')`,
 * which Node resolves at run time, so esbuild leaves it alone: here each `require('ajv')` of a source
 * becomes `require('./ajv.js')`, the file next to the chunks. The command line only: the Action keeps
 * what it had.
 */
const AJV_ENTRY = { in: 'kubegrade:ajv', out: 'ajv' };
const AJV_REQUIRE = /\brequire\((['"])ajv\1\)/g;
const ajvLazy = {
  name: 'ajv-lazy',
  setup(b) {
    b.onResolve({ filter: /^kubegrade:ajv$/ }, () => ({ path: 'ajv-entry', namespace: 'kubegrade' }));
    b.onLoad({ filter: /^ajv-entry$/, namespace: 'kubegrade' }, () => ({ contents: "export { default } from 'ajv';\n", resolveDir: root, loader: 'js' }));
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      const contents = text.replace(AJV_REQUIRE, `require('./${AJV_ENTRY.out}.js')`);
      return contents === text ? undefined : { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.19',
  minify: true,
  // BUNDLE_READABLE=1: functions keep their names (a CPU profile of a batch that one can read).
  ...(process.env.BUNDLE_READABLE ? { minify: false, minifySyntax: true, keepNames: true } : {}),
  splitting: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  absWorkingDir: root,
  chunkNames: 'chunk-[hash]',
  banner,
  metafile: true,
  plugins: [builtins, yamlLazy, engineLazy],
};

/**
 * What the sources load lazily from generated/ next to the module (createRequire, as from src/):
 * the built-in kinds' schemas (JSON, copied) and the rubric's precompiled validator (bundled with
 * the bits of ajv's runtime it requires), into OUT/generated/.
 */
export const GENERATED = ['generated/k8s-schemas.json', 'generated/rubric-validator.cjs', 'generated/data-validators.cjs', 'generated/default-rubric.json'];
async function generated(out) {
  const schemas = 'src/schema/generated/k8s-schemas.json';
  const rubric = 'src/rubric/generated/rubric-validator.cjs';
  const shipped = 'src/rubric/generated/default-rubric.json';
  const templates = 'src/rubric/generated/data-validators.cjs';
  for (const src of [schemas, rubric, shipped, templates]) {
    if (!existsSync(join(root, src))) throw new Error(`${src} is missing: run npm run gen:schemas first`);
  }
  mkdirSync(join(out, 'generated'), { recursive: true });
  copyFileSync(join(root, schemas), join(out, 'generated', 'k8s-schemas.json'));
  copyFileSync(join(root, shipped), join(out, 'generated', 'default-rubric.json'));
  await build({
    ...common,
    banner: undefined,
    splitting: false,
    format: 'cjs',
    entryPoints: [{ in: rubric, out: 'rubric-validator' }, { in: templates, out: 'data-validators' }],
    outExtension: { '.js': '.cjs' },
    outdir: join(out, 'generated'),
  });
}

/**
 * The library's entries (package.json "exports": "." and "./live"), in the same build as the command
 * line so that they share its chunks (one copy of the code, of the live pass's clients, and one
 * instance of each module when a program imports both); the package ships no per-module build.
 * The command line reaches everything src/index.ts exports, so cli.js exports it too (an entry of
 * its own would move what the two share out of cli.js into one more chunk for a cold start to
 * read), and index.js is written after the build: those exports of cli.js, not `main`.
 */
const CLI_ENTRY = { in: 'kubegrade:cli', out: 'cli' };
const LIBRARY_ENTRIES = [{ in: 'src/live/index.ts', out: 'live' }];
const cliWithLibrary = {
  name: 'cli-with-library',
  setup(b) {
    b.onResolve({ filter: /^kubegrade:cli$/ }, () => ({ path: 'cli', namespace: 'kubegrade' }));
    b.onLoad({ filter: /^cli$/, namespace: 'kubegrade' }, () => ({
      contents: "export { main } from './src/cli/main.ts';\nexport * from './src/index.ts';\n",
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

export async function bundleCli(out = join(root, 'dist', 'bundle')) {
  rmSync(out, { recursive: true, force: true });
  const { metafile } = await build({
    ...common,
    plugins: [...common.plugins, cliWithLibrary, ajvLazy],
    entryPoints: [
      CLI_ENTRY,
      { in: 'src/batch/worker.ts', out: 'worker' },
      { in: 'src/batch/reader.ts', out: 'reader' },
      { in: 'src/batch/writer.ts', out: 'writer' },
      ...LIBRARY_ENTRIES,
      ENGINE_ENTRY,
      AJV_ENTRY,
      YAML_ENTRY,
    ],
    outdir: out,
  });
  for (const o of Object.keys(metafile.outputs)) {
    if (!o.endsWith(`/${AJV_ENTRY.out}.js`) && /\(\s*["']ajv["']\s*\)/.test(readFileSync(join(root, o), 'utf8'))) throw new Error(`${o} still requires the ajv package at run time`);
  }
  const cli = Object.entries(metafile.outputs).find(([o]) => o.endsWith('/cli.js'))[1];
  const names = cli.exports.filter((n) => n !== 'main').sort();
  writeFileSync(join(out, 'index.js'), `export { ${names.join(', ')} } from './cli.js';\n`);
  declarations(out);
  await generated(out);
  return out;
}

/**
 * The library's types (package.json "exports": types), into OUT/types/: the declarations tsc wrote
 * (tsconfig.build.json, `npm run build` runs it first) for the two entries and what they import,
 * transitively, in the same layout; not the other 150 the package would never read.
 */
export const DECLARATIONS = ['index.d.ts', 'live/index.d.ts'];
function declarations(out) {
  const from = join(root, 'dist');
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const file = join(from, rel);
    if (!existsSync(file)) throw new Error(`dist/${rel} is missing: run tsc -p tsconfig.build.json first (npm run build does)`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.\.?\/[^'"]+)\.js['"]/g)) visit(join(dirname(rel), `${m[1]}.d.ts`));
    mkdirSync(dirname(join(out, 'types', rel)), { recursive: true });
    writeFileSync(join(out, 'types', rel), text);
  };
  for (const d of DECLARATIONS) visit(d);
}

/** `compress: false` leaves the big files plain (the freshness test compares contents). */
export async function bundleAction(out = join(root, 'action', 'dist'), { compress = true } = {}) {
  rmSync(out, { recursive: true, force: true });
  const { metafile } = await build({
    ...common,
    entryPoints: [{ in: 'src/action/main.ts', out: 'index' }, ENGINE_ENTRY, YAML_ENTRY],
    outdir: out,
  });
  await generated(out);
  // What index.js loads at start (its static imports, transitively); the rest is lazy.
  const eager = new Set();
  const visit = (o) => {
    if (eager.has(o)) return;
    eager.add(o);
    for (const i of metafile.outputs[o]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(Object.keys(metafile.outputs).find((o) => o.endsWith('/index.js')));
  const lazy = new Set(GENERATED);
  for (const o of Object.keys(metafile.outputs)) if (!eager.has(o)) lazy.add(relative(out, join(root, o)));
  // Files too big to commit: brotli, served back by src/action/lazy-chunks.ts.
  for (const f of walk(out)) {
    const bytes = readFileSync(f);
    if (bytes.length <= LIMIT) continue;
    if (!lazy.has(relative(out, f))) throw new Error(`${relative(out, f)} is ${bytes.length} bytes and loaded at start: only a lazily loaded file may be compressed`);
    if (!compress) continue;
    if (relative(out, f) === 'index.js') throw new Error(`action/dist/index.js is ${bytes.length} bytes: the entry itself must stay under ${LIMIT}`);
    writeFileSync(`${f}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    rmSync(f);
  }
  return out;
}

export function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  const i = process.argv.indexOf('--out');
  const outArg = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  if (what === 'cli' || what === 'all') {
    const o = await bundleCli(what === 'cli' ? outArg : undefined);
    console.log(`bundle: cli → ${relative(root, o) || o} (${summary(o)})`);
  }
  if (what === 'action' || what === 'all') {
    const o = await bundleAction(what === 'action' ? outArg : undefined);
    console.log(`bundle: action → ${relative(root, o) || o} (${summary(o)})`);
  }
}

function summary(dir) {
  const files = walk(dir);
  const kib = files.reduce((s, f) => s + statSync(f).size, 0) / 1024;
  const big = Math.max(...files.map((f) => statSync(f).size)) / 1024;
  return `${files.length} files, ${kib.toFixed(0)} KiB, largest ${big.toFixed(0)} KiB`;
}
