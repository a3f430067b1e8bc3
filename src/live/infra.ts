/**
 * Whose failure is it: the cluster's or the student's. A failure of the
 * infrastructure — an image pull rate limit or a registry error, an image
 * kubegrade chose (the cluster map's, the stand-in's) that cannot be pulled,
 * a volume that cannot attach (FailedAttachVolume, Multi-Attach), a
 * provisioner that timed out, node pressure, an eviction — is waited out
 * (the kubelet and the controllers retry) up to the step's limit and, if it
 * persists, the check is `error` with the cluster's words and the student
 * is not graded (never a lost point; `batch` grades them once more). The
 * student's own failures — their image does not exist, their container
 * crash-loops, their selector selects nothing — stay `fail`.
 *
 * The cluster's words are matched, as kubectl shows them; anything not
 * recognised stays the student's (as before this classification).
 */
import type { Json } from './errors.js';
import { parseImage } from '../k8s/index.js';

/** Registry answers that say nothing about the image itself: limits, outages, the network. */
const REGISTRY_TROUBLE = /toomanyrequests|too many requests|rate limit|\b429\b|\b5\d\d\b (internal server error|bad gateway|service unavailable|gateway time-?out)|unexpected status( code)?:? 5\d\d|i\/o timeout|connection refused|connection reset|no such host|TLS handshake timeout|context deadline exceeded|net\/http: request canceled|server misbehaving|temporary failure in name resolution|unexpected EOF/i;

/** Is the image one kubegrade put there (a mapped image, the stand-in's, the probe's)? */
export function isKubegradeImage(image: string | undefined, ours: ReadonlySet<string>): boolean {
  if (!image) return false;
  const r = parseImage(image);
  for (const o of ours) {
    const x = parseImage(o);
    if (x.repository === r.repository && x.tag === r.tag) return true;
  }
  return false;
}

/** An image pull failure is the infrastructure's: a registry limit or error, or an image kubegrade chose. */
export function pullIsInfra(image: string | undefined, why: string, ours: ReadonlySet<string>): boolean {
  return isKubegradeImage(image, ours) || REGISTRY_TROUBLE.test(why);
}

/** Scheduling that fails for the nodes' state, not the pod's spec (LimitRange caps what a student may ask). */
export function schedulingIsInfra(message: string): boolean {
  return /memory-pressure|disk-pressure|pid-pressure|node\.kubernetes\.io\/(not-ready|unreachable|unschedulable|network-unavailable)|Insufficient (cpu|memory|ephemeral-storage)|Too many pods|node\(s\) were unschedulable/i.test(message);
}

/** A pod's events that say its volume could not attach (another node holds a ReadWriteOnce volume). */
export function attachTrouble(events: string): string | undefined {
  const m = /(FailedAttachVolume|Multi-Attach)[^;]*/i.exec(events);
  return m ? m[0] : undefined;
}

/** A claim's events that say the provisioner ran out of time or is not there. */
export function provisioningIsInfra(events: string): boolean {
  return /ProvisioningFailed[^;]*(context deadline exceeded|DeadlineExceeded|timed out|Unavailable|connection refused|i\/o timeout)|ExternalProvisioning[^;]*waiting for a volume to be created/i.test(events);
}

export function isEvicted(pod: Json): boolean {
  return pod?.status?.reason === 'Evicted' || (pod?.status?.phase === 'Failed' && /evict/i.test(String(pod?.status?.message ?? '')));
}

/**
 * A Redis Deployment that will deadlock on a ReadWriteOnce claim when its
 * replacement pod lands on another node: RollingUpdate (the default) starts
 * the new pod before the old one lets go of the volume.
 */
export function recreateHint(deployment: Json | undefined, pvc: Json | undefined): string | undefined {
  const strategy = deployment?.spec?.strategy?.type ?? 'RollingUpdate';
  const modes: string[] = pvc?.spec?.accessModes ?? [];
  if (strategy !== 'RollingUpdate' || !(modes.includes('ReadWriteOnce') || modes.includes('ReadWriteOncePod'))) return undefined;
  return `the Redis Deployment uses ${deployment?.spec?.strategy?.type ? 'strategy RollingUpdate' : 'the default strategy (RollingUpdate)'} with a ${modes.join('/')} claim: its replacement pod cannot attach the volume while the old pod holds it on another node; set spec.strategy.type: Recreate`;
}

/** The mark an outcome carries when the infrastructure, not the student, made it fail. */
export const INFRA_PREFIX = 'the cluster, not the submission: ';
