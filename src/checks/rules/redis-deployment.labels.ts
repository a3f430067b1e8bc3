import { labels } from '../templates/metadata.js';

export default labels({
  id: 'redis-deployment.labels',
  role: 'redis-deployment',
  scope: 'object',
  title: 'The Redis Deployment carries username and env labels',
  description: 'metadata.labels must have username: {{username}} and env: {{env}}, so that everything a student deploys can be found with one label selector (kubectl get all -l username={{username}}).',
  hint: 'add under metadata.labels: username: {{username}} and env: {{env}}',
});
