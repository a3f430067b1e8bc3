import { fileNamed } from '../templates/metadata.js';

export default fileNamed({
  id: 'files.redis-pvc',
  role: 'redis-pvc',
  title: 'The Redis PVC is in {{username}}-{{env}}-redis-pvc.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Redis PVC belongs in {{username}}-{{env}}-redis-pvc.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-redis-pvc.yml',
});
