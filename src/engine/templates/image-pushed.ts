/** Every container's image names a repository under a namespace (`user/repo[:tag]`, any registry): one that can have been pushed, not an official library name nor a placeholder. */
import { BARE_IMAGE, NAMESPACED_IMAGE, containers } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { TFinding, Template } from '../types.js';


const template: Template = {
  key: 'image-pushed',
  kinds: [],
  description: 'Every container\'s image is `namespace/repository[:tag]` (a registry host may come first): an image the student pushed, not a bare name that resolves to an official library image, nor a placeholder.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'every image names a repository under a namespace',
    bare: 'the image {{image}} has no namespace: it would pull docker.io/library/{{image2}}, not your image',
    invalid: 'the image {{image}} is not an image reference (a placeholder?)',
    noImage: 'a container has no image',
    noContainer: 'the pod template has no containers',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const out: TFinding[] = [];
    const cs = containers(obj);
    if (cs.length === 0) return [{ messageId: 'noContainer', node: { obj, path: ['spec', 'template', 'spec'] } }];
    for (const c of cs) {
      const img = c.value.image;
      const node = { obj, path: [...c.path, 'image'] };
      if (typeof img !== 'string' || img.trim() === '') out.push({ messageId: 'noImage', node });
      else if (BARE_IMAGE.test(img.trim())) out.push({ messageId: 'bare', data: { image: show(img), image2: img.trim() }, node });
      else if (!NAMESPACED_IMAGE.test(img.trim()) || img.trim().startsWith('library/') || img.trim().startsWith('docker.io/library/')) out.push({ messageId: 'invalid', data: { image: show(img) }, node });
    }
    return out;
  },
};
export default template;
