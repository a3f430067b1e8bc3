import ownFile from '../../engine/templates/own-file.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'files.redis-deployment',
  role: 'redis-deployment',
  template: ownFile,
  with: { stem: '{{username}}-{{env}}-redis-deployment', extensions: '{{fileExtensions}}', label: 'Redis Deployment', kind: 'Deployment', app: 'redis' },
  needsUsername: true,
  title: 'The Redis Deployment is in {{username}}-{{env}}-redis-deployment.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Redis Deployment belongs in {{username}}-{{env}}-redis-deployment.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-redis-deployment.yml',
});
