import serviceType from '../../engine/templates/service-type.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-service.type',
  role: 'redis-service',
  template: serviceType,
  with: { want: 'ClusterIP' },
  title: 'The Redis Service is a ClusterIP Service',
  description: 'spec.type must be ClusterIP (absent means ClusterIP): the service is for traffic inside the cluster only.',
  hint: 'set type: ClusterIP, or leave type out',
});
