import containerPort from '../../engine/templates/container-port.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-deployment.port',
  role: 'flask-deployment',
  template: containerPort,
  with: { port: '{{flaskPort}}' },
  title: 'The Flask container declares port {{flaskPort}}',
  description: 'A container of the Flask Deployment must declare containerPort: {{flaskPort}}, the port Flask listens on.',
  hint: 'add ports: [{containerPort: {{flaskPort}}}] to the Flask container',
});
