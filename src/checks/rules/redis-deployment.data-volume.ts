import pvcMount from '../../engine/templates/pvc-mount.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-deployment.data-volume',
  role: 'redis-deployment',
  template: pvcMount,
  with: {
    mountPath: '/data',
    pvc: 'redis-pvc',
    image: 'redis',
    rename: { words: { username: '{{username}}', env: '{{env}}' }, suggestion: '{{username}}-{{env}}-redis-pvc' },
    pvcFile: '{{username}}-{{env}}-redis-pvc{{fileExtensions.0}}',
    pvcKind: 'PersistentVolumeClaim',
    pvcLabel: 'Redis PersistentVolumeClaim',
    filesCheck: 'files.redis-pvc',
  },
  title: 'Redis keeps /data on the PVC',
  description: 'A container must mount /data (where Redis writes its dump) from a volume whose persistentVolumeClaim.claimName is the PVC\'s name, so that the data survives the pod being deleted or rescheduled. emptyDir does not.',
  hint: 'mount /data from a volume with persistentVolumeClaim.claimName set to the PVC\'s name',
});
