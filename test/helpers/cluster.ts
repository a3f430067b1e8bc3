/** The local test cluster as the e2e suites reach it (test/cluster/up.sh): its kubeconfig and its own kubectl. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The e2e suites run only with KUBEGRADE_E2E=1 (.ci/run sets it after cluster:up). */
export const E2E = process.env.KUBEGRADE_E2E === '1';
export const ROOT = new URL('../../', import.meta.url).pathname;
export const KUBECONFIG = process.env.KUBECONFIG || '/var/lib/kubegrade-cluster/kubeconfig';
/** $KUBECTL, else the newest kubectl the cluster scripts built under /var/cache/kubegrade, else the PATH's. */
export const KUBECTL =
  process.env.KUBECTL ||
  (() => {
    const cache = '/var/cache/kubegrade';
    const dirs = existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith('kubernetes-')) : [];
    for (const d of dirs.sort().reverse()) if (existsSync(join(cache, d, 'bin', 'kubectl'))) return join(cache, d, 'bin', 'kubectl');
    return 'kubectl';
  })();

/** The cluster's kubectl, waited for (4 min at most). */
export function kubectl(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(KUBECTL, args, { input, encoding: 'utf8', env: { ...process.env, KUBECONFIG }, timeout: 240_000 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * bin/kubegrade.js with `args` against the cluster (its KUBECONFIG, and `o.env` over the process's);
 * `o.onLine` sees each stderr line as it comes, with a way to signal the process.
 */
export function kubegrade(args: string[], o: { env?: Record<string, string>; onLine?: (line: string, kill: (sig: NodeJS.Signals) => void) => void } = {}): Promise<CliRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/kubegrade.js'), ...args], { env: { ...process.env, KUBECONFIG, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => {
      stderr += d;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) o.onLine?.(l, (sig) => p.kill(sig));
    });
    p.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}
