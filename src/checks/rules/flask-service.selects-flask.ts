import selectsPods from '../../engine/templates/selects-pods.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-service.selects-flask',
  role: 'flask-service',
  template: selectsPods,
  with: { target: 'flask-deployment', label: 'Flask Deployment', file: '{{username}}-{{env}}-flask-deployment{{fileExtensions.0}}', kind: 'Deployment', filesCheck: 'files.flask-deployment' },
  title: 'The Flask Service selects the Flask pods',
  description: 'spec.selector must be non-empty and each of its pairs must be among the Flask Deployment\'s pod template labels; otherwise the Service has no endpoints and every connection to it fails.',
  hint: 'use the Flask Deployment\'s pod labels (app: {{username}}-{{env}}-flask) in spec.selector',
});
