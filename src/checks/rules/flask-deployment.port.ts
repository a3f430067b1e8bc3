import { containerPort } from '../templates/workload.js';

export default containerPort({
  id: 'flask-deployment.port',
  role: 'flask-deployment',
  param: 'flaskPort',
  title: 'The Flask container declares port {{flaskPort}}',
  description: 'A container of the Flask Deployment must declare containerPort: {{flaskPort}}, the port Flask listens on.',
  hint: 'add ports: [{containerPort: {{flaskPort}}}] to the Flask container',
});
