/**
 * What each live check means (rubric spec, "Live checks"). The probes that
 * decide them are in src/live/; this table is what `kubegrade explain` and a
 * static-only run (where they are `skip`) need.
 */
import type { CheckMeta } from '../checks/types.js';

export const LIVE_CHECKS: readonly CheckMeta[] = [
  {
    id: 'live.pvc-bound',
    role: 'redis-pvc',
    title: 'The PVC is Bound',
    description: 'The student\'s PersistentVolumeClaim is Bound to a volume. A claim naming a storage class the cluster lacks stays Pending, and the Redis pod with it.',
    hint: 'kubectl describe pvc <name>: the events say why it is Pending (often a storageClassName the cluster does not have)',
  },
  {
    id: 'live.redis-ready',
    role: 'redis-deployment',
    title: 'Redis is running',
    description: 'The Redis Deployment has all its replicas available.',
    hint: 'kubectl describe pod -l app={{username}}-{{env}}-redis, and kubectl logs on it',
  },
  {
    id: 'live.redis-endpoints',
    role: 'redis-service',
    title: 'The Redis Service points at the Redis pods, and only them',
    description: 'The Redis Service\'s endpoints are exactly the Redis pods: no endpoints means the selector matches nothing; extra ones mean it also catches other pods (the Flask ones, typically).',
    hint: 'kubectl get endpoints <service>; compare spec.selector with kubectl get pods --show-labels',
  },
  {
    id: 'live.redis-write',
    role: 'redis-service',
    title: 'Redis answers through its Service',
    description: 'From a probe pod, a unique key is written to Redis through the Redis Service\'s ClusterIP and read back.',
    hint: 'check the Service\'s port and targetPort ({{redisPort}}) and that Redis listens on them',
  },
  {
    id: 'live.redis-persistence',
    role: 'redis-deployment',
    title: 'Redis keeps its data when its pod is replaced',
    description: 'After the Redis pod is deleted and its replacement is Ready, the key written before reads back through the same ClusterIP: /data is on the PVC, not on the pod.',
    hint: 'mount /data from a persistentVolumeClaim volume, not emptyDir',
  },
  {
    id: 'live.flask-ready',
    role: 'flask-deployment',
    title: 'Flask is running',
    description: 'The Flask Deployment has all its replicas available.',
    hint: 'kubectl describe pod for the Flask pods; kubectl logs for a crash',
  },
  {
    id: 'live.flask-endpoints',
    role: 'flask-service',
    title: 'The Flask Service points at the Flask pods, and only them',
    description: 'The Flask Service\'s endpoints are exactly the Flask pods.',
    hint: 'kubectl get endpoints <service>; compare spec.selector with kubectl get pods --show-labels',
  },
  {
    id: 'live.flask-http',
    role: 'flask-service',
    title: 'Flask answers over HTTP through its Service',
    description: 'From the probe pod, an HTTP GET through the Flask Service\'s ClusterIP on port {{flaskPort}} and path {{flaskPath}} answers 2xx.',
    hint: 'curl http://<flask-service-ip>:{{flaskPort}}{{flaskPath}} from a pod in the namespace',
  },
];
