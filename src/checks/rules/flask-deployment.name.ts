import { nameContains } from '../templates/metadata.js';

export default nameContains({
  id: 'flask-deployment.name',
  role: 'flask-deployment',
  title: 'The Flask Deployment\'s name contains the username and env',
  description: 'metadata.name must contain both the username ({{username}}) and the env ({{env}}), so that objects of different students and environments never collide in a shared namespace. A plain, case-sensitive substring test.',
  hint: 'name it {{username}}-{{env}}-flask-deployment',
});
