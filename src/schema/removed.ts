/**
 * API versions Kubernetes no longer serves, each with the release that removed it and what to write
 * instead. From the Kubernetes "Deprecated API Migration Guide"
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, "Removed APIs by release":
 * v1.16, v1.22, v1.25, v1.26, v1.27, v1.29). `use` undefined: the kind is gone, with no replacement API.
 */
export interface RemovedApi {
  /** The release that stopped serving it. */
  removedIn: string;
  /** The apiVersion to write instead. */
  use?: string;
  /** What replaces a kind that is gone altogether. */
  instead?: string;
}

const R = (removedIn: string, use?: string, instead?: string): RemovedApi => (instead ? { removedIn, instead } : { removedIn, use });

/** `apiVersion kind` → what happened to it. */
export const REMOVED_APIS: Readonly<Record<string, RemovedApi>> = {
  // v1.16
  'extensions/v1beta1 NetworkPolicy': R('1.16', 'networking.k8s.io/v1'),
  'extensions/v1beta1 PodSecurityPolicy': R('1.16', undefined, 'Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce); PodSecurityPolicy itself was removed in 1.25'),
  'extensions/v1beta1 DaemonSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 DaemonSet': R('1.16', 'apps/v1'),
  'extensions/v1beta1 Deployment': R('1.16', 'apps/v1'),
  'apps/v1beta1 Deployment': R('1.16', 'apps/v1'),
  'apps/v1beta2 Deployment': R('1.16', 'apps/v1'),
  'apps/v1beta1 StatefulSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 StatefulSet': R('1.16', 'apps/v1'),
  'extensions/v1beta1 ReplicaSet': R('1.16', 'apps/v1'),
  'apps/v1beta1 ReplicaSet': R('1.16', 'apps/v1'),
  'apps/v1beta2 ReplicaSet': R('1.16', 'apps/v1'),
  'apps/v1beta1 ControllerRevision': R('1.16', 'apps/v1'),
  'apps/v1beta2 ControllerRevision': R('1.16', 'apps/v1'),
  // v1.22
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration': R('1.22', 'admissionregistration.k8s.io/v1'),
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration': R('1.22', 'admissionregistration.k8s.io/v1'),
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition': R('1.22', 'apiextensions.k8s.io/v1'),
  'apiregistration.k8s.io/v1beta1 APIService': R('1.22', 'apiregistration.k8s.io/v1'),
  'authentication.k8s.io/v1beta1 TokenReview': R('1.22', 'authentication.k8s.io/v1'),
  'authorization.k8s.io/v1beta1 SubjectAccessReview': R('1.22', 'authorization.k8s.io/v1'),
  'authorization.k8s.io/v1beta1 LocalSubjectAccessReview': R('1.22', 'authorization.k8s.io/v1'),
  'authorization.k8s.io/v1beta1 SelfSubjectAccessReview': R('1.22', 'authorization.k8s.io/v1'),
  'certificates.k8s.io/v1beta1 CertificateSigningRequest': R('1.22', 'certificates.k8s.io/v1'),
  'coordination.k8s.io/v1beta1 Lease': R('1.22', 'coordination.k8s.io/v1'),
  'extensions/v1beta1 Ingress': R('1.22', 'networking.k8s.io/v1'),
  'networking.k8s.io/v1beta1 Ingress': R('1.22', 'networking.k8s.io/v1'),
  'networking.k8s.io/v1beta1 IngressClass': R('1.22', 'networking.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 ClusterRole': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 Role': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'rbac.authorization.k8s.io/v1beta1 RoleBinding': R('1.22', 'rbac.authorization.k8s.io/v1'),
  'scheduling.k8s.io/v1beta1 PriorityClass': R('1.22', 'scheduling.k8s.io/v1'),
  'storage.k8s.io/v1beta1 CSIDriver': R('1.22', 'storage.k8s.io/v1'),
  'storage.k8s.io/v1beta1 CSINode': R('1.22', 'storage.k8s.io/v1'),
  'storage.k8s.io/v1beta1 StorageClass': R('1.22', 'storage.k8s.io/v1'),
  'storage.k8s.io/v1beta1 VolumeAttachment': R('1.22', 'storage.k8s.io/v1'),
  // v1.25
  'batch/v1beta1 CronJob': R('1.25', 'batch/v1'),
  'discovery.k8s.io/v1beta1 EndpointSlice': R('1.25', 'discovery.k8s.io/v1'),
  'events.k8s.io/v1beta1 Event': R('1.25', 'events.k8s.io/v1'),
  'autoscaling/v2beta1 HorizontalPodAutoscaler': R('1.25', 'autoscaling/v2'),
  'policy/v1beta1 PodDisruptionBudget': R('1.25', 'policy/v1'),
  'policy/v1beta1 PodSecurityPolicy': R('1.25', undefined, 'Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce)'),
  'node.k8s.io/v1beta1 RuntimeClass': R('1.25', 'node.k8s.io/v1'),
  // v1.26
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema': R('1.26', 'flowcontrol.apiserver.k8s.io/v1'),
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration': R('1.26', 'flowcontrol.apiserver.k8s.io/v1'),
  'autoscaling/v2beta2 HorizontalPodAutoscaler': R('1.26', 'autoscaling/v2'),
  // v1.27
  'storage.k8s.io/v1beta1 CSIStorageCapacity': R('1.27', 'storage.k8s.io/v1'),
  // v1.29
  'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema': R('1.29', 'flowcontrol.apiserver.k8s.io/v1'),
  'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration': R('1.29', 'flowcontrol.apiserver.k8s.io/v1'),
};

/** Kinds that no longer exist at any version (so "not a Kubernetes kind" would mislead). */
export const REMOVED_KINDS: Readonly<Record<string, RemovedApi>> = {
  PodSecurityPolicy: REMOVED_APIS['policy/v1beta1 PodSecurityPolicy']!,
};
