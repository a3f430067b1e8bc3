import labels from '../../engine/templates/labels.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-deployment.labels',
  role: 'flask-deployment',
  template: labels,
  with: { labels: { username: '{{username}}', env: '{{env}}' }, scope: 'object' },
  needsUsername: true,
  title: 'The Flask Deployment carries username and env labels',
  description: 'metadata.labels must have username: {{username}} and env: {{env}}, so that everything a student deploys can be found with one label selector (kubectl get all -l username={{username}}).',
  hint: 'add under metadata.labels: username: {{username}} and env: {{env}}',
});
