import nameContains from '../../engine/templates/name-contains.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-pvc.name',
  role: 'redis-pvc',
  template: nameContains,
  with: { words: { username: '{{username}}', env: '{{env}}' }, suggestion: '{{username}}-{{env}}-redis-pvc' },
  needsUsername: true,
  title: 'The Redis PVC\'s name contains the username and env',
  description: 'metadata.name must contain both the username ({{username}}) and the env ({{env}}), so that objects of different students and environments never collide in a shared namespace. A plain, case-sensitive substring test.',
  hint: 'name it {{username}}-{{env}}-redis-pvc',
});
