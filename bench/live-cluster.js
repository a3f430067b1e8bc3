// What the live benchmarks share: the options, the local cluster's kubeconfig and kubectl
// (test/cluster/ builds it under /var/cache/kubegrade), and kubectl run synchronously.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../', import.meta.url).pathname;
export const GOOD = join(ROOT, 'fixtures/good');
const args = process.argv.slice(2);
/** `--name VALUE` from the command line, else `dflt`. */
export const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
export const flag = (name) => args.includes(`--${name}`);
export const KUBECONFIG = process.env.KUBECONFIG || '/var/lib/kubegrade-cluster/kubeconfig';
export const KUBECTL =
  process.env.KUBECTL ||
  (() => {
    const c = '/var/cache/kubegrade';
    for (const d of (existsSync(c) ? readdirSync(c) : []).filter((d) => d.startsWith('kubernetes-')).sort().reverse()) if (existsSync(join(c, d, 'bin/kubectl'))) return join(c, d, 'bin/kubectl');
    return 'kubectl';
  })();

export function kubectl(...a) {
  const r = spawnSync(KUBECTL, a, { encoding: 'utf8', env: { ...process.env, KUBECONFIG } });
  if (r.status !== 0) throw new Error(`kubectl ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
