/**
 * `kubegrade live` without a folder: the student's objects are read from the
 * namespace — PVCs, Deployments and Services carrying the `username` (and
 * `env`) labels, or every one of that kind when none carries them — and
 * handed to the static pass as if they were files (`Deployment/<name>`), so
 * that roles are resolved by content exactly as for a submission folder.
 */
import { stringify } from 'yaml';
import type { Discovered } from '../discover/index.js';
import { type Json, type KubeApi, R, type Resource } from './kube.js';
import { MANAGED_BY } from './probe.js';

export async function discoverInCluster(kube: KubeApi, ns: string, username: string | undefined, env: string | undefined): Promise<Discovered & { selector: string }> {
  const selector = username ? `username=${username}${env ? `,env=${env}` : ''}` : 'username';
  const kinds: [Resource, string][] = [
    [R.pvcs, 'v1'],
    [R.deployments, 'apps/v1'],
    [R.services, 'v1'],
  ];
  const files: Discovered['files'] = [];
  for (const [r, apiVersion] of kinds) {
    let items = (await kube.list(r, ns, { labelSelector: selector })).items;
    if (items.length === 0) items = (await kube.list(r, ns, {})).items.filter((o) => o.metadata?.labels?.[MANAGED_BY] !== 'kubegrade' && !(r === R.services && o.metadata?.name === 'kubernetes'));
    for (const o of items) {
      const clean: Json = { apiVersion, kind: r.kind, metadata: { name: o.metadata?.name, ...(o.metadata?.labels ? { labels: o.metadata.labels } : {}) }, spec: o.spec };
      files.push({ path: `${r.kind}/${o.metadata?.name}`, text: stringify(clean, { version: '1.1' }) });
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, names: files.map((f) => f.path), findings: [], skipped: [], selector };
}
