import ownFile from '../../engine/templates/own-file.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'files.redis-service',
  role: 'redis-service',
  template: ownFile,
  with: { stem: '{{username}}-{{env}}-redis-service', extensions: '{{fileExtensions}}', label: 'Redis Service', kind: 'Service', app: 'redis' },
  needsUsername: true,
  title: 'The Redis Service is in {{username}}-{{env}}-redis-service.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Redis Service belongs in {{username}}-{{env}}-redis-service.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-redis-service.yml',
});
