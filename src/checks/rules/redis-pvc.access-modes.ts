import { accessModes } from '../templates/pvc.js';

export default accessModes({
  id: 'redis-pvc.access-modes',
  role: 'redis-pvc',
  title: 'The PVC asks for ReadWriteOnce',
  description: 'spec.accessModes must be exactly {{accessModes}}. Case matters: Kubernetes rejects readWriteOnce.',
  hint: 'set accessModes: {{accessModes}}',
});
