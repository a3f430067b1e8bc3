import { replicas } from '../templates/workload.js';

export default replicas({
  id: 'flask-deployment.replicas',
  role: 'flask-deployment',
  param: 'flaskReplicas',
  title: 'Flask runs {{flaskReplicas}} replicas',
  description: 'spec.replicas must be {{flaskReplicas}} (absent means 1): the API is stateless and runs several copies behind its Service.',
  hint: 'set replicas: {{flaskReplicas}}',
});
