import servicePort from '../../engine/templates/service-port.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-service.ports',
  role: 'flask-service',
  template: servicePort,
  with: { port: '{{flaskPort}}', target: 'flask-deployment', label: 'Flask Deployment' },
  title: 'The Flask Service forwards port {{flaskPort}} to the Flask container',
  description: 'A port must have port: {{flaskPort}}, and its targetPort (absent means the same as port) must resolve, by number or through the container port\'s name, to {{flaskPort}}, where Flask listens.',
  hint: 'set port: {{flaskPort}} and targetPort: {{flaskPort}}',
});
