import selectsPods from '../../engine/templates/selects-pods.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-service.selects-redis',
  role: 'redis-service',
  template: selectsPods,
  with: { target: 'redis-deployment', label: 'Redis Deployment', file: '{{username}}-{{env}}-redis-deployment{{fileExtensions.0}}', kind: 'Deployment', filesCheck: 'files.redis-deployment' },
  title: 'The Redis Service selects the Redis pods',
  description: 'spec.selector must be non-empty and each of its pairs must be among the Redis Deployment\'s pod template labels; otherwise the Service has no endpoints and every connection to it fails.',
  hint: 'use the Redis Deployment\'s pod labels (app: {{username}}-{{env}}-redis) in spec.selector',
});
