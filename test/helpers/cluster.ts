/** The local test cluster as the e2e suites reach it (test/cluster/up.sh): its kubeconfig and its own kubectl. */
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
