import replicas from '../../engine/templates/replicas.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-deployment.replicas',
  role: 'redis-deployment',
  template: replicas,
  with: { equals: '{{redisReplicas}}' },
  title: 'Redis runs {{redisReplicas}} replica',
  description: 'spec.replicas must be {{redisReplicas}} (absent means 1): Redis here is a single instance with its data on one ReadWriteOnce volume.',
  hint: 'set replicas: {{redisReplicas}}',
});
