import servicePort from '../../engine/templates/service-port.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-service.ports',
  role: 'redis-service',
  template: servicePort,
  with: { port: '{{redisPort}}', target: 'redis-deployment', label: 'Redis Deployment' },
  title: 'The Redis Service forwards port {{redisPort}} to the Redis container',
  description: 'A port must have port: {{redisPort}}, and its targetPort (absent means the same as port) must resolve, by number or through the container port\'s name, to {{redisPort}}, where Redis listens.',
  hint: 'set port: {{redisPort}} and targetPort: {{redisPort}}',
});
