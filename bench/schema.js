#!/usr/bin/env node
// The schema stage alone (`npm run bench:schema`; needs `npm run build`): what the first object of a
// kind costs (reading generated/k8s-schemas.json once, linking that kind's definitions), then the
// time per object for valid and broken objects of several kinds, and the size of the schema data.
// Each figure is the median of BENCH_RUNS fresh processes (default 7), so "first" is really first.
//
// Environment: BENCH_RUNS (default 7), BENCH_ITER (objects per measurement, default 20000).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ITER = Number(process.env.BENCH_ITER ?? 20000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One process: import, first object per kind, then steady-state µs per object.
const child = `
const { parse } = await import('yaml');
const t0 = performance.now();
const { validateObject } = await import(${JSON.stringify(new URL('../dist/schema/index.js', import.meta.url).href)});
const tImport = performance.now() - t0;
const y = (s) => parse(s, { version: '1.1' });
const DEPLOYMENT = \`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80, name: http}]
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
          readinessProbe: {httpGet: {path: /, port: http}}
          volumeMounts: [{name: data, mountPath: /data}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: web}}]
\`;
const objs = {
  'Deployment (valid)': y(DEPLOYMENT),
  'Service (valid)': y('apiVersion: v1\\nkind: Service\\nmetadata: {name: web}\\nspec:\\n  selector: {app: web}\\n  ports: [{port: 80, targetPort: http}]\\n'),
  'NetworkPolicy (valid)': y('apiVersion: networking.k8s.io/v1\\nkind: NetworkPolicy\\nmetadata: {name: web}\\nspec:\\n  podSelector: {matchLabels: {app: web}}\\n  policyTypes: [Ingress]\\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 80}]}]\\n'),
  // The same Deployment with a misspelt field, a quoted number and an enum in the wrong case.
  'Deployment (3 problems)': y(DEPLOYMENT.replace('labels: {app: web}}\\nspec', 'lables: {app: web}}\\nspec').replace('replicas: 2', 'replicas: "2"').replace('image: nginx:1.27', 'image: nginx:1.27\\n          imagePullPolicy: always')),
};
const first = {};
for (const [name, o] of Object.entries(objs)) {
  const t = performance.now();
  validateObject(o);
  first[name] = performance.now() - t;
}
const per = {};
for (const [name, o] of Object.entries(objs)) {
  for (let i = 0; i < 2000; i++) validateObject(o);
  const t = performance.now();
  for (let i = 0; i < ${ITER}; i++) validateObject(o);
  per[name] = ((performance.now() - t) / ${ITER}) * 1000;
}
process.stdout.write(JSON.stringify({ tImport, first, per }));
`;

const runs = [];
for (let i = 0; i < RUNS; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  runs.push(JSON.parse(r.stdout));
}
const size = statSync(new URL('../dist/schema/generated/k8s-schemas.json', import.meta.url)).size;
console.log(`schema data: ${(size / 1024).toFixed(0)} KiB (dist/schema/generated/k8s-schemas.json, every kind of Kubernetes v1.30.14)`);
console.log(`import dist/schema/index.js: ${median(runs.map((r) => r.tImport)).toFixed(1)} ms`);
for (const name of Object.keys(runs[0].first)) {
  console.log(
    `${name.padEnd(26)} first object ${median(runs.map((r) => r.first[name])).toFixed(2).padStart(6)} ms, then ${median(runs.map((r) => r.per[name])).toFixed(1).padStart(5)} µs per object`,
  );
}
console.log(`(medians of ${RUNS} processes; ${ITER} objects per steady-state figure; first = the first object of that kind in a fresh process, the data file read on the very first)`);
