import storageRequest from '../../engine/templates/storage-request.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-pvc.storage-request',
  role: 'redis-pvc',
  template: storageRequest,
  with: { want: '{{storage}}' },
  title: 'The PVC requests the rubric\'s size',
  description: 'spec.resources.requests.storage must equal {{storage}} as a Kubernetes quantity: 1024Mi is the same as 1Gi, but 1G is 10^9 bytes (not 2^30) and 1GB is not a quantity at all.',
  hint: 'set storage: {{storage}}',
});
