/**
 * Objects of many kinds, each with exactly the issues kubegrade reports for it: test/schema-kinds.test.ts
 * checks the issues, and test/e2e/kinds.e2e.test.ts sends each to a real API server (kubectl apply
 * --dry-run=server), which must reject exactly the ones with issues.
 */
import { builtinRoot, type Node } from '../../src/schema/validate.js';

/** A value that the schema node accepts: required fields only, first enum values, `x` strings. */
export function sample(n: Node, depth = 0): unknown {
  if (depth > 12) return undefined;
  if (n.format === 'byte') return 'eA==';
  if (n.format === 'date-time') return '2026-01-01T00:00:00.000000Z';
  switch (n.type) {
    case 'string':
      return n.enum ? n.enum[0] : 'x';
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return 1;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries((n.required ?? []).map((r) => [r, sample(n.properties![r]!, depth + 1)]));
  }
  return Array.isArray(n.type) ? '1' : 'x';
}

/** A smallest object of this kind that its schema accepts (with a spec when the kind has one). */
export function minimal(apiVersion: string, kind: string): Record<string, unknown> {
  const r = builtinRoot(apiVersion, kind)!;
  const o = { ...(sample(r) as Record<string, unknown>), apiVersion, kind, metadata: { name: 'kubegrade-e2e' } };
  if (r.properties?.spec) o.spec ??= sample(r.properties.spec);
  return o;
}

export interface KindCase {
  name: string;
  yaml: string;
  want: { path: (string | number)[]; message: string; hint?: string; onKey?: boolean }[];
}


/** Valid objects of kinds beyond the homework's: kubegrade must find nothing, the server must accept them. */
const VALID: [string, string][] = [
  ['ReplicationController', 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n'],
  ['HorizontalPodAutoscaler v2', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 5\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}\n'],
  ['HorizontalPodAutoscaler v1', 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 70\n'],
  ['NetworkPolicy', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: redis}\nspec:\n  podSelector: {matchLabels: {app: redis}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: flask}}}]\n      ports: [{protocol: TCP, port: 6379}]\n'],
  ['Role', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: pod-reader}\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n'],
  ['RoleBinding', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: read-pods}\nsubjects: [{kind: ServiceAccount, name: app, namespace: default}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}\n'],
  ['ServiceAccount', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nautomountServiceAccountToken: false\n'],
  ['PodDisruptionBudget', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 50%\n  selector: {matchLabels: {app: web}}\n'],
  ['ResourceQuota', 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: quota}\nspec:\n  hard: {requests.cpu: "2", requests.memory: 2Gi, pods: "10"}\n'],
  ['LimitRange', 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: limits}\nspec:\n  limits:\n    - type: Container\n      default: {cpu: 500m, memory: 256Mi}\n      defaultRequest: {cpu: 100m, memory: 64Mi}\n'],
  ['StorageClass', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: kubegrade-e2e-fast}\nprovisioner: example.com/fast\nreclaimPolicy: Delete\nvolumeBindingMode: WaitForFirstConsumer\nallowVolumeExpansion: true\n'],
  ['PriorityClass', 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: kubegrade-e2e-high}\nvalue: 1000000\nglobalDefault: false\ndescription: for the e2e table\n'],
  ['IngressClass', 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: kubegrade-e2e-nginx}\nspec: {controller: example.com/ingress-nginx}\n'],
  ['Lease', 'apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: lock}\nspec: {holderIdentity: me, leaseDurationSeconds: 15}\n'],
  ['EndpointSlice', 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-1, labels: {kubernetes.io/service-name: web}}\naddressType: IPv4\nports: [{name: http, protocol: TCP, port: 80}]\nendpoints: [{addresses: [10.1.2.3], conditions: {ready: true}}]\n'],
  ['PodTemplate', 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: tpl}\ntemplate:\n  metadata: {labels: {app: web}}\n  spec:\n    containers: [{name: web, image: nginx}]\n'],
  ['Endpoints', 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: external}\nsubsets:\n  - addresses: [{ip: 10.1.2.3}]\n    ports: [{port: 5432}]\n'],
  ['ClusterRole with an RBAC name', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "kubegrade-e2e:Reader"}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n'],
  ['FlowSchema v1beta3 (served by 1.30, deprecated)', 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: kubegrade-e2e}\nspec:\n  priorityLevelConfiguration: {name: global-default}\n  matchingPrecedence: 9000\n  rules:\n    - subjects: [{kind: Group, group: {name: system:authenticated}}]\n      resourceRules: [{verbs: [get], apiGroups: [""], resources: [pods], namespaces: ["*"]}]\n'],
  ['Event (events.k8s.io/v1)', 'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: ev1}\neventTime: "2026-01-01T00:00:00.000000Z"\nreportingController: example.com/ctl\nreportingInstance: ctl-1\naction: Check\nreason: Checked\ntype: Normal\nregarding: {kind: Pod, name: web, namespace: default}\n'],
  ['CronJob', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox, command: [date]}]\n'],
];

