/**
 * `kubegrade cleanup`: removes what earlier runs left behind — probe pods
 * (label app.kubernetes.io/managed-by=kubegrade) in the namespace, and with
 * `deployed`, the namespaces --deploy made (same label; cluster-wide list).
 * Redis keys are not labelled; each one kubegrade writes expires after an
 * hour (SET … EX 3600) in case its run could not delete it.
 */
import { isKubeError, type KubeApi, R } from './kube.js';
import { deleteAndWait, MANAGED_BY, RUN_ID } from './probe.js';
import { withTimeout } from './steps.js';
import { waitUntil } from './watch.js';
import { deleteNamespace } from './runner.js';
import type { Json } from './errors.js';

export interface CleanupResult {
  removed: string[];
  failed: string[];
}

export async function cleanupLeftovers(kube: KubeApi, o: { namespace?: string; deployed?: boolean; gradingNamespace?: string; timeoutMs: number; signal: AbortSignal }): Promise<CleanupResult> {
  const ns = o.namespace ?? kube.namespace;
  const out: CleanupResult = { removed: [], failed: [] };
  const selector = `${MANAGED_BY}=kubegrade`;
  const pods = await kube.list(R.pods, ns, { labelSelector: selector });
  await Promise.all(
    pods.items.map(async (p) => {
      const what = `pod ${ns}/${p.metadata.name}${p.metadata.labels?.[RUN_ID] ? ` (run ${p.metadata.labels[RUN_ID]})` : ''}`;
      try {
        await withTimeout(`delete ${what}`, o.timeoutMs, o.signal, (s) => deleteAndWait(kube, ns, p.metadata.name, p.metadata.uid, s));
        out.removed.push(what);
      } catch (e) {
        out.failed.push(`${what}: ${(e as Error).message}`);
      }
    }),
  );
  if (o.deployed) await sweepJobs(kube, o.gradingNamespace ?? 'kubegrade', selector, o, out);
  if (o.deployed) {
    let list;
    try {
      list = await kube.list(R.namespaces, undefined, { labelSelector: selector });
    } catch (e) {
      if (isKubeError(e, 'forbidden')) {
        out.failed.push(`namespaces made by --deploy: ${e.message}`);
        return out;
      }
      throw e;
    }
    await Promise.all(
      list.items.map(async (n) => {
          const name = n.metadata.name as string;
          const what = `namespace ${name}`;
          try {
            await deleteNamespace(kube, name, o.signal, o.timeoutMs);
            out.removed.push(what);
          } catch (e) {
            const stuck = await whyStuck(kube, name).catch(() => '');
            out.failed.push(`${what}: ${(e as Error).message}${stuck ? `; ${stuck}` : ''}`);
          }
        }),
    );
  }
  return out;
}

/**
 * Why a namespace is still Terminating, in the cluster's words: its own finalizers, and the
 * conditions the namespace controller sets (NamespaceFinalizersRemaining names the finalizers of
 * the objects left in it, NamespaceDeletionContentFailure an API that would not list). Not waited
 * on: an instructor removes a stuck finalizer by hand (kubectl patch … -p '{"metadata":{"finalizers":null}}').
 */
export async function whyStuck(kube: KubeApi, name: string): Promise<string> {
  const n: Json | undefined = await kube.get(R.namespaces, undefined, name);
  if (!n) return '';
  const parts: string[] = [];
  const own: string[] = n.spec?.finalizers ?? [];
  if (own.length) parts.push(`its finalizers: ${own.join(', ')}`);
  for (const c of n.status?.conditions ?? []) if (c.status === 'True' && c.message) parts.push(`${c.type}: ${c.message}`);
  return parts.length ? `still ${n.status?.phase ?? 'Terminating'}: ${parts.join('; ')}` : '';
}

/**
 * `batch --in-cluster`'s Jobs and ConfigMaps in the grading namespace (a Job's pods go with it, each
 * given its grace period to delete its student's namespace). Listing them needs
 * deploy/kubegrade-jobs-role.yaml: without it there is nothing of --in-cluster to sweep, and nothing is said.
 */
async function sweepJobs(kube: KubeApi, ns: string, labelSelector: string, o: { timeoutMs: number; signal: AbortSignal }, out: CleanupResult): Promise<void> {
  for (const r of [R.jobs, R.configmaps]) {
    let items: Json[];
    try {
      items = (await kube.list(r, ns, { labelSelector })).items;
    } catch (e) {
      if (isKubeError(e, 'forbidden') || isKubeError(e, 'not-found')) continue;
      throw e;
    }
    await Promise.all(
      items.map(async (x) => {
        const what = `${r.kind.toLowerCase()} ${ns}/${x.metadata.name}${x.metadata.labels?.[RUN_ID] ? ` (run ${x.metadata.labels[RUN_ID]})` : ''}`;
        try {
          await withTimeout(`delete ${what}`, o.timeoutMs, o.signal, async (s) => {
            // A ConfigMap is gone when deleted; a Job when its pods are (Foreground).
            if (!(await kube.delete(r, ns, x.metadata.name, { uid: x.metadata.uid, propagationPolicy: 'Foreground' })) || r === R.configmaps) return;
            await waitUntil(kube, [{ r, ns, sel: { fieldSelector: `metadata.name=${x.metadata.name}` } }], ([m]) => (m!.size === 0 ? true : undefined), s);
          });
          out.removed.push(what);
        } catch (e) {
          out.failed.push(`${what}: ${(e as Error).message}`);
        }
      }),
    );
  }
}
