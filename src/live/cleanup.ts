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

export interface CleanupResult {
  removed: string[];
  failed: string[];
}

export async function cleanupLeftovers(kube: KubeApi, o: { namespace?: string; deployed?: boolean; timeoutMs: number; signal: AbortSignal }): Promise<CleanupResult> {
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
            await withTimeout(`delete ${what}`, o.timeoutMs, o.signal, async (s) => {
              await kube.delete(R.namespaces, undefined, name, { propagationPolicy: 'Background' });
              await waitUntil(kube, [{ r: R.namespaces, ns: undefined, sel: { fieldSelector: `metadata.name=${name}` } }], ([m]) => (m!.has(name) ? undefined : true), s);
            });
            out.removed.push(what);
          } catch (e) {
            out.failed.push(`${what}: ${(e as Error).message}`);
          }
        }),
    );
  }
  return out;
}
