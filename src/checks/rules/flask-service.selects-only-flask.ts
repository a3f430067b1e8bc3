import serviceExclusive from '../../engine/templates/service-exclusive.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-service.selects-only-flask',
  role: 'flask-service',
  template: serviceExclusive,
  with: { target: 'flask-deployment', label: 'Flask Deployment' },
  title: 'The Flask Service selects only the Flask pods',
  description: 'The selector must match no pod template in the submission other than the Flask Deployment\'s. A selector of only username and env also matches the Redis pods, and the Service then sends a share of its connections to the wrong program.',
  hint: 'add a label only the Flask pods carry (app: {{username}}-{{env}}-flask) to spec.selector',
});
