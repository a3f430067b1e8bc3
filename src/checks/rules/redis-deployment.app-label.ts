import labels from '../../engine/templates/labels.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-deployment.app-label',
  role: 'redis-deployment',
  template: labels,
  with: { labels: { app: '{{username}}-{{env}}-redis' }, scope: 'pod-template', service: 'redis-service', alsoIn: "in spec.selector.matchLabels and in the Redis Service's selector" },
  needsUsername: true,
  title: 'The Redis pods carry app: <username>-<env>-redis',
  description: 'The Redis pod template must carry the label app: {{username}}-{{env}}-redis, the label the Redis Service selects so that it sends traffic to the Redis pods and only to them.',
  hint: 'add app: {{username}}-{{env}}-redis under spec.template.metadata.labels',
});
