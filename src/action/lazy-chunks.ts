/**
 * The committed action keeps every file under 1 MB (scripts/bundle.mjs): a
 * lazily loaded chunk bigger than that (the live pass's cluster client, the
 * schema validators as they grow) is committed brotli-compressed as
 * `<file>.br`. These module hooks serve `<file>` from `<file>.br` when the
 * plain file is absent, for import() and require() alike, so the bundle's
 * own imports need no change. Installed before anything lazy is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

let installed = false;

const compressed = (url: string): string | undefined => {
  if (!url.startsWith('file:')) return undefined;
  const p = fileURLToPath(url);
  return !existsSync(p) && existsSync(`${p}.br`) ? `${p}.br` : undefined;
};
const formatOf = (url: string) => (url.endsWith('.cjs') ? 'commonjs' : url.endsWith('.json') ? 'json' : 'module');

export function serveCompressedChunks(): void {
  if (installed) return;
  installed = true;
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (err) {
        if (!/^(\.{1,2}\/|\/|file:)/.test(specifier) || !context.parentURL) throw err;
        const url = new URL(specifier, context.parentURL).href;
        if (!compressed(url)) throw err;
        return { url, format: formatOf(url), shortCircuit: true };
      }
    },
    load(url, context, next) {
      const br = compressed(url);
      if (!br) return next(url, context);
      return { format: formatOf(url), source: brotliDecompressSync(readFileSync(br)).toString('utf8'), shortCircuit: true };
    },
  });
}
