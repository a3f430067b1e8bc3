import labels from '../../engine/templates/labels.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-deployment.pod-labels',
  role: 'redis-deployment',
  template: labels,
  with: { labels: { username: '{{username}}', env: '{{env}}' }, scope: 'pod-template', service: 'redis-service' },
  needsUsername: true,
  title: 'The Redis Deployment\'s pods carry username and env labels',
  description: 'spec.template.metadata.labels must have username: {{username}} and env: {{env}}: these are the labels the pods themselves carry, which is what Services and kubectl -l select on.',
  hint: 'add under spec.template.metadata.labels: username: {{username}} and env: {{env}}',
});
