import { servicePorts } from '../templates/service.js';

export default servicePorts({
  id: 'redis-service.ports',
  role: 'redis-service',
  target: 'redis-deployment',
  param: 'redisPort',
  title: 'The Redis Service forwards port {{redisPort}} to the Redis container',
  description: 'A port must have port: {{redisPort}}, and its targetPort (absent means the same as port) must resolve, by number or through the container port\'s name, to {{redisPort}}, where Redis listens.',
  hint: 'set port: {{redisPort}} and targetPort: {{redisPort}}',
});
