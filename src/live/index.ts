/**
 * The live pass as a library (`import … from 'kubegrade/live'`), apart from
 * the main entry so that a static `import 'kubegrade'` never loads the
 * cluster client. One process can grade many namespaces at once:
 *
 *   const kube = connectKube({ context: 'course' });
 *   const reports = await Promise.all(namespaces.map((namespace) =>
 *     grade(dirOf(namespace), { live: liveRunner({ kube, namespace, timeouts: DEFAULT_TIMEOUTS, progress: SILENT }) })));
 */
import { ClientKube, loadKubeConfig } from './kube.js';

export { liveRunner, type LiveOptions } from './runner.js';
export { DEFAULT_TIMEOUTS, SILENT, type Progress, type Timeouts } from './steps.js';
export { ClientKube, loadKubeConfig, type KubeApi } from './kube.js';
export { KubeError } from './errors.js';

/** A connection with the usual kubeconfig rules (--kubeconfig, $KUBECONFIG, ~/.kube/config, in-cluster). */
export function connectKube(o: { kubeconfig?: string; context?: string; namespace?: string } = {}): ClientKube {
  const { kc } = loadKubeConfig({ kubeconfig: o.kubeconfig, context: o.context });
  return new ClientKube(kc, { namespace: o.namespace });
}
