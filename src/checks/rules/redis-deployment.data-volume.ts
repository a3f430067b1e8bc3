import { dataVolume } from '../templates/workload.js';

export default dataVolume({
  id: 'redis-deployment.data-volume',
  role: 'redis-deployment',
  pvcRole: 'redis-pvc',
  mountPath: '/data',
  title: 'Redis keeps /data on the PVC',
  description: 'A container must mount /data (where Redis writes its dump) from a volume whose persistentVolumeClaim.claimName is the PVC\'s name, so that the data survives the pod being deleted or rescheduled. emptyDir does not.',
  hint: 'mount /data from a volume with persistentVolumeClaim.claimName set to the PVC\'s name',
});
