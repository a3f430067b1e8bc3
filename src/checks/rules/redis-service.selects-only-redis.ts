import serviceExclusive from '../../engine/templates/service-exclusive.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-service.selects-only-redis',
  role: 'redis-service',
  template: serviceExclusive,
  with: { target: 'redis-deployment', label: 'Redis Deployment' },
  title: 'The Redis Service selects only the Redis pods',
  description: 'The selector must match no pod template in the submission other than the Redis Deployment\'s. A selector of only username and env also matches the Flask pods, and the Service then sends a share of its connections to the wrong program.',
  hint: 'add a label only the Redis pods carry (app: {{username}}-{{env}}-redis) to spec.selector',
});