export const KIND_CASES: KindCase[] = [
  ...VALID.map(([name, yaml]) => ({ name: `a valid ${name}`, yaml, want: [] })),
  {
    name: 'ReplicationController: replicas: asd" and templates: (issue 10)',
    yaml: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: web}\nspec:\n  replicas: asd"\n  selector: {app: web}\n  templates:\n    metadata: {labels: {app: web}}\n',
    want: [
      { path: ['spec', 'templates'], onKey: true, message: 'unknown field "templates" in spec', hint: 'did you mean "template"?' },
      { path: ['spec', 'replicas'], message: 'spec.replicas must be an integer, not the string "asd\\""' },
    ],
  },
  {
    name: 'HorizontalPodAutoscaler: minReplica (issue 10)',
    yaml: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplica: 1\n  maxReplicas: 3\n',
    want: [{ path: ['spec', 'minReplica'], onKey: true, message: 'unknown field "minReplica" in spec', hint: 'did you mean "minReplicas"?' }],
  },
  {
    name: 'NetworkPolicy: podSelecter (issue 10)',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelecter: {}\n  policyTypes: [Ingress]\n',
    want: [{ path: ['spec', 'podSelecter'], onKey: true, message: 'unknown field "podSelecter" in spec', hint: 'did you mean "podSelector"?' }],
  },
  {
    name: 'Role: verb: (issue 10) is the one problem, not also "missing verbs"',
    yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verb: [get]\n',
    want: [{ path: ['rules', 0, 'verb'], onKey: true, message: 'unknown field "verb" in rules[0]', hint: 'did you mean "verbs"?' }],
  },
  {
    name: 'int32 out of range (HPA maxReplicas)',
    yaml: 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 3000000000\n',
    want: [{ path: ['spec', 'maxReplicas'], message: 'spec.maxReplicas 3000000000 is out of range (at most 2147483647)' }],
  },
  {
    name: 'int64 is a whole number (Job activeDeadlineSeconds)',
    yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  activeDeadlineSeconds: 1.5\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n',
    want: [{ path: ['spec', 'activeDeadlineSeconds'], message: 'spec.activeDeadlineSeconds must be an integer, not the number 1.5', hint: 'write a whole number, e.g. activeDeadlineSeconds: 2' }],
  },
  {
    name: 'int-or-string (PodDisruptionBudget minAvailable: true)',
    yaml: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: true\n  selector: {matchLabels: {app: web}}\n',
    want: [{ path: ['spec', 'minAvailable'], message: 'spec.minAvailable must be a number or a percentage such as 25%, not the boolean true' }],
  },
  {
    name: 'a quantity (ResourceQuota hard.memory: 1GB)',
    yaml: 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {memory: 1GB}\n',
    want: [{ path: ['spec', 'hard', 'memory'], message: 'spec.hard.memory "1GB" is not a valid Kubernetes quantity', hint: 'write 1Gi (Gi is a power of 2: 1Gi = 1024Mi; quantities have no B)' }],
  },
  {
    name: 'an enum (NetworkPolicy policyTypes: [ingress])',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [ingress]\n',
    want: [{ path: ['spec', 'policyTypes', 0], message: 'spec.policyTypes[0] "ingress" is not one of Egress, Ingress', hint: 'write Ingress (capital I)' }],
  },
  {
    name: 'a boolean in quotes (ServiceAccount automountServiceAccountToken)',
    yaml: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nautomountServiceAccountToken: "false"\n',
    want: [{ path: ['automountServiceAccountToken'], message: 'automountServiceAccountToken must be true or false, not the string "false"', hint: 'remove the quotes: automountServiceAccountToken: false' }],
  },
  {
    name: 'a missing required field (RoleBinding roleRef)',
    yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: read}\nsubjects: [{kind: ServiceAccount, name: app}]\n',
    want: [{ path: [], message: 'missing required field "roleRef"', hint: 'add roleRef: at the top level' }],
  },
  {
    name: 'a list where a map is expected (ConfigMap data)',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  - a: b\n',
    want: [{ path: ['data'], message: 'data must be a map (indented key: value lines), not a list', hint: 'remove the "- ": data is a map, not a list' }],
  },
  {
    name: 'a NetworkPolicy with spec: {} is valid (the server defaults podSelector)',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all}\nspec: {}\n',
    want: [],
  },
  {
    name: 'an RBAC name may have capitals and colons',
    yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "system:Reader"}\nrules: []\n',
    want: [],
  },
  {
    name: 'removed: batch/v1beta1 CronJob, then checked as batch/v1',
    yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox, comand: [date]}]\n',
    want: [
      { path: ['apiVersion'], message: 'apiVersion batch/v1beta1 of CronJob was removed in Kubernetes 1.25; CronJob is served at apiVersion batch/v1', hint: 'write apiVersion: batch/v1' },
      {
        path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'comand'],
        onKey: true,
        message: 'unknown field "comand" in spec.jobTemplate.spec.template.spec.containers[0]',
        hint: 'did you mean "command"?',
      },
    ],
  },
  {
    name: 'removed with no replacement: policy/v1beta1 PodSecurityPolicy',
    yaml: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\nspec: {}\n',
    want: [
      {
        path: ['apiVersion'],
        message: 'PodSecurityPolicy (policy/v1beta1) was removed in Kubernetes 1.25, with no replacement API',
        hint: 'use Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce)',
      },
    ],
  },
  {
    name: 'a misspelt built-in group is not a custom resource',
    yaml: 'apiVersion: networking.k8.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n',
    want: [{ path: ['apiVersion'], message: 'Ingress is served at apiVersion networking.k8s.io/v1, not networking.k8.io/v1', hint: 'write apiVersion: networking.k8s.io/v1' }],
  },
  {
    name: 'removed: networking.k8s.io/v1beta1 Ingress',
    yaml: 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n',
    want: [{ path: ['apiVersion'], message: 'apiVersion networking.k8s.io/v1beta1 of Ingress was removed in Kubernetes 1.22; Ingress is served at apiVersion networking.k8s.io/v1', hint: 'write apiVersion: networking.k8s.io/v1' }],
  },
  {
    name: 'removed: autoscaling/v2beta2 HorizontalPodAutoscaler',
    yaml: 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n',
    want: [{ path: ['apiVersion'], message: 'apiVersion autoscaling/v2beta2 of HorizontalPodAutoscaler was removed in Kubernetes 1.26; HorizontalPodAutoscaler is served at apiVersion autoscaling/v2', hint: 'write apiVersion: autoscaling/v2' }],
  },
  {
    name: 'a PriorityClass value that is not an int32',
    yaml: 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: kubegrade-e2e-huge}\nvalue: 1e10\n',
    want: [{ path: ['value'], message: 'value 10000000000 is out of range (at most 2147483647)' }],
  },
  {
    name: 'bytes that are not base64 (CertificateSigningRequest spec.request)',
    yaml: 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: kubegrade-e2e}\nspec:\n  request: "-----BEGIN CERTIFICATE REQUEST-----"\n  signerName: kubernetes.io/kube-apiserver-client\n  usages: [client auth]\n',
    want: [{ path: ['spec', 'request'], message: 'spec.request is not base64: this field holds base64-encoded bytes', hint: 'encode it with base64 (base64 -w0 FILE)' }],
  },
  {
    name: "a Secret's data that is not base64",
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata:\n  password: hunter2\n',
    want: [{ path: ['data', 'password'], message: "data.password is not base64: a Secret's data values must be base64-encoded", hint: 'put plain text under stringData: instead of data:, or encode it with base64' }],
  },
  {
    name: 'a time that is not RFC 3339 (Event eventTime)',
    yaml: 'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: ev2}\neventTime: yesterday\nreportingController: example.com/ctl\nreportingInstance: ctl-1\naction: Check\nreason: Checked\ntype: Normal\nregarding: {kind: Pod, name: web, namespace: default}\n',
    want: [{ path: ['eventTime'], message: 'eventTime "yesterday" is not a time', hint: 'write it as RFC 3339, e.g. 2026-01-31T23:59:00Z' }],
  },
  {
    name: 'a StorageClass reclaimPolicy in the wrong case',
    yaml: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: kubegrade-e2e-slow}\nprovisioner: example.com/slow\nreclaimPolicy: delete\n',
    want: [{ path: ['reclaimPolicy'], message: 'reclaimPolicy "delete" is not one of Delete, Recycle, Retain', hint: 'write Delete (capital D)' }],
  },
];
