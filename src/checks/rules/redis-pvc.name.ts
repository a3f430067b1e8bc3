import { nameContains } from '../templates/metadata.js';

export default nameContains({
  id: 'redis-pvc.name',
  role: 'redis-pvc',
  title: 'The Redis PVC\'s name contains the username and env',
  description: 'metadata.name must contain both the username ({{username}}) and the env ({{env}}), so that objects of different students and environments never collide in a shared namespace. A plain, case-sensitive substring test.',
  hint: 'name it {{username}}-{{env}}-redis-pvc',
});
