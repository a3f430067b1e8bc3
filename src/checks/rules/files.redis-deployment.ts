import { fileNamed } from '../templates/metadata.js';

export default fileNamed({
  id: 'files.redis-deployment',
  role: 'redis-deployment',
  title: 'The Redis Deployment is in {{username}}-{{env}}-redis-deployment.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Redis Deployment belongs in {{username}}-{{env}}-redis-deployment.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-redis-deployment.yml',
});
