import storageClass from '../../engine/templates/storage-class.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-pvc.storage-class',
  role: 'redis-pvc',
  template: storageClass,
  with: { want: '{{storageClassName}}' },
  title: 'The PVC uses the course\'s storage class',
  description: 'spec.storageClassName must be {{storageClassName}}, the class the course\'s cluster provisions volumes from. A PVC naming a class that does not exist stays Pending forever, and Redis never starts.',
  hint: 'set storageClassName: {{storageClassName}}',
});
