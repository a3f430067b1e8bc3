/** kubegrade's own version, from its package.json (not the current folder's). */
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function kubegradeVersion(): string {
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
