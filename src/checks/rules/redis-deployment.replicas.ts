import { replicas } from '../templates/workload.js';

export default replicas({
  id: 'redis-deployment.replicas',
  role: 'redis-deployment',
  param: 'redisReplicas',
  title: 'Redis runs {{redisReplicas}} replica',
  description: 'spec.replicas must be {{redisReplicas}} (absent means 1): Redis here is a single instance with its data on one ReadWriteOnce volume.',
  hint: 'set replicas: {{redisReplicas}}',
});
