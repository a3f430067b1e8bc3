/** Moved to src/k8s/ (one home per Kubernetes rule). A re-export for imports not yet moved; new code imports ../k8s/index.js. */
export * from '../k8s/index.js';
