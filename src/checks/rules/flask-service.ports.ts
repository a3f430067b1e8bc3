import { servicePorts } from '../templates/service.js';

export default servicePorts({
  id: 'flask-service.ports',
  role: 'flask-service',
  target: 'flask-deployment',
  param: 'flaskPort',
  title: 'The Flask Service forwards port {{flaskPort}} to the Flask container',
  description: 'A port must have port: {{flaskPort}}, and its targetPort (absent means the same as port) must resolve, by number or through the container port\'s name, to {{flaskPort}}, where Flask listens.',
  hint: 'set port: {{flaskPort}} and targetPort: {{flaskPort}}',
});
