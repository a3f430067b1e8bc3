import { serviceSelectsOnly } from '../templates/service.js';

export default serviceSelectsOnly({
  id: 'redis-service.selects-only-redis',
  role: 'redis-service',
  target: 'redis-deployment',
  title: 'The Redis Service selects only the Redis pods',
  description: 'The selector must match no pod template in the submission other than the Redis Deployment\'s. A selector of only username and env also matches the Flask pods, and the Service then sends a share of its connections to the wrong program.',
  hint: 'add a label only the Redis pods carry (app: {{username}}-{{env}}-redis) to spec.selector',
});
