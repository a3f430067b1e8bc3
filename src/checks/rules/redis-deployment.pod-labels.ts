import { labels } from '../templates/metadata.js';

export default labels({
  id: 'redis-deployment.pod-labels',
  role: 'redis-deployment',
  scope: 'pod-template',
  title: 'The Redis Deployment\'s pods carry username and env labels',
  description: 'spec.template.metadata.labels must have username: {{username}} and env: {{env}}: these are the labels the pods themselves carry, which is what Services and kubectl -l select on.',
  hint: 'add under spec.template.metadata.labels: username: {{username}} and env: {{env}}',
});
