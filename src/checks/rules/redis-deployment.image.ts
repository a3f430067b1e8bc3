import imageEquals from '../../engine/templates/image-equals.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'redis-deployment.image',
  role: 'redis-deployment',
  template: imageEquals,
  with: { image: '{{redisImage}}' },
  title: 'Redis runs {{redisImage}}',
  description: 'The Redis container must run {{redisImage}}. Image names compare after Docker\'s normalisation: redis:5.0.0 and docker.io/library/redis:5.0.0 are the same image; redis with no tag means redis:latest, which changes under you.',
  hint: 'set image: {{redisImage}}',
});
