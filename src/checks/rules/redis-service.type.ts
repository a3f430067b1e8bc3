import { serviceType } from '../templates/service.js';

export default serviceType({
  id: 'redis-service.type',
  role: 'redis-service',
  want: 'ClusterIP',
  title: 'The Redis Service is a ClusterIP Service',
  description: 'spec.type must be ClusterIP (absent means ClusterIP): the service is for traffic inside the cluster only.',
  hint: 'set type: ClusterIP, or leave type out',
});
