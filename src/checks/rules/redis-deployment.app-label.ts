import { appLabel } from '../templates/metadata.js';

export default appLabel({
  id: 'redis-deployment.app-label',
  role: 'redis-deployment',
  title: 'The Redis pods carry app: <username>-<env>-redis',
  description: 'The Redis pod template must carry the label app: {{username}}-{{env}}-redis, the label the Redis Service selects so that it sends traffic to the Redis pods and only to them.',
  hint: 'add app: {{username}}-{{env}}-redis under spec.template.metadata.labels',
});
