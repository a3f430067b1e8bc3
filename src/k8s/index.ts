/**
 * The k8s layer: each Kubernetes rule kubegrade relies on, written once —
 * objects and pod templates per kind (objects.ts), ports (ports.ts), labels
 * and selectors (labels.ts), image references (images.ts), quantities
 * (quantity.ts), the course's naming scheme (names.ts). Schema, roles,
 * checks, fix and live read Kubernetes through these. Below it: util and
 * parse only.
 */
export * from './objects.js';
export * from './ports.js';
export * from './labels.js';
export * from './images.js';
export * from './quantity.js';
export * from './names.js';
export * from './refs.js';
