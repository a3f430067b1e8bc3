import accessModes from '../../engine/templates/access-modes.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-pvc.access-modes',
  role: 'redis-pvc',
  template: accessModes,
  with: { want: '{{accessModes}}' },
  title: 'The PVC asks for ReadWriteOnce',
  description: 'spec.accessModes must be exactly {{accessModes}}. Case matters: Kubernetes rejects readWriteOnce.',
  hint: 'set accessModes: {{accessModes}}',
});
