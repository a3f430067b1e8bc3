/** Every container's image has a digest or a tag other than `latest` (no tag means latest). */
import { containers, parseImage } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'image-tag',
  kinds: [],
  description: 'Every container\'s image carries a digest or a tag other than `latest` (any case); no tag means `latest`.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'every image is pinned to a tag or digest',
    latest: 'the image {{image}} is tagged latest: pin a version',
    untagged: 'the image {{image}} has no tag, which means latest: pin a version',
    noImage: 'a container has no image',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const out: TFinding[] = [];
    for (const c of containers(obj)) {
      const img = c.value.image;
      const node = { obj, path: [...c.path, 'image'] };
      if (typeof img !== 'string' || img.trim() === '') {
        out.push({ messageId: 'noImage', node });
        continue;
      }
      const r = parseImage(img);
      if (r.digest) continue;
      const explicit = img.trim().lastIndexOf(':') > img.trim().lastIndexOf('/');
      if (!explicit) out.push({ messageId: 'untagged', data: { image: show(img) }, node });
      else if ((r.tag ?? '').toLowerCase() === 'latest') out.push({ messageId: 'latest', data: { image: show(img) }, node });
    }
    return out;
  },
};
export default template;
