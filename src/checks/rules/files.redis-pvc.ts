import ownFile from '../../engine/templates/own-file.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'files.redis-pvc',
  role: 'redis-pvc',
  template: ownFile,
  with: { stem: '{{username}}-{{env}}-redis-pvc', extensions: '{{fileExtensions}}', label: 'Redis PersistentVolumeClaim', kind: 'PersistentVolumeClaim', app: 'redis' },
  needsUsername: true,
  title: 'The Redis PVC is in {{username}}-{{env}}-redis-pvc.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Redis PVC belongs in {{username}}-{{env}}-redis-pvc.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-redis-pvc.yml',
});
