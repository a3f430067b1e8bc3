/** A final project's eight objects for one environment, as the course writes them (sp24), for the engine's tests and fixtures. */
export function finalStack(env: string, o: { port?: number; redisImage?: string; workers?: number } = {}): Record<string, string> {
  const p = o.port ?? 5000;
  const at = `kubernetes/${env}/app-${env}`;
  const labels = (x: string) => `{app: proj-${env}-${x}}`;
  const deployment = (x: string, image: string, extra = '', replicas = 1) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: proj-${env}-${x}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: ${labels(x)}\n  template:\n    metadata:\n      labels: ${labels(x)}\n    spec:\n      containers:\n        - name: ${x}\n          image: ${image}\n${extra}`;
  const redisEnv = `          env:\n            - name: REDIS_HOST\n              value: proj-${env}-redis-service\n`;
  return {
    [`${at}-pvc-redis.yml`]: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: proj-${env}-redis-pvc\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: cinder-csi\n  resources:\n    requests:\n      storage: 1Gi\n`,
    [`${at}-deployment-redis.yml`]: deployment('redis', o.redisImage ?? 'redis:7', `          ports: [{containerPort: 6379}]\n          volumeMounts:\n            - name: data\n              mountPath: /data\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: proj-${env}-redis-pvc\n`),
    [`${at}-service-redis.yml`]: `apiVersion: v1\nkind: Service\nmetadata:\n  name: proj-${env}-redis-service\nspec:\n  type: ClusterIP\n  selector: ${labels('redis')}\n  ports:\n    - port: 6379\n      targetPort: 6379\n`,
    [`${at}-deployment-flask.yml`]: deployment('flask', 'me/proj-api:1.0', `          ports: [{containerPort: ${p}}]\n${redisEnv}`),
    [`${at}-service-flask.yml`]: `apiVersion: v1\nkind: Service\nmetadata:\n  name: proj-${env}-flask-service\nspec:\n  type: ClusterIP\n  selector: ${labels('flask')}\n  ports:\n    - port: ${p}\n      targetPort: ${p}\n`,
    [`${at}-service-nodeport-flask.yml`]: `apiVersion: v1\nkind: Service\nmetadata:\n  name: proj-${env}-flask-nodeport\nspec:\n  type: NodePort\n  selector: ${labels('flask')}\n  ports:\n    - port: ${p}\n      targetPort: ${p}\n`,
    [`${at}-ingress-flask.yml`]: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: proj-${env}-ingress\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: proj-${env}.coe332.tacc.cloud\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: proj-${env}-flask-nodeport\n                port:\n                  number: ${p}\n`,
    [`${at}-deployment-worker.yml`]: deployment('worker', 'me/proj-api:1.0', `          command: [python3, worker.py]\n${redisEnv}`, o.workers ?? 3),
  };
}

/** The sp21 worker homework's two Deployments. */
export function hw7Files(u = 'jdoe'): Record<string, string> {
  const dep = (x: string, extra: string, replicas: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${u}-hw7-${x}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: ${u}-hw7-${x}}\n  template:\n    metadata:\n      labels: {app: ${u}-hw7-${x}}\n    spec:\n      containers:\n        - name: ${x}\n          image: ${u}/jobs-api:1.0\n${extra}`;
  return {
    [`homework07/${u}-hw7-flask-deployment.yml`]: dep('flask', '          ports: [{containerPort: 5000}]\n', 1),
    [`homework07/${u}-hw7-worker-deployment.yml`]: dep('worker', '          command: [python3, worker.py]\n          env:\n            - name: WORKER_IP\n              valueFrom:\n                fieldRef:\n                  fieldPath: status.podIP\n', 2),
  };
}
