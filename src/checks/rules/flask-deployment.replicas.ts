import replicas from '../../engine/templates/replicas.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-deployment.replicas',
  role: 'flask-deployment',
  template: replicas,
  with: { equals: '{{flaskReplicas}}' },
  title: 'Flask runs {{flaskReplicas}} replicas',
  description: 'spec.replicas must be {{flaskReplicas}} (absent means 1): the API is stateless and runs several copies behind its Service.',
  hint: 'set replicas: {{flaskReplicas}}',
});
